// What one task writes, the next can read; and a failed run that could not put a file back says
// so in the line Claude reads, instead of leaving it to believe the files are as they were.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject();
  // A context large enough that the wire's answer cap (which follows max_tokens) lets a big answer through.
  server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "big-coder", state: "loaded", maxContextLength: 1_000_000, loadedContextLength: 1_000_000 }] });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const env = (extra: Record<string, string> = {}) => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_MAX_OUTPUT_TOKENS: "200000", ...extra });

describe("the largest file a task writes", () => {
  it("is the largest a task may read: a 1.1 MB answer is refused, nothing written", async () => {
    const doc = `# Notes\n\n${"A line of notes that goes on for a while, as generated text does.\n".repeat(18_000)}`;
    expect(Buffer.byteLength(doc)).toBeGreaterThan(1.1 * 1024 * 1024);
    server.setScript([{ content: "````markdown\n" + doc + "````\n", chunkSize: 100_000 }, { content: "````markdown\n" + doc + "````\n", chunkSize: 100_000 }]);
    const r = await runCli(["run", proj.spec({ task_id: "notes", kind: "doc", description: "Project notes.", output_file: "NOTES.md" })], { cwd: proj.root, home: proj.home, env: env() });
    expect(r.json).toMatchObject({ status: "escalated", well_formed: false });
    expect(r.json.error).toMatch(/the file would be 1\.\d MB, over the 1 MB a task may write/);
    expect(proj.exists("NOTES.md")).toBe(false);
  });
});

describe("a restore that fails", () => {
  it("is said in the result line: failed, restored: false, and where the original is", async () => {
    proj.write("src/a.mjs", "export const a = 1;\n");
    // The test command destroys the run's backups, then fails: the original cannot be put back.
    const wipe = `node -e "require('fs').rmSync('${join(proj.data, "backups")}/a/' + require('fs').readdirSync('${join(proj.data, "backups")}/a')[0] + '/files', { recursive: true, force: true }); process.exit(1)"`;
    server.setScript([{ content: "```js\nexport const a = 2;\n```\n" }, { content: "```js\nexport const a = 3;\n```\n" }]);
    const r = await runCli(["run", proj.spec({ task_id: "a", description: "Export the constant `a`.", output_file: "src/a.mjs", test_command: wipe })], { cwd: proj.root, home: proj.home, env: env() });
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ status: "failed", restored: false });
    expect(r.json.error).toMatch(/src\/a\.mjs was not restored/);
    expect(r.json.backup).toContain(join("backups", "a"));
    expect(readdirSync(join(proj.data, "backups", "a"))).toHaveLength(1);
  });
});

describe("the engine's other ways out", () => {
  it("a callback that throws once the file is written: the file goes back, and there is still a result", async () => {
    const { runTask } = await import("../../src/engine/run.js");
    const { validateSpec } = await import("../../src/spec/load.js");
    const { loadConfig } = await import("../../src/config/load.js");
    proj.write("src/x.mjs", "export const a = 1;\n");
    server.setScript([{ content: "```js\nexport const a = 2;\n```\n" }]);
    const spec = validateSpec({ task_id: "x", description: "Export the constant `a`.", output_file: "src/x.mjs", test_command: "node -e 0" }, proj.root);
    const config = loadConfig({ root: proj.root, env: { HOME: proj.home, ...env() } });
    if (!spec.ok || !config.ok) throw new Error("bad test set-up");
    const outcome = await runTask(spec.value, "{}", {
      config: config.value.config,
      stateDir: join(proj.home, "state"),
      onEvent: (e) => {
        if (e.type === "verify") throw new Error("progress sink failed");
      },
    });
    expect(outcome.result).toMatchObject({ status: "failed" });
    expect(outcome.result.error).toMatch(/unexpected error: progress sink failed/);
    expect(proj.read("src/x.mjs")).toBe("export const a = 1;\n");
  });

  it("a run whose end cannot be recorded is not a success: the file goes back", async () => {
    proj.write("src/a.mjs", "export const a = 1;\n");
    // The test command turns the run's backup folder into a file: the manifest cannot be saved.
    const runs = join(proj.data, "backups", "a");
    const jam = `node -e "const fs=require('fs');const d='${runs}/'+fs.readdirSync('${runs}')[0];fs.cpSync(d,d+'.moved',{recursive:true});fs.rmSync(d,{recursive:true});fs.writeFileSync(d,'')"`;
    server.setScript([{ content: "```js\nexport const a = 2;\n```\n" }]);
    const r = await runCli(["run", proj.spec({ task_id: "a", description: "Export the constant `a`.", output_file: "src/a.mjs", test_command: jam })], { cwd: proj.root, home: proj.home, env: env() });
    expect(r.json.status).not.toBe("success");
    expect(r.json.error).toMatch(/could not be recorded/);
  });

  it("a retry the server refuses as too long ends escalated on the real failure, not on the context", async () => {
    const { errorReplies } = await import("../support/fake-openai-server.js");
    server.setScript([{ content: "```js\nexport const a = 2;\n```\n" }, errorReplies.lmStudioContextExceeded()]);
    const r = await runCli(["run", proj.spec({ task_id: "a", description: "Export the constant `a`.", output_file: "src/a.mjs", test_command: "node -e 'process.exit(1)'" })], { cwd: proj.root, home: proj.home, env: env() });
    expect(r.json).toMatchObject({ status: "escalated", attempts: 1, tests: "failed" });
    expect(proj.exists("src/a.mjs")).toBe(false);
  });

  it("a rename retried: `updated` still names the importers the first attempt changed", async () => {
    proj.write("src/date.mjs", "export function parseDate(s) {\n  return new Date(s);\n}\n");
    proj.write("src/use.mjs", 'import { parseDate } from "./date.mjs";\nexport const when = (s) => parseDate(s).getTime();\n');
    const after = "export function parseIsoDate(s) {\n  return new Date(s);\n}\n";
    server.setScript([{ content: "```js\n" + after + "```\n" }, { content: "```js\n" + after + "```\n" }]);
    const once = `node -e "const fs=require('fs');if(!fs.existsSync('.tried')){fs.writeFileSync('.tried','');process.exit(1)}"`;
    const spec = proj.spec({ task_id: "rn", kind: "refactor", description: "rename parseDate to parseIsoDate", output_file: "src/date.mjs", rename: { from: "parseDate", to: "parseIsoDate" }, test_command: once });
    const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: env() });
    expect(r.json).toMatchObject({ status: "success", attempts: 2, updated: ["src/use.mjs"] });
    expect(proj.read("src/use.mjs")).toContain("parseIsoDate(s)");
  });
});
