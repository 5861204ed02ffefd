import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createTaskProject } from "../../src/qualify/project.js";
import { SUITE } from "../../src/qualify/suite/index.js";
import { TEST_COMMAND } from "../../src/qualify/suite/task.js";
import { makeFolders } from "../../src/util/fs.js";

/**
 * A suite task's hidden check run straight on an answer, without the engine: lays the task out in
 * a temp folder, writes the answer, prepares and runs the check. `verdict` gives null when the
 * check passed, else what it printed. `cleanup` removes every folder made.
 */
export function directChecks(): { verdict: (taskId: string, answer: string) => string | null; cleanup: () => void } {
  const base = mkdtempSync(join(tmpdir(), "ld-check-"));
  let n = 0;
  return {
    verdict(taskId, answer) {
      const task = SUITE.find((t) => t.id === taskId)!;
      const p = createTaskProject(join(base, String(n++)), task);
      if (!p.ok) throw new Error(p.error.message);
      const out = join(p.value.root, task.output_file);
      makeFolders(dirname(out));
      writeFileSync(out, answer);
      p.value.prepare();
      const r = spawnSync(task.test_command ?? TEST_COMMAND, { cwd: p.value.root, shell: true, encoding: "utf8", timeout: 120_000 });
      return r.status === 0 ? null : `${r.stdout}${r.stderr}`.trim() || `exit ${r.status}`;
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}
