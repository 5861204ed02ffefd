// A refactor's file named through a symlink inside the project (`lib/` → `src/`, or a link to the
// file itself): the importers are found by their real paths, and reach the file by its real path.
// The search took the name as given for the renamed file, found no importer of it, and reported
// the rename a success with every importer still using the old name (or, with tests, failed
// twice over importers it never touched).
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const BEFORE = "export function parseDate(s) {\n  return new Date(s);\n}\n";
const AFTER = "export function parseIsoDate(s) {\n  return new Date(s);\n}\n";
const USE = 'import { parseDate } from "./date.mjs";\nexport const when = (s) => parseDate(s).getTime();\n';
const USE_AFTER = 'import { parseIsoDate } from "./date.mjs";\nexport const when = (s) => parseIsoDate(s).getTime();\n';
const CHECK = 'import { when } from "./src/use.mjs";\nif (when("2020-01-01") !== Date.parse("2020-01-01")) process.exit(1);\n';

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  server = await startFakeOpenAIServer();
  proj = tempProject({ "src/date.mjs": BEFORE, "src/use.mjs": USE, "check.mjs": CHECK });
  symlinkSync(join(proj.root, "src"), join(proj.root, "lib"));
  symlinkSync(join(proj.root, "src", "date.mjs"), join(proj.root, "date-link.mjs"));
  server.setScript([{ content: "```js\n" + AFTER + "```" }, { content: "```js\n" + AFTER + "```" }]);
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

function rename(outputFile: string, test?: string) {
  const spec = proj.spec({ task_id: "rename-date", kind: "refactor", description: "rename parseDate to parseIsoDate", output_file: outputFile, rename: { from: "parseDate", to: "parseIsoDate" }, ...(test ? { test_command: test } : {}) });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
}

describe("a rename whose file the spec names through a symlink inside the project", () => {
  it.each(["lib/date.mjs", "date-link.mjs"])("updates the importers of %s, which import it by its real path", async (named) => {
    const r = await rename(named);
    expect(r.json).toMatchObject({ status: "success", file: named, updated: ["src/use.mjs"] });
    expect(proj.read("src/date.mjs")).toBe(AFTER);
    expect(proj.read("src/use.mjs")).toBe(USE_AFTER);
  });

  it("passes its tests on the first answer", async () => {
    const r = await rename("lib/date.mjs", "node check.mjs");
    expect(r.json).toMatchObject({ status: "success", tests: "passed", attempts: 1, updated: ["src/use.mjs"] });
  });

  it("near miss: named by its real path, as before", async () => {
    const r = await rename("src/date.mjs", "node check.mjs");
    expect(r.json).toMatchObject({ status: "success", tests: "passed", updated: ["src/use.mjs"] });
    expect(proj.read("src/use.mjs")).toBe(USE_AFTER);
  });
});
