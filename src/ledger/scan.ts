import { closeSync, fstatSync, openSync, readSync } from "node:fs";

export interface ScanLimits {
  /** Read at most the file's last this many bytes (whole lines only). */
  maxBytes: number;
  /** A line longer than this is passed on as null: its text is never held. */
  maxLineBytes: number;
}

export interface Scanned {
  /** The file's size when the scan began; 0 when it does not exist. */
  size: number;
  /** The byte the scan started at: above 0 when the file was larger than `maxBytes`. */
  from: number;
  /** Why the file could not be read (a missing file is not an error: it is an empty one). */
  error?: string;
}

const CHUNK = 1024 * 1024;

/**
 * Calls `onLine` with each line of the file's last `maxBytes`, in order, numbered from 1 in the part
 * read, a chunk at a time: memory stays bounded whatever the file's size (a ledger that grew for
 * years, or a run of NUL bytes a crash left with no newline). A tail that starts mid-line drops its
 * first, partial line. Lines appended after the scan began are not read.
 */
export function scanLines(path: string, limits: ScanLimits, onLine: (line: string | null, n: number) => void): Scanned {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? { size: 0, from: 0 } : { size: 0, from: 0, error: (e as Error).message };
  }
  let size = 0;
  let from = 0;
  try {
    size = fstatSync(fd).size;
    from = Math.max(0, size - limits.maxBytes);
    const lines = lineSplitter(limits.maxLineBytes, onLine, from > 0);
    // From the byte before the tail: when it is a newline, the first line read is whole, not partial.
    const buf = Buffer.alloc(CHUNK);
    for (let pos = Math.max(0, from - 1); pos < size; ) {
      const n = readSync(fd, buf, 0, Math.min(CHUNK, size - pos), pos);
      if (n === 0) break;
      pos += n;
      lines.push(buf.subarray(0, n));
    }
    lines.end();
    return { size, from };
  } catch (e) {
    return { size, from, error: (e as Error).message };
  } finally {
    closeSync(fd);
  }
}

/** Cuts chunks into lines; `skipFirst` drops the first line (the partial start of a tail). */
function lineSplitter(maxLineBytes: number, onLine: (line: string | null, n: number) => void, skipFirst: boolean) {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let started = false;
  let n = 0;
  const take = (part: Buffer) => {
    if (tooLong || part.length === 0) return;
    if (length + part.length > maxLineBytes) {
      tooLong = true;
      parts = [];
      length = 0;
      return;
    }
    parts.push(Buffer.from(part)); // a copy: the chunk's buffer is reused
    length += part.length;
  };
  const emit = () => {
    if (started || !skipFirst) onLine(tooLong ? null : Buffer.concat(parts, length).toString("utf8"), ++n);
    started = true;
    parts = [];
    length = 0;
    tooLong = false;
  };
  return {
    push(chunk: Buffer) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        take(chunk.subarray(start, nl));
        emit();
        start = nl + 1;
      }
      take(chunk.subarray(start));
    },
    end() {
      if (length > 0 || tooLong) emit();
    },
  };
}
