#!/usr/bin/env node
// Draws the plugin's icon (.claude-plugin/icon.png, 512×512) with no image library: a dark tile,
// an orange square (Claude's plan) handing an arrow to a green terminal (the local model).
// Run it again only to change the design; the PNG is committed.
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const N = 512;
const px = Buffer.alloc(N * N * 4);
const set = (x, y, [r, g, b, a = 255]) => {
  const i = (y * N + x) * 4;
  px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a;
};
const rect = (x0, y0, x1, y1, c, radius = 0) => {
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const dx = Math.max(x0 + radius - x, 0, x - (x1 - 1 - radius));
      const dy = Math.max(y0 + radius - y, 0, y - (y1 - 1 - radius));
      if (dx * dx + dy * dy <= radius * radius) set(x, y, c);
    }
};
rect(0, 0, N, N, [24, 24, 27], 96); // background tile
rect(40, 152, 248, 360, [217, 119, 87], 40); // Claude's plan
rect(252, 246, 300, 266, [235, 235, 235]); // arrow shaft
for (let i = 0; i < 28; i++) rect(300 + i, 228 + i, 301 + i, 284 - i, [235, 235, 235]); // arrow head, pointing right
rect(332, 176, 476, 336, [34, 197, 94], 28); // the local model: a terminal
for (let t = 0; t < 20; t++) {
  rect(356 + t, 216 + t, 366 + t, 224 + t, [24, 24, 27]); // ">"
  rect(356 + t, 256 - t, 366 + t, 264 - t, [24, 24, 27]);
}
rect(396, 276, 444, 288, [24, 24, 27]); // "_"

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8; ihdr[9] = 6; // 8-bit RGBA
const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
writeFileSync(new URL("../.claude-plugin/icon.png", import.meta.url), png);
console.log(`icon.png: ${png.length} bytes`);
