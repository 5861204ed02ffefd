// A rollback holds the lock a run on the same file holds, however either names it: a task that
// wrote `alias/a.ts` (a linked folder) is not rolled back while a run on `src/a.ts` writes it.
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { applyRollback, planRollback } from "../../src/ledger/rollback.js";
import { resolveInProject } from "../../src/project/safe-path.js";
import { acquireLock } from "../../src/util/lock.js";
import { fileLockPath } from "../../src/write/file-lock.js";
import { Transaction } from "../../src/write/transaction.js";
import { tempProject, type TempProject } from "../support/project.js";

let proj: TempProject;
beforeEach(() => {
  proj = tempProject({ "src/a.ts": "export const a = 0;\n", "src/b.ts": "export const b = 0;\n" });
  symlinkSync("src", join(proj.root, "alias"));
  const t = Transaction.open(proj.root, proj.data, "t1");
  if (!t.ok) throw new Error(t.error.message);
  const p = resolveInProject(proj.root, "alias/a.ts", "file");
  if (!p.ok || !t.value.write(p.value, "export const a = 1;\n").ok || !t.value.commit().ok) throw new Error("set-up failed");
});
afterEach(() => proj.cleanup());

/** The lock a run on `rel` holds, as the engine takes it. */
async function runHolds(rel: string): Promise<() => void> {
  const p = resolveInProject(proj.root, rel, "output_file");
  if (!p.ok) throw new Error(p.error.message);
  const l = await acquireLock(fileLockPath(proj.data, p.value), { what: `task other on ${rel}`, waitMs: 0 });
  if (!l.ok) throw new Error(l.error.message);
  return l.value;
}

async function rollBack() {
  const plan = planRollback(proj.root, proj.data, "t1");
  if (!plan.ok) throw new Error(plan.error.message);
  return applyRollback(proj.root, proj.data, plan.value, { force: false, lockWaitMs: 0 });
}

it("waits for (here: gives up on) a run on the same file under its real name, changing nothing", async () => {
  const release = await runHolds("src/a.ts");
  try {
    const r = await rollBack();
    expect(r.ok ? "rolled back" : r.error.code).toBe("LOCKED");
    expect(proj.read("src/a.ts")).toBe("export const a = 1;\n");
  } finally {
    release();
  }
});

it("is not held up by a run on another file of the linked folder", async () => {
  const release = await runHolds("src/b.ts");
  try {
    const r = await rollBack();
    expect(r.ok).toBe(true);
    expect(proj.read("src/a.ts")).toBe("export const a = 0;\n");
  } finally {
    release();
  }
});
