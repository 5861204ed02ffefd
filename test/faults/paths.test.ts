// Paths that try to leave the project, from the spec and from the model's answer: `..`, absolute
// paths, symlinks (to a file, to a folder, dangling, into .git/ or into local-delegate's own
// folder), `.git/` in any case and at any depth. A spec path is refused before the model is asked;
// an answer's paths are never written, whatever they name. Checked against a snapshot of the
// project AND of a folder beside it that an escape would reach.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { fence, GOOD, ORIGINAL, snapshot } from "./support.js";

let server: FakeOpenAIServer;
let proj: TempProject;
let outside: string;
let before: { project: Record<string, string>; outside: Record<string, string> };

beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL, ".git/config": "[core]\n", ".git/hooks/.keep": "" });
  outside = join(dirname(proj.root), "outside");
  mkdirSync(join(outside, "deep"), { recursive: true });
  writeFileSync(join(outside, "secret.txt"), "not for the model\n");
  writeFileSync(join(outside, "target.mjs"), "// someone else's file\n");
  // Every kind of link an escape could use.
  symlinkSync(join(outside, "target.mjs"), join(proj.root, "src/link-out.mjs"));
  symlinkSync(outside, join(proj.root, "vendor"));
  symlinkSync("../outside/missing.mjs", join(proj.root, "dangling.mjs"));
  symlinkSync(".git/hooks", join(proj.root, "hooks"));
  mkdirSync(join(proj.root, ".claude/local-delegate"), { recursive: true });
  symlinkSync(".claude/local-delegate", join(proj.root, "state"));
  symlinkSync(join(outside, "secret.txt"), join(proj.root, "docs-secret.txt"));
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
  before = { project: snapshot(proj.root), outside: snapshot(outside, []) };
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

async function run(spec: Record<string, unknown>) {
  const path = join(proj.home, "spec.json");
  writeFileSync(path, JSON.stringify({ task_id: "escape", description: "Write the module.", output_file: "src/slugify.mjs", ...spec }));
  return runCli(["run", path], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "8000" } });
}

const chats = () => server.requests.filter((q) => q.path.endsWith("/chat/completions"));

function expectNothingChanged(): void {
  expect(snapshot(proj.root)).toEqual(before.project);
  expect(snapshot(outside, [])).toEqual(before.outside);
}

