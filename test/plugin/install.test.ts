/**
 * How users get the plugin: `claude plugin marketplace add` then `claude plugin install`, in a
 * fresh HOME, from a fresh copy of this repository that has no node_modules: the committed
 * bundle must be all it needs. Then a real session with the installed plugin (no --plugin-dir).
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshCopy } from "../support/fresh-copy.js";
import { installFromMarketplace, makeClaudeHome, runClaude, type ClaudeHome } from "../support/claude-cli.js";
import { contentText, lastToolResults, startFakeAnthropic } from "../support/fake-anthropic.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";

const T = 180_000;
let work: string;
let clone: string;
let local: FakeOpenAIServer;

beforeAll(async () => {
  work = realpathSync(mkdtempSync(path.join(os.tmpdir(), "ld-install-")));
  clone = path.join(work, "local-delegate");
  freshCopy(clone);
  local = await startFakeOpenAIServer();
}, 60_000);
afterAll(async () => {
  await local?.close();
  rmSync(work, { recursive: true, force: true });
});

async function sessionWithInstalled(home: ClaudeHome, pluginRoot: string) {
  const cwd = path.join(work, `project-${Math.random().toString(36).slice(2)}`);
  mkdirSync(path.join(cwd, ".git"), { recursive: true });
  local.setScript([{ content: "```js\nexport const double = (n) => n * 2;\n```" }]);
  const yaml = "task_id: double\noutput_file: src/double.mjs\ndescription: |\n  export double(n)\n";
  const fake = await startFakeAnthropic({
    script: [{ toolCalls: [{ name: "Bash", input: { command: `node "${pluginRoot}/dist/cli.js" run - <<'SPEC'\n${yaml}SPEC` } }] }, { text: "done" }],
  });
  try {
    const res = await runClaude({ prompt: "Double numbers.", cwd, home, baseUrl: fake.url, env: { LOCAL_DELEGATE_BASE_URL: local.baseUrl }, args: ["--allowedTools", "Bash"] });
    return { res, main: fake.mainBodies(), cwd };
  } finally {
    await fake.close();
  }
}

describe("install from a marketplace, offline, with no node_modules", () => {
  it("the copy users get has no node_modules and a self-contained bundle", () => {
    expect(existsSync(path.join(clone, "node_modules"))).toBe(false);
    expect(existsSync(path.join(clone, "dist/cli.js"))).toBe(true);
    const out = execFileSync(process.execPath, [path.join(clone, "dist/cli.js"), "--version"], { cwd: work, encoding: "utf8" });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("`marketplace add <clone>` + `install local-delegate@local-delegate`: hooks and engine work", { timeout: T }, async () => {
    const home = await makeClaudeHome();
    try {
      const r = await installFromMarketplace({ home, marketplaceSource: clone, marketplace: "local-delegate", plugin: "local-delegate" });
      expect(r.install.exitCode, r.install.stdout + r.install.stderr).toBe(0);
      expect(r.installed).toMatchObject({ enabled: true });
      const root = r.installed!.readFromFolder ?? r.installed!.installPath!;
      const s = await sessionWithInstalled(home, root);
      expect(s.res.exitCode, s.res.stderr).toBe(0);
      expect(JSON.stringify(s.main[0]?.messages)).toContain("local model qwen2.5-coder-7b-instruct is up");
      expect(JSON.parse(contentText(lastToolResults(s.main[1]!)[0]?.content).trim())).toMatchObject({ status: "success", file: "src/double.mjs" });
      expect(readFileSync(path.join(s.cwd, "src/double.mjs"), "utf8")).toBe("export const double = (n) => n * 2;\n");
    } finally {
      await home.dispose();
    }
  });

  // What the README says about a local clone: Claude Code runs the plugin from the clone itself,
  // and the install copies the whole folder, node_modules included, into its cache all the same.
  it("from a local clone with node_modules: runs from the clone; the cache copy holds its node_modules", { timeout: T }, async () => {
    const dev = path.join(work, "dev-clone");
    cpSync(clone, dev, { recursive: true });
    mkdirSync(path.join(dev, "node_modules/some-dev-dep"), { recursive: true });
    writeFileSync(path.join(dev, "node_modules/some-dev-dep/package.json"), '{"name":"some-dev-dep","version":"1.0.0"}\n');
    const home = await makeClaudeHome();
    try {
      const r = await installFromMarketplace({ home, marketplaceSource: dev, marketplace: "local-delegate", plugin: "local-delegate" });
      expect(r.install.exitCode, r.install.stdout + r.install.stderr).toBe(0);
      expect(r.installed?.readFromFolder).toBe(dev);
      const copy = r.installed!.installPath!;
      expect(copy.startsWith(home.configDir)).toBe(true);
      expect(existsSync(path.join(copy, "node_modules/some-dev-dep/package.json"))).toBe(true);
      // The copy is not what runs: without its dist/, the hooks and the engine still work.
      rmSync(path.join(copy, "dist"), { recursive: true, force: true });
      const s = await sessionWithInstalled(home, dev);
      expect(s.res.exitCode, s.res.stderr).toBe(0);
      expect(JSON.stringify(s.main[0]?.messages)).toContain("local model qwen2.5-coder-7b-instruct is up");
      expect(readFileSync(path.join(s.cwd, "src/double.mjs"), "utf8")).toBe("export const double = (n) => n * 2;\n");
      // …and the README's Install section tells people both.
      const readme = readFileSync("README.md", "utf8");
      const install = readme.slice(readme.indexOf("## Install"), readme.indexOf("\n## ", readme.indexOf("## Install") + 3));
      expect(install).toMatch(/local clone, Claude Code runs the plugin from the clone's own folder/);
      expect(install).toMatch(/copies the whole folder, its `node_modules\/` included/);
    } finally {
      await home.dispose();
    }
  });

  it("from a git source (as from GitHub): the cached copy runs on its own", { timeout: T }, async () => {
    const mkt = path.join(work, "mkt");
    mkdirSync(path.join(mkt, ".claude-plugin"), { recursive: true });
    writeFileSync(
      path.join(mkt, ".claude-plugin/marketplace.json"),
      JSON.stringify({ name: "ld-git", owner: { name: "t" }, description: "t", plugins: [{ name: "local-delegate", source: { source: "url", url: `file://${clone}` } }] }),
    );
    const home = await makeClaudeHome();
    try {
      const r = await installFromMarketplace({ home, marketplaceSource: mkt, marketplace: "ld-git", plugin: "local-delegate" });
      expect(r.install.exitCode, r.install.stdout + r.install.stderr).toBe(0);
      const root = r.installed!.installPath!;
      expect(root.startsWith(home.configDir)).toBe(true);
      // Claude Code ran `npm ci` in the copy; .npmrc makes that install nothing.
      const nm = path.join(root, "node_modules");
      expect(existsSync(nm) ? readdirSync(nm).filter((f) => !f.startsWith(".")) : []).toEqual([]);
      const s = await sessionWithInstalled(home, root);
      expect(JSON.stringify(s.main[0]?.messages)).toContain("local-delegate:");
      expect(readFileSync(path.join(s.cwd, "src/double.mjs"), "utf8")).toBe("export const double = (n) => n * 2;\n");
    } finally {
      await home.dispose();
    }
  });
});
