import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/**
 * The ledger's last `maxBytes` as text, whole lines only (a tail that starts mid-file drops its
 * first, partial line); "" when there is no ledger. node:fs only: the hook reads through this.
 */
export function readTailText(path: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return "";
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    let read = 0;
    while (read < buf.length) {
      const n = readSync(fd, buf, read, buf.length - read, start + read);
      if (n === 0) break;
      read += n;
    }
    const text = buf.subarray(0, read).toString("utf8");
    return start > 0 ? text.slice(text.indexOf("\n") + 1) : text;
  } catch {
    return "";
  } finally {
    closeSync(fd);
  }
}
