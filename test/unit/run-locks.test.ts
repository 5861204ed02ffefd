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
