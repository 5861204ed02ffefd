// Whether a test command read the file the model wrote. A command that exits 0 without opening it
// (`pytest tests/test_old.py` for a new tests/test_new.py, a suite nothing of which imports the new
// module yet, a build that runs yesterday's dist/) has checked nothing about it, and "tests passed"
// would say it had. The file's access time tells: set back before the command, any read moves it
// again (Linux's default `relatime` updates an access time that is not after the modification
// time; `strictatime` updates it always). Where reads do not move it (`noatime`, some network
// and FUSE mounts), the probe reads the file itself to find that out and says it cannot tell.
import { closeSync, openSync, readSync, statSync, utimesSync, type BigIntStats } from "node:fs";

export interface ReadProbe {
  /** true: read since armed; false: not read (this file system records reads); null: cannot tell. */
  wasRead(): boolean | null;
}

/** Sets the file's access time a second before its modification time; null when it cannot. */
export function armReadProbe(path: string): ReadProbe | null {
  let before: BigIntStats;
  try {
    before = statSync(path, { bigint: true });
    if (!before.isFile()) return null;
    // Keeps the modification time, to the microsecond (libuv sets whole microseconds).
    utimesSync(path, Number(before.mtimeNs - 1_000_000_000n) / 1e9, Number(before.mtimeNs) / 1e9);
    before = statSync(path, { bigint: true });
  } catch {
    return null;
  }
  const armed = before;
  return { wasRead: () => readSince(path, armed) };
}

function readSince(path: string, armed: BigIntStats): boolean | null {
  try {
    const now = statSync(path, { bigint: true });
    // Replaced or rewritten meanwhile: something opened it, and other checks judge that.
    if (now.ino !== armed.ino || now.mtimeNs !== armed.mtimeNs || now.size !== armed.size) return true;
    if (now.atimeNs !== armed.atimeNs) return true;
    // Not moved: either nothing read the file, or reads do not move its access time here.
    readOneByte(path);
    return statSync(path, { bigint: true }).atimeNs !== armed.atimeNs ? false : null;
  } catch {
    return null;
  }
}

function readOneByte(path: string): void {
  const fd = openSync(path, "r");
  try {
    readSync(fd, Buffer.alloc(1), 0, 1, 0);
  } finally {
    closeSync(fd);
  }
}
