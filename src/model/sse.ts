export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental Server-Sent Events parser. Chunk boundaries fall anywhere (inside a line, between
 * `\r` and `\n`, inside a UTF-8 character), so bytes are decoded in streaming mode and lines are
 * buffered. Handles `:` comments, multi-line `data:`, `event:` names and CR/LF/CRLF endings.
 */
export class SseParser {
  private decoder = new TextDecoder("utf-8");
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private pendingCR = false;

  constructor(private readonly onEvent: (e: SseEvent) => void) {}

  push(chunk: Uint8Array): void {
    this.feed(this.decoder.decode(chunk, { stream: true }));
  }

  end(): void {
    this.feed(this.decoder.decode());
    if (this.buffer) this.line(this.buffer);
    this.buffer = "";
    this.dispatch();
  }

  private feed(text: string): void {
    // An empty piece (an empty chunk, or the first byte of a UTF-8 character) must not forget a CR,
    // or the LF that completes its CRLF would end a second, blank line and split the event.
    if (!text) return;
    let s = text;
    if (this.pendingCR && s.startsWith("\n")) s = s.slice(1);
    this.pendingCR = false;
    let start = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (c !== "\n" && c !== "\r") continue;
      this.line(this.buffer + s.slice(start, i));
      this.buffer = "";
      if (c === "\r") {
        if (i + 1 < s.length) {
          if (s[i + 1] === "\n") i++;
        } else this.pendingCR = true;
      }
      start = i + 1;
    }
    this.buffer += s.slice(start);
  }

  private line(line: string): void {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    // llama.cpp reports a failure mid-stream as an `error: {...}` line of its own.
    else if (field === "error") {
      this.event = "error";
      this.data.push(value);
    }
  }

  private dispatch(): void {
    if (this.data.length) this.onEvent({ event: this.event || "message", data: this.data.join("\n") });
    this.data = [];
    this.event = "";
  }
}
