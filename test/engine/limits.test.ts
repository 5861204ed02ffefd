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
