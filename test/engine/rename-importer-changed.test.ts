import { afterEach, expect, it } from "vitest";
import { ok } from "../../src/errors.js";
import { applyRename } from "../../src/engine/rename-step.js";
import type { RunLocks } from "../../src/engine/run-locks.js";
import { validateSpec } from "../../src/spec/load.js";
import { Transaction } from "../../src/write/transaction.js";
import { tempProject, type TempProject } from "../support/project.js";

// The importers' new contents are built on their text as read; an importer changed between that
// read and its write (by Claude, an editor, a formatter) must not be written over with content
// built on the text it had before: that change would be lost, and the run say nothing of it.

const USE = 'import { parseDate } from "./date.js";\nexport const when = (s) => parseDate(s);\n';
const EDITED = 'import { parseDate } from "./date.js";\nexport const when = (s) => parseDate(s); // edited meanwhile\n';
let proj: TempProject;
afterEach(() => proj.cleanup());

/** Runs the rename step with `during` called where the run takes the importers' locks, after it read them. */
async function applyWith(during: () => void) {
  proj = tempProject({ "src/date.js": "export function parseDate(s) {}\n", "src/use.js": USE, "src/other.js": 'import { parseDate as p } from "./date.js";\nexport default p;\n' });
  const spec = validateSpec({ task_id: "r", kind: "refactor", description: "rename", output_file: "src/date.js", rename: { from: "parseDate", to: "parseIsoDate" } }, proj.root);
  if (!spec.ok) throw new Error(spec.error.message);
  const txn = Transaction.open(proj.root, proj.data, "r");
  if (!txn.ok) throw new Error(txn.error.message);
  const locks = { extend: async () => (during(), ok(undefined)) } as unknown as RunLocks;
  return { r: await applyRename(spec.value, txn.value, locks), txn: txn.value };
}

it("refuses to write an importer changed after it was read, and the run can put back what it wrote", async () => {
  const { r, txn } = await applyWith(() => proj.write("src/use.js", EDITED));
  expect(r.ok).toBe(false);
  expect(!r.ok && r.error).toMatchObject({ code: "FILE_CHANGED" });
  expect(!r.ok && r.error.message).toMatch(/^src\/use\.js changed while this run was working on it/);
  txn.restore();
  expect(proj.read("src/use.js")).toBe(EDITED);
  expect(proj.read("src/other.js")).toContain("parseDate as p");
});

it("writes every importer when none changed after it was read", async () => {
  const { r } = await applyWith(() => {});
  expect(r).toEqual({ ok: true, value: ["src/other.js", "src/use.js"] });
  expect(proj.read("src/use.js")).toBe(USE.replaceAll("parseDate", "parseIsoDate"));
});
