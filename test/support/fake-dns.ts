// A DNS server on 127.0.0.1 for the lookup's tests: one that answers every A query with 127.0.0.1
// (and AAAA with no address), one that says no name exists (NXDOMAIN), or one that takes every
// query and answers none (a resolver on a network the laptop has left).
import { createSocket, type Socket } from "node:dgram";

export type DnsMode = "answer" | "nxdomain" | "silent";

export interface FakeDns {
  /** `127.0.0.1:port`, for a resolver's servers. */
  server: string;
  /** The names asked, in order. */
  asked: string[];
  close(): Promise<void>;
}

export async function startFakeDns(mode: DnsMode): Promise<FakeDns> {
  const socket: Socket = createSocket("udp4");
  const asked: string[] = [];
  socket.on("message", (query, from) => {
    const q = question(query);
    if (!q) return;
    asked.push(q.name);
    const kind = mode === "nxdomain" ? "nxdomain" : q.type === 1 ? "address" : "nodata";
    if (mode !== "silent") socket.send(reply(query, q.end, kind), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    server: `127.0.0.1:${socket.address().port}`,
    asked,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** The query's name, type and where its question ends. */
function question(query: Buffer): { name: string; type: number; end: number } | null {
  const labels: string[] = [];
  let at = 12;
  while (at < query.length && query[at]! > 0) {
    labels.push(query.subarray(at + 1, at + 1 + query[at]!).toString("ascii"));
    at += 1 + query[at]!;
  }
  if (at + 5 > query.length) return null;
  return { name: labels.join("."), type: query.readUInt16BE(at + 1), end: at + 5 };
}

/** An answer to `query`: 127.0.0.1, no address of that type (no data), or no such name (NXDOMAIN). */
function reply(query: Buffer, end: number, kind: "address" | "nodata" | "nxdomain"): Buffer {
  const withAddress = kind === "address";
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  header.writeUInt16BE(kind === "nxdomain" ? 0x8183 : 0x8180, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(withAddress ? 1 : 0, 6);
  // The name by pointer to the question, type A, class IN, TTL 60, 4 bytes of address.
  const answer = withAddress ? Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]) : Buffer.alloc(0);
  return Buffer.concat([header, query.subarray(12, end), answer]);
}
