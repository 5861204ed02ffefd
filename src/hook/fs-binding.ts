// The fs binding's synchronous calls, made as Node's own fs module makes them (lib/fs.js): a
// stat left as numbers in an array, where `fs.*statSync` builds a `Stats` object whose class a
// fresh process compiles for it (1% of a Node start). Checked before use; callers fall back to
// Node's public functions where the binding is missing or different.

interface FsBinding {
  fstat(fd: number, bigint: false, req: undefined, shouldNotThrow: false): unknown;
  lstat(path: string, bigint: false, req: undefined, throwIfNoEntry: true): unknown;
  read(fd: number, buffer: Buffer, offset: number, length: number, position: number): unknown;
}

/** The parts of a stat the hook reads, in the binding's order (`kDev`, `kMode`, `kNlink`, `kUid`). */
export interface StatNumbers {
  mode: number;
  uid: number;
}

let cached: FsBinding | null | undefined;

export function fsBinding(): FsBinding | null {
  if (cached !== undefined) return cached;
  try {
    const fs = (process as unknown as { binding(name: string): Partial<FsBinding> }).binding("fs");
    cached = typeof fs.fstat === "function" && typeof fs.lstat === "function" && typeof fs.read === "function" ? (fs as FsBinding) : null;
  } catch {
    cached = null;
  }
  return cached;
}

/** Mode and owner from the binding's stat array; null when it is not the array expected. */
export function statNumbers(values: unknown): StatNumbers | null {
  return values instanceof Float64Array && values.length > 3 ? { mode: values[1]!, uid: values[3]! } : null;
}
