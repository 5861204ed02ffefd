import { describe, expect, it } from "vitest";
import { SseParser, type SseEvent } from "../../src/model/sse.js";

/** Feeds the bytes in the given pieces (cut points), then ends the stream. */
function parse(bytes: Uint8Array, cuts: number[] = []): SseEvent[] {
  const events: SseEvent[] = [];
  const p = new SseParser((e) => events.push(e));
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    p.push(bytes.subarray(from, c));
    from = c;
  }
  p.end();
  return events;
}

const enc = (s: string) => new TextEncoder().encode(s);
const byteByByte = (b: Uint8Array) => Array.from({ length: b.length - 1 }, (_, i) => i + 1);

const STREAM =
  ': ping\n' +
  'data: {"choices":[{"delta":{"content":"héllo wörld ✓ 🚀 日本"}}]}\n\n' +
  'event: error\ndata: {"error":"boom"}\n\n' +
  'data: line one\ndata: line two\n\n' +
  'data: [DONE]\n\n';

const EXPECTED: SseEvent[] = [
  { event: "message", data: '{"choices":[{"delta":{"content":"héllo wörld ✓ 🚀 日本"}}]}' },
  { event: "error", data: '{"error":"boom"}' },
  { event: "message", data: "line one\nline two" },
  { event: "message", data: "[DONE]" },
];

describe("SseParser", () => {
  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("parses %s line endings whole", (_, eol) => {
    expect(parse(enc(STREAM.replace(/\n/g, eol)))).toEqual(EXPECTED);
  });

  it.each([
    ["LF", "\n"],
    ["CRLF", "\r\n"],
    ["CR", "\r"],
  ])("parses %s line endings fed byte by byte (inside UTF-8 characters, between CR and LF)", (_, eol) => {
    const bytes = enc(STREAM.replace(/\n/g, eol));
    expect(parse(bytes, byteByByte(bytes))).toEqual(EXPECTED);
  });

  it("gives the same events for every single cut point", () => {
    const bytes = enc(STREAM.replace(/\n/g, "\r\n"));
    for (let c = 1; c < bytes.length; c++) expect(parse(bytes, [c]), `cut at byte ${c}`).toEqual(EXPECTED);
  });

  it("is not confused by empty chunks, even right after a CR", () => {
    const bytes = enc("data: a\r\ndata: b\r\n\r\n");
    const events: SseEvent[] = [];
    const p = new SseParser((e) => events.push(e));
    for (const b of bytes) {
      p.push(new Uint8Array(0));
      p.push(Uint8Array.of(b));
      p.push(new Uint8Array(0));
    }
    p.end();
    expect(events).toEqual([{ event: "message", data: "a\nb" }]);
  });

  it("takes CRLF split across two chunks as one line ending, not a blank line", () => {
    const bytes = enc("data: a\r\ndata: b\r\n\r\n");
    const cut = "data: a\r".length;
    expect(parse(bytes, [cut])).toEqual([{ event: "message", data: "a\nb" }]);
  });

  it("mixes line endings in one stream", () => {
    expect(parse(enc("data: a\rdata: b\ndata: c\r\n\ndata: d\r\r"))).toEqual([
      { event: "message", data: "a\nb\nc" },
      { event: "message", data: "d" },
    ]);
  });

  it("skips comments, even between data lines, and unknown fields", () => {
    expect(parse(enc(": keep-alive\ndata: a\n: in between\nid: 7\nretry: 100\ndata: b\n\n"))).toEqual([{ event: "message", data: "a\nb" }]);
  });

  it("removes one space after the colon only, and allows no space", () => {
    expect(parse(enc("data:x\n\ndata:  two spaces\n\ndata\n\n"))).toEqual([
      { event: "message", data: "x" },
      { event: "message", data: " two spaces" },
      { event: "message", data: "" },
    ]);
  });

  it("keeps colons inside the data", () => {
    expect(parse(enc('data: {"a":"b: c"}\n\n'))).toEqual([{ event: "message", data: '{"a":"b: c"}' }]);
  });

  it("resets the event name after each event and sends nothing for an event without data", () => {
    expect(parse(enc("event: ping\n\nevent: error\ndata: x\n\ndata: y\n\n"))).toEqual([
      { event: "error", data: "x" },
      { event: "message", data: "y" },
    ]);
  });

  it("dispatches a last event that lacks its blank line at the end of the stream", () => {
    expect(parse(enc("data: a\n\ndata: tail"))).toEqual([
      { event: "message", data: "a" },
      { event: "message", data: "tail" },
    ]);
  });

  it("passes [DONE] through as data, and what follows it", () => {
    expect(parse(enc("data: [DONE]\n\ndata: late\n\n")).map((e) => e.data)).toEqual(["[DONE]", "late"]);
  });

  it("drops a UTF-8 byte order mark at the start", () => {
    expect(parse(Uint8Array.of(0xef, 0xbb, 0xbf, ...enc("data: a\n\n")), [1, 2])).toEqual([{ event: "message", data: "a" }]);
  });

  it("turns a truncated multibyte character at the end into a replacement character, not a throw", () => {
    const bytes = enc("data: é");
    expect(parse(bytes.subarray(0, bytes.length - 1))).toEqual([{ event: "message", data: "\uFFFD" }]);
  });
});
