// A project's `.claude/local-delegate/backups/` is a folder like any other of a cloned repository:
// whoever made the repository may have put a run's manifest there, left `open` by a process that
// is long gone. The first run in the clone recovers it. Recovery used to take the manifest's paths
// as it found them, so a planted run put an executable `.git/hooks/pre-commit` (which git itself
// never lets a repository carry) in place, and the user's next commit ran it. The paths a
// manifest names are now held to what a run could have written: inside the project, not in .git/.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { fence, GOOD, ORIGINAL, sha } from "./support.js";

const HOOK = "#!/bin/sh\necho planted by the repository\n";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL, "src/notes.md": "the clone's notes\n", ".git/config": "[core]\n" });
  mkdirSync(join(proj.root, ".git/hooks"), { recursive: true });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  server.setScript([{ content: fence(GOOD) }]);
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

/** A run's folder as the repository's author committed it: `open`, by a pid no process has. */
function plantRun(entry: Record<string, unknown>, backupRel: string, content: string): string {
  const dir = join(proj.data, "backups", "planted", "260101-000000-0000");
  mkdirSync(join(dir, "files", backupRel, ".."), { recursive: true });
  writeFileSync(join(dir, "files", backupRel), content);
  chmodSync(join(dir, "files", backupRel), 0o644);
  const manifest = { task_id: "planted", run_id: "260101-000000-0000", pid: 2 ** 22 + 7, created: "2026-01-01T00:00:00.000Z", state: "open", files: [{ existed: true, mode: 0o755, sha256: sha(content), ...entry }] };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

async function runTask() {
  const spec = proj.spec({ task_id: "slug", description: "Write the module.", output_file: "src/slugify.mjs" });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "8000" } });
}

describe("a backup run planted in a cloned repository", () => {
  it("does not put a file into .git/ (a hook git would run) through the manifest's resolved path", async () => {
    plantRun({ rel: "tools/pre-commit", real: ".git/hooks/pre-commit" }, "tools/pre-commit", HOOK);
    const r = await runTask();
    expect(existsSync(join(proj.root, ".git/hooks/pre-commit"))).toBe(false);
    expect(r.json).toMatchObject({ status: "success", file: "src/slugify.mjs" });
  });

  // A tarball or a zip of a repository can carry what git would not.
  it("does not put a file into .git/ named by the manifest's own path", async () => {
    plantRun({ rel: ".git/hooks/post-checkout" }, ".git/hooks/post-checkout", HOOK);
    const r = await runTask();
    expect(existsSync(join(proj.root, ".git/hooks/post-checkout"))).toBe(false);
    expect(r.json).toMatchObject({ status: "success" });
  });

  // Windows opens `.git.`, `.git ` and `.git::$INDEX_ALLOCATION` as `.git`, and its short name
  // GIT~1; HFS+ ignores a zero-width joiner in `.g\u200cit`. Here (Linux) each is a folder of its
  // own, so the test asks only that none is written: on those systems it was the hook folder.
  it("does not put a file into .git/ by a name Windows or macOS opens as .git", async () => {
    const names = [".git.", ".git ", ".git::$INDEX_ALLOCATION", "GIT~1", ".g\u200cit"];
    for (const [i, name] of names.entries()) {
      const rel = `${name}/hooks/post-checkout`;
      const dir = plantRun({ rel }, rel, HOOK);
      renameSync(dir, `${dir}${i}`);
    }
    const r = await runTask();
    expect(r.json).toMatchObject({ status: "success" });
    for (const name of names) expect(existsSync(join(proj.root, name))).toBe(false);
  });

  // Near miss: a run really killed in this project is still recovered, its file put back.
  it("still recovers a file inside the project that a dead run left", async () => {
    writeFileSync(join(proj.root, "src/notes.md"), "half-verified\n");
    plantRun({ rel: "src/notes.md", mode: 0o644, written_sha256: sha("half-verified\n") }, "src/notes.md", "the clone's notes\n");
    const r = await runTask();
    expect(r.json).toMatchObject({ status: "success" });
    expect(readFileSync(join(proj.root, "src/notes.md"), "utf8")).toBe("the clone's notes\n");
  });
});
