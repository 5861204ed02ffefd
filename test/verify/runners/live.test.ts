// Each real runner, where installed, on a tiny project with a failing check: the result line gets
// the first failing assertion (values, test, file:line) and command faults are told apart. With
// LD_RECORD_RUNNERS=1 the outputs are written to ./output/ for the fixture tests.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { runCommand } from "../../../src/verify/command.js";
import { tmpDir, type TmpDir } from "../../support/tmp-dir.js";
import { ALL_CASES } from "./all.js";
import { expectReading } from "./expect.js";
import { caseDir, record, recording, versionOf } from "./support.js";

const dirs: TmpDir[] = [];
afterAll(() => dirs.forEach((d) => d.cleanup()));

for (const runner of [...new Set(ALL_CASES.map((c) => c.runner))]) {
  describe(runner, () => {
    for (const c of ALL_CASES.filter((x) => x.runner === runner)) {
      const missing = c.missing();
      it.skipIf(missing !== null)(`${c.name}${missing ? ` (skipped: ${missing})` : ""}`, async () => {
        const root = caseDir(c, () => {
          const d = tmpDir("ld-runner-");
          dirs.push(d);
          return d.path;
        });
        for (const [rel, content] of Object.entries(c.files)) {
          mkdirSync(dirname(join(root, rel)), { recursive: true });
          writeFileSync(join(root, rel), content);
        }
        c.setup?.(root);
        const command = c.command;
        const r = await runCommand(command, { cwd: root, timeoutMs: 240_000, env: c.env });
        if (recording()) record(c, { command, exitCode: r.exitCode, root, outputFile: c.outputFile, version: versionOf(c) }, r.output);
        expectReading(c, r, root, command);
      }, 300_000);
    }
  });
}