describe("spec paths that escape are refused before the model is asked", () => {
  const cases: Array<[string, () => Record<string, unknown>, RegExp]> = [
    ["`..` in the middle of output_file", () => ({ output_file: "src/../../outside/new.mjs" }), /^output_file: must stay inside the project/],
    ["an absolute output_file beside the project", () => ({ output_file: join(outside, "target.mjs") }), /^output_file: must stay inside the project/],
    ["an output_file that is a symlink out", () => ({ output_file: "src/link-out.mjs" }), /^output_file: must stay inside the project \(a symlink at src\/link-out\.mjs leads to /],
    ["a new file under a symlinked folder that leads out", () => ({ output_file: "vendor/deep/new.mjs" }), /^output_file: must stay inside the project \(a symlink at vendor\/deep leads to /],
    ["a dangling symlink (the write would create its target outside)", () => ({ output_file: "dangling.mjs" }), /^output_file: must not go through a broken symlink \(dangling\.mjs\)/],
    ["a symlink into .git/", () => ({ output_file: "hooks/pre-commit" }), /^output_file: must not lead into \.git\/ \(through a symlink\)/],
    [".git/ in another case", () => ({ output_file: ".GIT/hooks/pre-commit" }), /^output_file: must not be under \.git\//],
    [".git/ of a nested repository", () => ({ output_file: "vendor-src/.git/config" }), /^output_file: must not be under \.git\//],
    ["local-delegate's own folder", () => ({ output_file: ".claude/local-delegate/ledger.jsonl" }), /^output_file: must not be inside local-delegate's own folder/],
    ["local-delegate's own folder through a symlink", () => ({ output_file: "state/ledger.jsonl" }), /^output_file: must not be inside local-delegate's own folder/],
    ["Claude Code's settings (hooks run shell commands)", () => ({ output_file: ".claude/settings.json" }), /^output_file: must not be under \.claude\/, Claude Code's settings folder/],
    ["local-delegate's config (it names the server that gets the code)", () => ({ output_file: ".claude/local-delegate.yaml" }), /^output_file: must not be under \.claude\//],
    // Claude Code started in a monorepo's package reads that package's .claude/ (settings, hooks, skills).
    ["a nested package's Claude Code settings", () => ({ output_file: "packages/app/.claude/settings.json" }), /^output_file: must not be under \.claude\/, Claude Code's settings folder/],
    ["a nested .claude/ in another case", () => ({ output_file: "packages/app/.Claude/skills/x/SKILL.md" }), /^output_file: must not be under \.claude\//],
    ["a NUL byte", () => ({ output_file: "src/slugify.mjs\u0000.txt" }), /^output_file: must not contain a NUL byte/],
    ["the project folder itself", () => ({ output_file: "." }), /^output_file: must name a file, not the project folder/],
    ["a folder", () => ({ output_file: "src" }), /^output_file: is a folder, not a file/],
    ["a path through a file (the write could never create it)", () => ({ output_file: "src/slugify.mjs/new.mjs" }), /^output_file: cannot be written: a part of the path is a file, not a folder/],
    ["a name too long for the filesystem", () => ({ output_file: `src/${"n".repeat(300)}.mjs` }), /^output_file: cannot be written: a name in the path is too long/],
    ["a context file through `..`", () => ({ context_files: ["../outside/secret.txt"] }), /^context_files\[0\]: must stay inside the project/],
    ["an absolute context file outside", () => ({ context_files: ["src/slugify.mjs", join(outside, "secret.txt")] }), /^context_files\[1\]: must stay inside the project/],
    ["a context file that is a symlink out (a read escape)", () => ({ context_files: ["docs-secret.txt"] }), /^context_files\[0\]: must stay inside the project \(a symlink at docs-secret\.txt leads to /],
    ["a context file under .git/", () => ({ context_files: [".git/config"] }), /^context_files\[0\]: must not be under \.git\//],
  ];
  for (const [name, spec, message] of cases) {
    it(name, async () => {
      const r = await run(spec());
      expect(r.code).toBe(2);
      expect(r.json.status).toBe("invalid");
      expect(r.json.error).toMatch(message);
      expect(chats()).toHaveLength(0);
      expectNothingChanged();
    });
  }

  it("refuses a task id that would lead its backup folder elsewhere", async () => {
    for (const task_id of ["../escape", "a/../../b", "/abs", ".hidden"]) {
      const r = await run({ task_id });
      expect(r.code).toBe(2);
      expect(r.json.error).toMatch(/^task_id: may hold only letters, digits/);
    }
    expect(chats()).toHaveLength(0);
    expectNothingChanged();
  });

  it("allows a folder whose name only starts like .claude (packages/app/.claude-notes/)", async () => {
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({ output_file: "packages/app/.claude-notes/slugify.mjs" });
    expect(r.json).toMatchObject({ status: "success", file: "packages/app/.claude-notes/slugify.mjs" });
    expect(snapshot(outside, [])).toEqual(before.outside);
  });

  it("allows an absolute output_file that stays inside (and writes only it)", async () => {
    server.setScript([{ content: fence(GOOD) }]);
    const r = await run({ output_file: join(proj.root, "src/slugify.mjs") });
    expect(r.json).toMatchObject({ status: "success", file: "src/slugify.mjs" });
    const after = snapshot(proj.root);
    expect(after["src/slugify.mjs"]).not.toBe(before.project["src/slugify.mjs"]);
    delete after["src/slugify.mjs"];
    const expected = { ...before.project };
    delete expected["src/slugify.mjs"];
    expect(after).toEqual(expected);
    expect(snapshot(outside, [])).toEqual(before.outside);
  });
});

describe("paths in the model's answer are never written", () => {
  const answers: Array<[string, string]> = [
    ["JSON naming an absolute path outside", JSON.stringify({ path: "/tmp/escape-by-json.mjs", content: "export const x = 1;\n" })],
    ["JSON naming `..`", JSON.stringify({ path: "../outside/target.mjs", content: "export const pwned = 1;\n" })],
    ["a <file> tag naming a file outside", '<file path="../outside/target.mjs">\nexport const pwned = 1;\n</file>'],
    ["a first-line path comment into .git/", "```sh\n# .git/hooks/post-checkout\nrm -rf ~\n```"],
    ["a block announced in prose as a file outside", "Here is `../outside/deep/evil.mjs`:\n\n```js\n" + GOOD + "```"],
  ];
  for (const [name, content] of answers) {
    it(name, async () => {
      server.setScript([{ content }, { content }]);
      const r = await run({});
      expect(r.code).toBe(1);
      expect(r.json).toMatchObject({ status: "escalated", well_formed: false });
      expect(r.json.error).toMatch(/^answer not usable: the answer is for .*, not src\/slugify\.mjs/);
      expectNothingChanged();
    });
  }

  // Whether these count as "our file" is the extractor's guess; what is written is not: only output_file.
  const accepted: Array<[string, string]> = [
    ["the right file named through a path outside", "```js\n// /etc/project/src/slugify.mjs\n" + GOOD + "```"],
  ];
  it.each(accepted)("%s: only output_file is written", async (_name, content) => {
    server.setScript([{ content }]);
    const r = await run({});
    expect(r.json.status).toBe("success");
    expect(snapshot(outside, [])).toEqual(before.outside);
    const after = snapshot(proj.root);
    delete after["src/slugify.mjs"];
    const expected = { ...before.project };
    delete expected["src/slugify.mjs"];
    expect(after).toEqual(expected);
  });
});
