// Task ids are case-sensitive, but a task's backups are a folder named after it, and macOS's and
// Windows' folders are not: the runs of task `Parser` and of task `parser` end up in one folder.
// Rolling back `parser` read every run in it and also undid what `Parser` wrote. Simulated here
// (Linux folders tell the two apart) by moving the runs where such a folder puts them.
import { mkdirSync, readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveInProject } from "../../src/project/safe-path.js";
import { backupsDir } from "../../src/write/manifest.js";
import { Transaction } from "../../src/write/transaction.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let proj: TempProject;
beforeEach(() => {
  proj = tempProject({ "src/parser.ts": "export const parse = 0;\n", "src/lexer.ts": "export const lex = 0;\n" });
});
afterEach(() => proj.cleanup());

function committedRun(taskId: string, rel: string, content: string): void {
  const t = Transaction.open(proj.root, proj.data, taskId);
  const p = resolveInProject(proj.root, rel, "file");
  if (!t.ok || !p.ok) throw new Error("cannot start the run");
  const w = t.value.write(p.value, content);
  if (!w.ok || !t.value.commit().ok) throw new Error("cannot write");
}

/** Where a case-insensitive file system keeps the runs of `from`: in the folder of `into`. */
function oneFolder(from: string, into: string): void {
  const base = backupsDir(proj.data);
  mkdirSync(join(base, into), { recursive: true });
  for (const run of readdirSync(join(base, from))) renameSync(join(base, from, run), join(base, into, run));
}

const rollback = (taskId: string) => runCli(["rollback", taskId, "--json"], { cwd: proj.root, home: proj.home });

describe("rollback of a task whose id differs from another's only in case", () => {
  it("undoes that task's runs only, when both tasks' runs share one backups folder", async () => {
    committedRun("Parser", "src/parser.ts", "export const parse = 1;\n");
    committedRun("parser", "src/lexer.ts", "export const lex = 1;\n");
    oneFolder("Parser", "parser");
    const r = await rollback("parser");
    expect(r.json).toMatchObject({ status: "rolled-back", task_id: "parser" });
    expect(r.json.files.map((f: { file: string }) => f.file)).toEqual(["src/lexer.ts"]);
    expect(proj.read("src/lexer.ts")).toBe("export const lex = 0;\n");
    expect(proj.read("src/parser.ts")).toBe("export const parse = 1;\n");
  });

  it("says there is nothing to roll back for a task whose folder holds only the other's runs", async () => {
    committedRun("Parser", "src/parser.ts", "export const parse = 1;\n");
    oneFolder("Parser", "parser");
    const r = await rollback("parser");
    expect(r.json.error).toMatch(/no backups for task "parser"/);
    expect(proj.read("src/parser.ts")).toBe("export const parse = 1;\n");
  });

  it("near miss: still rolls back the task whose runs are in its own folder", async () => {
    committedRun("Parser", "src/parser.ts", "export const parse = 1;\n");
    committedRun("parser", "src/lexer.ts", "export const lex = 1;\n");
    const r = await rollback("Parser");
    expect(r.json.files.map((f: { file: string }) => f.file)).toEqual(["src/parser.ts"]);
    expect(proj.read("src/parser.ts")).toBe("export const parse = 0;\n");
    expect(proj.read("src/lexer.ts")).toBe("export const lex = 1;\n");
  });
});
