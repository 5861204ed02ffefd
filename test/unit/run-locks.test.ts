// The locks a run holds to its end (src/engine/run-locks.ts): taken together and keyed on the real
// path; a file found only later is added without waiting, or refused with none of them kept.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { RunLocks } from "../../src/engine/run-locks.js";
import { acquireLock } from "../../src/util/lock.js";
import { fileLockPath } from "../../src/write/file-lock.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
beforeEach(() => (dir = tmpDir("ld-run-locks-")));
afterEach(() => dir.cleanup());

const opts = { what: "task t on src/a.ts", waitMs: 0 };
const locked = (rel: string) => existsSync(fileLockPath(dir.path, { rel }));

it("takes one lock per real file, however many names reach it, and lets all go", async () => {
  const l = await RunLocks.take(dir.path, [{ rel: "src/b.ts" }, { rel: "alias/a.ts", real: "src/a.ts" }, { rel: "src/a.ts" }], opts);
  if (!l.ok) throw new Error(l.error.message);
  expect(l.value.keys()).toEqual(["src/a.ts", "src/b.ts"]);
  l.value.release();
  expect(readdirSync(join(dir.path, "locks"))).toEqual([]);
});

it("takes none when one is busy", async () => {
  const other = await acquireLock(fileLockPath(dir.path, { rel: "src/b.ts" }), { what: "task other", waitMs: 0 });
  if (!other.ok) throw new Error(other.error.message);
  const l = await RunLocks.take(dir.path, [{ rel: "src/a.ts" }, { rel: "src/b.ts" }], opts);
  expect(l.ok ? "taken" : l.error.code).toBe("LOCKED");
  expect(locked("src/a.ts")).toBe(false);
  other.value();
});

it("adds a file found later, and refuses (keeping none of the new ones) when one is busy", async () => {
  const l = await RunLocks.take(dir.path, [{ rel: "src/a.ts" }], opts);
  if (!l.ok) throw new Error(l.error.message);
  const other = await acquireLock(fileLockPath(dir.path, { rel: "src/c.ts" }), { what: "task other on src/c.ts", waitMs: 0 });
  if (!other.ok) throw new Error(other.error.message);
  const refused = await l.value.extend([{ rel: "src/a.ts" }, { rel: "src/b.ts" }, { rel: "src/c.ts" }]);
  expect(refused.ok ? "added" : refused.error.code).toBe("LOCKED");
  expect(refused.ok ? "" : refused.error.message).toMatch(/^src\/c\.ts must be written too, but busy: task other on src\/c\.ts/);
  expect(l.value.keys()).toEqual(["src/a.ts"]);
  expect(locked("src/b.ts")).toBe(false);
  // The near miss: nothing busy, so the new file joins the run's locks.
  expect((await l.value.extend([{ rel: "src/b.ts" }])).ok).toBe(true);
  expect(l.value.keys()).toEqual(["src/a.ts", "src/b.ts"]);
  l.value.release();
  other.value();
});

it("takes one lock for names a case-insensitive file system reads as one file, and says the name as written", async () => {
  // `src/Button.tsx` and `src/button.tsx` are one file on macOS's and Windows' default file systems
  // (and APFS reads "é" composed or not as one): two runs writing them at once would lose one's work.
  const l = await RunLocks.take(dir.path, [{ rel: "src/Button.tsx" }, { rel: "src/button.tsx" }, { rel: "src/caf\u00e9.ts" }], opts);
  if (!l.ok) throw new Error(l.error.message);
  expect(l.value.keys()).toHaveLength(2);
  const other = await RunLocks.take(dir.path, [{ rel: "SRC/BUTTON.TSX" }], { what: "task u", waitMs: 0 });
  expect(other.ok ? "taken" : other.error.code).toBe("LOCKED");
  const decomposed = await RunLocks.take(dir.path, [{ rel: "src/cafe\u0301.ts" }], { what: "task u", waitMs: 0 });
  expect(decomposed.ok ? "taken" : decomposed.error.code).toBe("LOCKED");
  // A spelling of a file the run holds already is not a new lock to wait for, nor a busy one.
  expect((await l.value.extend([{ rel: "src/BUTTON.tsx" }])).ok).toBe(true);
  l.value.release();
  // The near miss: a different file is not held up.
  const free = await RunLocks.take(dir.path, [{ rel: "src/Buttons.tsx" }], { what: "task u", waitMs: 0 });
  expect(free.ok).toBe(true);
  if (free.ok) free.value.release();
  const busy = await acquireLock(fileLockPath(dir.path, { rel: "src/c.ts" }), { what: "task other", waitMs: 0 });
  if (!busy.ok) throw new Error(busy.error.message);
  const run = await RunLocks.take(dir.path, [{ rel: "src/a.ts" }], opts);
  if (!run.ok) throw new Error(run.error.message);
  const named = await run.value.extend([{ rel: "src/C.ts" }]);
  expect(named.ok ? "" : named.error.message).toMatch(/^src\/C\.ts must be written too/);
  run.value.release();
  busy.value();
});
