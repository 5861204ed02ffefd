import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { treeSitterFiles } from "../../src/lang/grammars.js";
import { builtHook, distDir } from "../support/dist.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cliEnv, fence, killChildren, spawnCli } from "../faults/support.js";

// The syntax gate as a marketplace install runs it: the built CLI, with no node_modules, finds
// web-tree-sitter behind a lazy require and the grammar in dist/grammars/.

let server: FakeOpenAIServer;
let proj: TempProject;

beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

describe("the built bundle's tree-sitter", () => {
  it("refuses a Python file with an unclosed parenthesis, feeds the line back, and writes the fixed one", async () => {
    const broken = "def clamp(n, lo, hi):\n    return min(hi, max(lo, n)\n";
    const fixed = "def clamp(n, lo, hi):\n    return min(hi, max(lo, n))\n";
    server.setScript([{ content: fence(broken, "python") }, { content: fence(fixed, "python") }]);
    const spec = proj.spec({ task_id: "clamp", description: "Write clamp(n, lo, hi).", output_file: "src/clamp.py" });
    const r = await spawnCli(["run", spec], { cwd: proj.root, env: cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "20000" }) }).done;
    expect(r.json, r.stderr).toMatchObject({ status: "success", attempts: 2 });
    const retry = server.requests.filter((q) => q.path.endsWith("/chat/completions"))[1]!.body.messages.at(-1).content;
    expect(retry).toContain('line 2:15: "(" is not closed\n  2 | return min(hi, max(lo, n)');
    expect(readFileSync(join(proj.root, "src/clamp.py"), "utf8")).toBe(fixed);
  }, 60_000);

  it("ships exactly the grammars the table names, and the hook never loads tree-sitter", () => {
    const names = treeSitterFiles().map((f) => f.replace(/^.*\//, "")).sort();
    expect(readdirSync(join(distDir(), "grammars")).sort()).toEqual(names);
    expect(names).toHaveLength(17);
    // The hook reads the languages table (which names "tree-sitter" as a checker), never the parser
    // or a grammar: no web-tree-sitter code, no .wasm file name, no import of the chunk.
    const hook = readFileSync(builtHook(), "utf8");
    expect(hook).not.toMatch(/web-tree-sitter|\.wasm\b|Parser\.init|Language\.load/);
  });

  it("keeps web-tree-sitter's code behind a lazy require, reached only when a file is checked", () => {
    // One CommonJS bundle (dist/cli-main.cjs, for V8's code cache): esbuild wraps a module reached
    // by a dynamic import in __commonJS, which runs its body on the first call only.
    const code = readdirSync(distDir()).filter((f) => f.endsWith(".js") || f.endsWith(".cjs"));
    const own = code.filter((f) => readFileSync(join(distDir(), f), "utf8").includes("// node_modules/web-tree-sitter/"));
    expect(own).toEqual(["cli-main.cjs"]);
    const text = readFileSync(join(distDir(), "cli-main.cjs"), "utf8");
    const wrapper = /var (require_tree_sitter\w*) = __commonJS\w*\(\{\s*"node_modules\/web-tree-sitter\/tree-sitter\.cjs"/.exec(text);
    expect(wrapper).not.toBeNull();
    const name = wrapper![1]!;
    // Called once, by the runtime's loader in src/lang/tree-sitter.ts, not at module scope.
    expect(text.split(`${name}()`).length - 1).toBe(1);
    expect(text).toMatch(new RegExp(`const mod = await Promise\\.resolve\\(\\)\\.then\\(\\(\\) => __toESM\\w*\\(${name}\\(\\)`));
  });

  it("doctor: the gate works in this install (22 languages); with a grammar missing it says which, and fails", async () => {
    const env = cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, NO_COLOR: "1" });
    const good = await spawnCli(["doctor"], { cwd: proj.root, env }).done;
    expect(good.stdout).toContain("✓ syntax gate: 22 languages checked in process");
    expect(good.code).toBe(0);
    // A damaged install: the built dist/ copied without Python's grammar.
    const copy = join(proj.home, "damaged");
    cpSync(distDir(), copy, { recursive: true });
    rmSync(join(copy, "grammars", "tree-sitter-python.wasm"));
    const bad = await spawnCli(["doctor", "--json"], { cwd: proj.root, env, cli: join(copy, "cli.js") }).done;
    expect(bad.code).toBe(3);
    expect(bad.json.syntax_gate.problems).toEqual([expect.stringMatching(/^python: .*tree-sitter-python\.wasm/)]);
    expect(bad.json.problems).toContainEqual(expect.stringContaining("files in that language are written unchecked until the plugin is reinstalled"));
  }, 60_000);
});
