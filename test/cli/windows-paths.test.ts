// A spec written with Windows paths on macOS or Linux (`src\slug.js`, `C:\proj\src\slug.js`), as a
// user working across WSL and Windows may give them: `\` is no separator there, so the run wrote a
// file named `src\slug.js` at the project's top, or `C:` folders inside it, and reported success
// for a file that is not where anyone will look. Refused now, saying how to write it.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { resolveInProject } from "../../src/project/safe-path.js";
import { runCli, tempProject } from "../support/project.js";

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterAll(async () => {
  await server.close();
});

const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" });
const GOOD = "```js\nexport function slugify(s) {\n  return s.toLowerCase().split(' ').join('-');\n}\n```\n";

async function run(spec: Record<string, unknown>) {
  const proj = tempProject({ "src/keep.js": "export const keep = 1;\n" });
  server.setScript([{ content: GOOD }, { content: GOOD }]);
  const r = await runCli(["run", proj.spec({ task_id: "slug", description: "Write slugify(s): lower-case, dashes.", ...spec })], { cwd: proj.root, home: proj.home, env: env() });
  const top = readdirSync(proj.root).sort();
  const src = readdirSync(`${proj.root}/src`).sort();
  const written = proj.exists("src/slug.js") ? proj.read("src/slug.js") : null;
  proj.cleanup();
  return { json: r.json, code: r.code, top, src, written };
}

describe.skipIf(process.platform === "win32")("a spec path written the Windows way, on a system whose separator is /", () => {
  it("output_file with backslashes: refused naming the field, nothing written", async () => {
    const r = await run({ output_file: "src\\slug.js" });
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ status: "invalid", error: "output_file: must use / between folders, not \\ (src/slug.js)" });
    expect(r.top).toEqual([".claude", ".git", "src"]);
    expect(r.src).toEqual(["keep.js"]);
  });

  it("a drive letter, in either slash, and a context file with backslashes: refused", async () => {
    for (const output_file of ["C:\\proj\\src\\slug.js", "C:/proj/src/slug.js"]) {
      const r = await run({ output_file });
      expect(r.json).toMatchObject({ status: "invalid", error: expect.stringMatching(/^output_file: .* is a Windows path/) });
      expect(r.top).toEqual([".claude", ".git", "src"]);
    }
    const c = await run({ output_file: "src/slug.js", context_files: ["src\\keep.js"] });
    expect(c.json).toMatchObject({ status: "invalid", error: expect.stringMatching(/^context_files\[0\]: must use \//) });
    expect(c.written).toBeNull();
  });

  it("near miss: a file that is there under such a name is still reached (a rollback of one written before)", () => {
    const proj = tempProject();
    writeFileSync(join(proj.root, "src\\old.js"), "x\n");
    expect(resolveInProject(proj.root, "src\\old.js", "file")).toMatchObject({ ok: true, value: { rel: "src\\old.js" } });
    proj.cleanup();
  });

  it("near miss: the same spec with / is written and succeeds", async () => {
    const r = await run({ output_file: "src/slug.js", context_files: ["src/keep.js"] });
    expect(r.json).toMatchObject({ status: "success" });
    expect(r.written).toContain("slugify");
  });
});
