import { execFile } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DELEGABLE_UTIL } from "../support/delegable.js";
import { builtHook } from "../support/dist.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { ledgerEntries, runCli, tempProject, type TempProject } from "../support/project.js";

// local-code.md tells Claude, on `unavailable`: "tell the user the hint; write the file yourself
// only if the user says so". A server that lists its models but never finishes a chat is up for
// the hook's health check, so in enforce mode the Write the user asked for must still go through:
// the local run for that very file has just said the model cannot do it.
let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_HOOK_MODE: "enforce", LOCAL_DELEGATE_HOOK_HELPER: "0" });

/** The PreToolUse entry Claude Code runs, for a Write of `rel` with the delegable utility. */
// Not spawnSync: the fake server answers the hook's health check from this process's event loop.
function writeHook(rel: string): Promise<string> {
  const event = { hook_event_name: "PreToolUse", tool_name: "Write", cwd: proj.root, session_id: "s1", tool_input: { file_path: join(proj.root, rel), content: DELEGABLE_UTIL } };
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [builtHook("PreToolUse")],
      { encoding: "utf8", timeout: 15_000, env: { PATH: process.env.PATH, HOME: proj.home, XDG_CONFIG_HOME: join(proj.home, ".config"), XDG_STATE_HOME: join(proj.home, ".state"), ...env() } },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
    child.stdin?.end(JSON.stringify(event));
  });
}

async function runClamp(): Promise<string> {
  const spec = proj.spec({ task_id: "clamp", kind: "code", description: "Export clamp(n, lo, hi): n limited to [lo, hi].", output_file: "src/clamp.ts" });
  const r = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { ...env(), LOCAL_DELEGATE_TIMEOUT_MS: "1000", LOCAL_DELEGATE_RETRIES: "0" } });
  return r.json.status as string;
}

describe("enforce mode after a local run of the same file", () => {
  it("unavailable (the server lists its models, the chat never answers): Claude's Write is not denied", async () => {
    server.setScript([{ hang: true }]);
    expect(await runClamp()).toBe("unavailable");
    const out = await writeHook("src/clamp.ts");
    expect(out).not.toContain('"permissionDecision":"deny"');
    expect(ledgerEntries(proj.root).filter((e) => e.event === "hook").map((e) => e.decision)).toEqual(["allowed-server-down"]);
  }, 30_000);

  it("near miss: another file, with no run of its own, is still denied", async () => {
    server.setScript([{ hang: true }]);
    expect(await runClamp()).toBe("unavailable");
    expect(JSON.parse(await writeHook("src/clamp2.ts"))).toMatchObject({ hookSpecificOutput: { permissionDecision: "deny" } });
  }, 30_000);
});
