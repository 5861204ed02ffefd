import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UNMEASURED } from "../../src/hook/policy.js";
import { runHook } from "../../src/hook/run-hook.js";
import { recordedModel } from "../../src/classify/adaptive.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

// A run asks the server for the listed model whose id holds the configured name when none is that
// name exactly (Ollama lists `qwen2.5-coder:latest` for what everyone calls `qwen2.5-coder`), and
// the ledger and the user's record keep the id that answered. Routing must read the record of the
// model the runs used, not an empty one under the name as configured.

let server: FakeOpenAIServer;
const projects: TempProject[] = [];
afterEach(async () => {
  await server?.close();
  for (const p of projects.splice(0)) p.cleanup();
});

const UTIL = `${Array.from({ length: 12 }, (_, i) => `export const d${i} = (n: number) => n * ${i};`).join("\n")}\n`;
const BROKEN = { content: "```ts\nexport const d0 = (n: number => n;\n```" };

async function escalateFour(proj: TempProject, env: Record<string, string>): Promise<void> {
  server.setScript(() => BROKEN);
  for (let i = 0; i < 4; i++) {
    const r = await runCli(["run", "-"], { cwd: proj.root, home: proj.home, env, stdin: JSON.stringify({ task_id: `t${i}`, description: "Twelve multipliers", output_file: `src/m${i}.ts` }) });
    expect(r.json?.status).toBe("escalated");
  }
}

async function verdicts(proj: TempProject, env: Record<string, string>) {
  proj.write("src/u.ts", UTIL);
  const classify = (await runCli(["classify", "--file", "src/u.ts", "--json"], { cwd: proj.root, home: proj.home, env })).json;
  const event = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: proj.root, session_id: "s", tool_input: { file_path: join(proj.root, "src/u.ts"), content: UTIL } });
  const hook = JSON.stringify(await runHook(event, { env: { ...env, HOME: proj.home, LOCAL_DELEGATE_HOOK_MODE: "enforce", LOCAL_DELEGATE_HOOK_HELPER: "0" }, cwd: proj.root, cliPath: "/x" }));
  const start = JSON.stringify({ hook_event_name: "SessionStart", source: "startup", cwd: proj.root, session_id: "s" });
  const session = JSON.stringify(await runHook(start, { env: { ...env, HOME: proj.home, LOCAL_DELEGATE_HOOK_HELPER: "0" }, cwd: proj.root, cliPath: "/x", warm: () => undefined }));
  return { classify, hook, session };
}

describe("the record of a model configured by part of its id", () => {
  it("routes code to Claude after four escalations on Ollama's `name:latest`, in classify and in the hook alike", async () => {
    server = await startFakeOpenAIServer({ flavor: "ollama", models: [{ id: "qwen2.5-coder:latest" }] });
    const proj = tempProject();
    projects.push(proj);
    const env = { XDG_STATE_HOME: join(proj.home, "state"), LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_MODEL: "qwen2.5-coder" };
    await escalateFour(proj, env);
    const v = await verdicts(proj, env);
    expect(v.classify).toMatchObject({ verdict: "claude", record: { samples: 4, first_pass: 0 } });
    expect(v.hook).not.toContain('"permissionDecision":"deny"');
    // Nor does each session start ask for the model to be qualified, as if it had no record.
    expect(v.session).toContain("is up");
    expect(v.session).not.toContain(UNMEASURED);
    // The report's model record says so too, instead of "no record yet".
    const report = await runCli(["report"], { cwd: proj.root, home: proj.home, env });
    expect(report.stdout).not.toContain("has no record yet");
    expect(report.stdout).toContain("0/4 first-pass");
    // Another project of the user's is routed by the same record (the user's, under the id that answered).
    const next = tempProject();
    projects.push(next);
    const nextEnv = { ...env, XDG_STATE_HOME: join(proj.home, "state") };
    const w = await verdicts(next, nextEnv);
    expect(w.classify).toMatchObject({ verdict: "claude", record: { samples: 4, first_pass: 0 } });
    expect(w.hook).not.toContain('"permissionDecision":"deny"');
    expect(w.session).not.toContain(UNMEASURED);
  });

  it("near miss: the record of another model whose id holds the name differently is not taken", async () => {
    server = await startFakeOpenAIServer({ flavor: "ollama", models: [{ id: "deepseek-coder:latest" }] });
    const proj = tempProject();
    projects.push(proj);
    const env = { XDG_STATE_HOME: join(proj.home, "state"), LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_MODEL: "deepseek-coder" };
    await escalateFour(proj, env);
    // The config now names a model of which no attempt is on record: judged on the static criteria.
    const other = { ...env, LOCAL_DELEGATE_MODEL: "qwen2.5-coder" };
    const v = await verdicts(proj, other);
    expect(v.classify).toMatchObject({ verdict: "local", record: null });
    expect(v.hook).toContain('"permissionDecision":"deny"');
    expect(v.session).toContain(UNMEASURED);
  });
});

describe("recordedModel", () => {
  const run = (model: string, server = "http://box:11434/v1") => ({ event: "run", kind: "code", status: "escalated", attempts: 2, model, server });
  it("keeps a name that attempts have exactly, even when a longer id holding it came later", () => {
    expect(recordedModel("qwen2.5-coder:7b", [run("qwen2.5-coder:7b"), run("qwen2.5-coder:7b-instruct-q8_0")])).toBe("qwen2.5-coder:7b");
  });
  it("takes the latest id holding the name, on the server tasks go to only", () => {
    const user = { dir: "/nonexistent", server: "http://box:11434/v1", project: "/p" };
    expect(recordedModel("qwen2.5-coder", [run("qwen2.5-coder:latest"), run("qwen2.5-coder:14b", "http://other:11434/v1")], user)).toBe("qwen2.5-coder:latest");
    expect(recordedModel("qwen2.5-coder", [run("qwen2.5-coder:14b", "http://other:11434/v1")], user)).toBe("qwen2.5-coder");
  });
});
