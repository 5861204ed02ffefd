// A lint or test command that rewrites the file the model wrote (`eslint --fix`, `prettier
// --write`, `black .`). The run cannot tell that rewrite from an edit by hand, so a retry never
// writes over it; but the result must say what most likely happened and what to change, not
// blame Claude or another tool.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const GOOD = `export function slugify(input) {\n  return input.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");\n}\n`;
const BUGGY = "export function slugify(input) {\n  return input.toLowerCase();\n}\n";
const fence = (s: string) => "```js\n" + s + "```\n";
// A formatter: puts a header on the file, as `--fix` tools rewrite what they lint.
const FIX = `import { readFileSync, writeFileSync } from "node:fs";\nconst f = "src/slugify.mjs";\nconst s = readFileSync(f, "utf8");\nif (!s.startsWith("// formatted")) writeFileSync(f, "// formatted\\n" + s);\n`;
const CHECK = `import { slugify } from "./src/slugify.mjs";\nprocess.exit(slugify("  A b ") === "a-b" ? 0 : 1);\n`;

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject({ "fix.mjs": FIX, "check.mjs": CHECK });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const run = () =>
  runCli(["run", proj.spec({ task_id: "slugify", kind: "code", description: "Write slugify(input).", output_file: "src/slugify.mjs", lint_command: "node fix.mjs", test_command: "node check.mjs" })], {
    cwd: proj.root,
    home: proj.home,
    env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: "1" },
  });

describe("a check that rewrites the model's file", () => {
  it("after a failing test, says the check rewrote the file and how to stop it; the files go back", async () => {
    server.setScript([{ content: fence(BUGGY) }, { content: fence(GOOD) }]);
    const r = await run();
    expect(r.json, JSON.stringify(r.json)).toMatchObject({
      status: "failed",
      attempts: 1,
      error: "src/slugify.mjs changed while its checks ran (a --fix, --write or formatter in lint_command or test_command, or an edit by hand): the retry does not write over it",
      hint: expect.stringContaining("drop --fix or --write"),
    });
    // One model call: the retry was not asked for, since it could not have been written.
    expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(1);
    expect(proj.exists("src/slugify.mjs")).toBe(false);
    const kept = r.json.kept as string[];
    expect(readFileSync(kept[0]!, "utf8")).toBe(`// formatted\n${BUGGY}`);
  });

  it("near miss: no retry left, the run escalates on the model's failure as before", async () => {
    server.setScript([{ content: fence(BUGGY) }]);
    const r = await runCli(["run", proj.spec({ task_id: "slugify", kind: "code", description: "Write slugify(input).", output_file: "src/slugify.mjs", lint_command: "node fix.mjs", test_command: "node check.mjs" })], {
      cwd: proj.root,
      home: proj.home,
      env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: "0" },
    });
    expect(r.json).toMatchObject({ status: "escalated", tests: "failed" });
  });

  it("near miss: one attempt, the rewrite is what stays", async () => {
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run();
    expect(r.json).toMatchObject({ status: "success", attempts: 1 });
    expect(proj.read("src/slugify.mjs")).toBe(`// formatted\n${GOOD}`);
  });
});
