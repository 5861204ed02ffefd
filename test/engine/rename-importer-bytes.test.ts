import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

// The importers a rename updates are the user's files, read and written by the engine alone: a
// byte the engine cannot read as UTF-8 must not come back as U+FFFD in a file reported `success`.

const BEFORE = "export function parseDate(s) {\n  return new Date(s);\n}\n";
const AFTER = "export function parseIsoDate(s) {\n  return new Date(s);\n}\n";
const USE = 'import { parseDate } from "./date.mjs";\n// caf\xe9: the author wrote this in Latin-1\nexport const when = (s) => parseDate(s).getTime();\n';

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  server = await startFakeOpenAIServer();
  proj = tempProject({ "src/date.mjs": BEFORE });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

function rename() {
  server.setScript([{ content: "```js\n" + AFTER + "```" }, { content: "```js\n" + AFTER + "```" }]);
  const spec = proj.spec({ task_id: "rename-bytes", kind: "refactor", description: "rename parseDate to parseIsoDate", output_file: "src/date.mjs", rename: { from: "parseDate", to: "parseIsoDate" } });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
}

describe("rename importers that are not UTF-8", () => {
  it("refuses, before the model is asked, to rewrite an importer holding Latin-1 bytes, and changes nothing", async () => {
    const latin1 = Buffer.from(USE, "latin1");
    writeFileSync(join(proj.root, "src/use.mjs"), latin1);
    const r = await rename();
    expect(r.json.status, r.stdout).not.toBe("success");
    expect(r.json.error).toMatch(/src\/use\.mjs.*UTF-8/);
    expect(readFileSync(join(proj.root, "src/use.mjs")).equals(latin1)).toBe(true);
    expect(proj.read("src/date.mjs")).toBe(BEFORE);
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
  });

  it("still renames in UTF-8 importers (an accent, a BOM), beside a Latin-1 file it need not change", async () => {
    proj.write("src/use.mjs", USE);
    proj.write("src/bom.mjs", '\uFEFFimport { parseDate } from "./date.mjs";\nexport const b = parseDate;\n');
    const other = Buffer.from("// caf\xe9\nconst parseDate = (x) => x;\nexport const untouched = parseDate(1);\n", "latin1");
    writeFileSync(join(proj.root, "src/other.mjs"), other);
    const r = await rename();
    expect(r.json, r.stdout).toMatchObject({ status: "success" });
    expect([...r.json.updated].sort()).toEqual(["src/bom.mjs", "src/use.mjs"]);
    expect(proj.read("src/use.mjs")).toBe(USE.replaceAll("parseDate", "parseIsoDate"));
    expect(proj.read("src/bom.mjs")).toBe('\uFEFFimport { parseIsoDate } from "./date.mjs";\nexport const b = parseIsoDate;\n');
    expect(readFileSync(join(proj.root, "src/other.mjs")).equals(other)).toBe(true);
  });
});
