import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runHook } from "../../src/hook/run-hook.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

// A project inside the session's one (a git submodule, a vendored repository) runs its tasks from
// its own folder: the engine refuses them from the outer root, and a run there keeps its ledger
// there. In enforce mode, once such a task escalated, Claude is told to write the file itself:
// the hook must find that escalation where the run recorded it.

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "coder-7b", state: "loaded", maxContextLength: 32768 }] });
  proj = tempProject();
  mkdirSync(join(proj.root, "vendor/lib/.git"), { recursive: true });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const content = `${Array.from({ length: 12 }, (_, i) => `export const d${i} = (n: number) => n * ${i};`).join("\n")}\n`;
const env = () => ({ HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state"), LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_HOOK_MODE: "enforce", LOCAL_DELEGATE_MODEL: "coder-7b", LOCAL_DELEGATE_HOOK_HELPER: "0" });
const spec = (file: string) => JSON.stringify({ task_id: "util", description: "Twelve multipliers d0..d11", output_file: file });

async function hook(rel: string): Promise<string> {
  const event = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: proj.root, session_id: "s", tool_input: { file_path: join(proj.root, rel), content } });
  return JSON.stringify(await runHook(event, { env: env(), cwd: proj.root, cliPath: "/x" }));
}

describe("enforce mode and a project nested in the session's", () => {
  it("lets Claude write a file whose task escalated in the nested project, as it was told to", async () => {
    // From the session's root the task is refused: it must run from the nested project.
    const outer = await runCli(["run", "-"], { cwd: proj.root, home: proj.home, env: env(), stdin: spec("vendor/lib/src/util.ts") });
    expect(outer.json?.error).toContain("vendor/lib/");
    // Run there, the model's answers never parse: escalated, recorded in that project's ledger.
    server.setScript([{ content: "```ts\nexport const d0 = (n: number => n;\n```" }, { content: "```ts\nexport const d0 = (n: number => n;\n```" }]);
    const inner = await runCli(["run", "-"], { cwd: join(proj.root, "vendor/lib"), home: proj.home, env: env(), stdin: spec("src/util.ts") });
    expect(inner.json?.status).toBe("escalated");
    expect(proj.exists("vendor/lib/src/util.ts")).toBe(false);
    expect(await hook("vendor/lib/src/util.ts")).not.toContain('"permissionDecision":"deny"');
  });

  it("near miss: a file of the nested project with no escalated task is still refused", async () => {
    server.setScript([{ content: "```ts\nexport const d0 = (n: number => n;\n```" }, { content: "```ts\nexport const d0 = (n: number => n;\n```" }]);
    const inner = await runCli(["run", "-"], { cwd: join(proj.root, "vendor/lib"), home: proj.home, env: env(), stdin: spec("src/util.ts") });
    expect(inner.json?.status).toBe("escalated");
    expect(await hook("vendor/lib/src/other.ts")).toContain('"permissionDecision":"deny"');
    // Nor does an escalation of the same relative path in the session's own project count for it.
    expect(await hook("src/util.ts")).toContain('"permissionDecision":"deny"');
  });
});
