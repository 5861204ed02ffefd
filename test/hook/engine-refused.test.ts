import { linkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { onPreToolUse } from "../../src/hook/pre-tool.js";
import { parseEvent, type PreToolUseEvent } from "../../src/hook/event.js";
import { writeHealthCache } from "../../src/model/health-cache.js";
import { DELEGABLE_UTIL } from "../support/delegable.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

// A file the engine refuses to write before it asks the model (spec/target.ts: one with other hard
// links, another user's), saying "write it yourself", must not be refused to Claude in enforce
// mode: the refusal sends Claude back to the engine, which refuses again, and the file cannot be
// written at all.

let proj: TempProject;
afterEach(() => proj?.cleanup());

const BASE = "http://127.0.0.1:9/v1";
const OLD = "export const clamp = (n: number) => n;\n";

function env(): Record<string, string> {
  return { HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state"), XDG_CONFIG_HOME: join(proj.home, "config"), LOCAL_DELEGATE_BASE_URL: BASE, LOCAL_DELEGATE_HOOK_MODE: "enforce" };
}

async function hook(rel: string): Promise<string> {
  const event = parseEvent({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: proj.root, session_id: "s1", tool_input: { file_path: join(proj.root, rel), content: DELEGABLE_UTIL } }) as PreToolUseEvent;
  return JSON.stringify(await onPreToolUse(event, { env: env(), cwd: proj.root, cliPath: "/x/cli.js" }));
}

function serverUp(): void {
  writeHealthCache(join(proj.home, "state", "local-delegate"), BASE, { up: true, model: "m", checked_at: new Date().toISOString() });
}

describe("enforce: a file the engine refuses to write", () => {
  it("lets Claude write a file with another hard link, which the engine tells it to write itself", async () => {
    proj = tempProject({ "src/clamp.ts": OLD });
    linkSync(join(proj.root, "src/clamp.ts"), join(proj.root, "shared-clamp.ts"));
    serverUp();
    // The delegation the refusal asks for is itself refused before any model is asked...
    const spec = JSON.stringify({ task_id: "clamp", description: "Export clamp(n, lo, hi)", output_file: "src/clamp.ts", kind: "code" });
    const run = await runCli(["run", "-"], { cwd: proj.root, home: proj.home, env: env(), stdin: spec });
    expect(run.json?.status).toBe("invalid");
    expect(run.json?.hint).toContain("write it yourself");
    // ...so the hook must let Claude write it.
    expect(await hook("src/clamp.ts")).toBe("null");
  });

  it("near miss: the same file with no other link is still refused", async () => {
    proj = tempProject({ "src/clamp.ts": OLD, "src/new/.keep": "" });
    serverUp();
    for (const rel of ["src/clamp.ts", "src/new/clamp.ts"]) expect(await hook(rel), rel).toContain('"permissionDecision":"deny"');
  });
});
