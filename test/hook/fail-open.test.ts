import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { builtHook, builtHookFor, hookEntries } from "../support/dist.js";
import { deadBaseUrl, tempProject, type TempProject } from "../support/project.js";

// The hook sits between Claude and every Write: whatever goes wrong, it must exit 0 and say
// nothing (allow). These run the built bundle, as Claude Code does.
let proj: TempProject;
let DEAD = "";
beforeAll(async () => {
  DEAD = await deadBaseUrl();
});
afterEach(() => proj?.cleanup());

function hook(stdin: string, env: Record<string, string> = {}, entry = builtHookFor(stdin)) {
  return spawnSync(process.execPath, [entry], {
    input: stdin,
    encoding: "utf8",
    timeout: 15_000,
    env: { PATH: process.env.PATH, HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state"), LOCAL_DELEGATE_BASE_URL: DEAD, ...env },
  });
}
const write = (root: string) => JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: root, session_id: "s1", tool_input: { file_path: join(root, "src/a.ts"), content: Array.from({ length: 12 }, (_, i) => `export const k${i} = (n: number) => n * ${i};`).join("\n") + "\n" } });

describe("the hook fails open", () => {
  const bad: Array<[string, string]> = [
    ["empty input", ""],
    ["not JSON", "{{{ nope"],
    ["JSON of the wrong shape", '{"tool_name": 3}'],
    ["an unknown event", '{"hook_event_name": "Stop"}'],
    ["a Write without content", '{"hook_event_name":"PreToolUse","tool_name":"Write","tool_input":{"file_path":"/x"}}'],
  ];
  for (const [name, input] of bad) {
    it(`${name}: exit 0, no output, from every entry (each event's and dist/hook.cjs)`, () => {
      proj = tempProject();
      for (const entry of [builtHook(), ...Object.keys(hookEntries()).map((e) => builtHook(e as keyof ReturnType<typeof hookEntries>))]) {
        const r = hook(input, {}, entry);
        expect(r.status, entry).toBe(0);
        expect(r.stdout, entry).toBe("");
      }
    });
  }

  it("an event sent to another event's entry: exit 0, no output", () => {
    proj = tempProject();
    const prompt = JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt: "Add a date formatting helper and its tests", cwd: proj.root });
    // The prompt's own entry answers it, the others stay silent.
    expect(hook(prompt, {}, builtHook("UserPromptSubmit")).stdout).toContain("decompose this");
    for (const other of ["SessionStart", "PreToolUse"] as const) expect(hook(prompt, {}, builtHook(other)).stdout, other).toBe("");
  });

  it("a broken config file: exit 0, no output, even in a project that asks for enforce", () => {
    proj = tempProject();
    mkdirSync(join(proj.root, ".claude"), { recursive: true });
    writeFileSync(join(proj.root, ".claude/local-delegate.yaml"), "hook_mode: [enforce\n");
    const r = hook(write(proj.root));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
  });

  it("an unwritable ledger: the decision still comes back", () => {
    proj = tempProject();
    // A file where the data folder should be: appending to the ledger fails.
    mkdirSync(join(proj.root, ".claude"), { recursive: true });
    writeFileSync(join(proj.root, ".claude/local-delegate"), "not a folder");
    const r = hook(write(proj.root), { LOCAL_DELEGATE_HOOK_MODE: "enforce" });
    expect(r.status).toBe(0);
    // The server is down (port 9), so the write is allowed with a note.
    expect(JSON.parse(r.stdout).hookSpecificOutput.additionalContext).toContain("server is down");
  });

  it("a missing config: defaults (nudge) apply", () => {
    proj = tempProject();
    const r = hook(write(proj.root));
    expect(r.status).toBe(0);
  });

  it.skipIf(process.platform !== "linux")("a state folder that can never be made (HOME under /proc): answered, not looping until Claude Code kills it", () => {
    // Node's recursive mkdir loops for ever, in synchronous code, where a level fails with ENOENT
    // though its parent exists; the hook's own deadline cannot fire there.
    proj = tempProject();
    const started = Date.now();
    const r = hook(write(proj.root), { HOME: "/proc/1", XDG_STATE_HOME: "", LOCAL_DELEGATE_HOOK_MODE: "enforce" });
    expect(r.error, "the hook was still running at the 15 s limit").toBeUndefined();
    expect(r.status).toBe(0);
    expect(Date.now() - started).toBeLessThan(12_000);
  });
});
