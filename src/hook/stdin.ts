import type { Readable } from "node:stream";

/**
 * The hook's input, read through the event loop, so the hook's deadline timer fires whatever stdin
 * does: a pipe the parent keeps open, a non-blocking socket (waited on, never polled in a loop), a
 * terminal. A synchronous read would block the loop, timer included, for as long as the parent
 * keeps stdin open. Null when the input passes `maxBytes` or cannot be read.
 *
 * Claude Code writes the event and closes stdin; a parent that writes a whole event and leaves
 * stdin open gets its answer at once: a JSON object followed by nothing but whitespace is whole.
 */
export function readInput(input: Readable, maxBytes: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (text: string | null): void => {
      if (done) return;
      done = true;
      input.removeAllListeners("data");
      // Nothing more is read: an open stdin must not keep the process alive.
      input.destroy();
      resolve(text);
    };
    const finishIfWhole = (): void => {
      if (done) return;
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        JSON.parse(text);
      } catch {
        return;
      }
      finish(text);
    };
    input.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return finish(null);
      chunks.push(chunk);
      // When stdin is closed, "end" comes first and the text is parsed once, by the caller.
      if (/}\s*$/.test(chunk.toString("latin1", Math.max(0, chunk.length - 16)))) setImmediate(finishIfWhole);
    });
    input.on("end", () => finish(Buffer.concat(chunks).toString("utf8")));
    input.on("error", () => finish(null));
  });
}
