// docs/savings.md tells people how to set up the status line: copy a file to a fixed place and
// point Claude Code's statusLine setting at it. Here the doc's own shell block is run (in a fresh
// HOME, with the fresh build as the plugin folder), and the doc's own settings command is run the
// way Claude Code runs it: through a shell, with the session's JSON on stdin. The copied file must
// work alone (dist/cli.js does not: it loads dist/cli-main.cjs beside it).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distDir, pluginRoot } from "../support/dist.js";
import { writeHealthCache } from "../../src/model/health-cache.js";

let base: string;
let home: string;
let project: string;
// Nothing listens there; the server state comes from the cache the session hook keeps, as in a
// session (a cold probe could miss the status line's 300 ms on a loaded machine).
const BASE_URL = "http://127.0.0.1:9/v1";

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), "ld-statusline-copy-"));
  home = join(base, "home");
  project = join(base, "project");
  mkdirSync(home);
  mkdirSync(join(project, ".git"), { recursive: true });
  mkdirSync(join(project, ".claude/local-delegate"), { recursive: true });
  const now = new Date().toISOString();
  const run = { v: 1, ts: now, event: "run", task_id: "a", kind: "code", file: "src/a.ts", status: "success", attempts: 1, claude: { spent: 100, would_have: 1300, saved: 1200, saved_ratio: null, tokenizer: "cl100k_base", factor: 1.2 } };
  writeFileSync(join(project, ".claude/local-delegate/ledger.jsonl"), `${JSON.stringify(run)}\n`);
  writeHealthCache(join(home, ".local/state/local-delegate"), BASE_URL, { up: true, model: "qwen2.5-coder-7b-instruct", checked_at: now });
});
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
});

/** The status line section of docs/savings.md, and its fenced blocks by info string. */
function section(): { sh: string; json: string } {
  const doc = readFileSync("docs/savings.md", "utf8");
  const text = doc.slice(doc.indexOf("## The status line"), doc.indexOf("\n## ", doc.indexOf("## The status line") + 3));
  const block = (info: string) => [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].find((m) => m[1] === info)?.[2];
  const sh = block("sh");
  const json = block("json");
  if (!sh || !json) throw new Error("docs/savings.md's status line section has no ```sh block (what to copy) and ```json block (the setting)");
  return { sh, json };
}

const env = () => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, XDG_STATE_HOME: join(home, ".local/state"), LOCAL_DELEGATE_BASE_URL: BASE_URL, NO_COLOR: "1" });
const sessionJson = () => JSON.stringify({ session_id: "s", cwd: project, workspace: { current_dir: project, project_dir: project }, model: { id: "claude-opus" } });

describe("the status line set up as docs/savings.md says", () => {
  it("the copied file runs alone, from a fixed place, and prints the line", () => {
    const { sh, json } = section();
    execFileSync("sh", ["-ec", sh.replaceAll("<plugin folder>", pluginRoot())], { cwd: base, env: env(), stdio: "pipe" });
    const command: string = JSON.parse(json).statusLine.command;
    expect(command).toContain("/home/you/");
    const r = spawnSync("sh", ["-c", command.replaceAll("/home/you/", `${home}/`)], { cwd: home, env: env(), input: sessionJson(), encoding: "utf8", timeout: 30_000 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("● local qwen2.5-coder-7b-instruct · today 1 delegated · 1.2k Claude tokens saved\n");
    // Nothing else was copied: the one file is the whole status line.
    expect(readdirSync(join(home, ".local/share/local-delegate"))).toEqual(["statusline.js"]);
  });

  it("whereas dist/cli.js copied alone does not start (why the doc names statusline.js)", () => {
    const lone = join(base, "lone");
    mkdirSync(lone);
    cpSync(join(distDir(), "cli.js"), join(lone, "cli.js"));
    const r = spawnSync(process.execPath, [join(lone, "cli.js"), "statusline"], { cwd: home, env: env(), input: sessionJson(), encoding: "utf8", timeout: 30_000 });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^local-delegate: .*cli-main\.cjs is missing: .*dist\/statusline\.js/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
