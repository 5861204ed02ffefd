import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { onPreToolUse } from "../../src/hook/pre-tool.js";
import { parseEvent, type PreToolUseEvent } from "../../src/hook/event.js";
import { writeHealthCache } from "../../src/model/health-cache.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

// In enforce mode the hook refuses Claude a delegable Write and tells it to delegate. A file the
// engine will never write (it refuses the spec before asking the model, and says "write that file
// yourself") must then not be refused: Claude would be sent round in a circle, with no way to
// write the file at all.

let proj: TempProject;
afterEach(() => proj?.cleanup());

const BASE = "http://127.0.0.1:9/v1";
// A slash command of a package in a monorepo: Markdown, 14 lines, delegable by its content.
const DOC = `# Review\n\n${Array.from({ length: 12 }, (_, i) => `- Check point ${i} of the review before merging.`).join("\n")}\n`;

function env(): Record<string, string> {
  return { HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state"), XDG_CONFIG_HOME: join(proj.home, "config"), LOCAL_DELEGATE_BASE_URL: BASE, LOCAL_DELEGATE_HOOK_MODE: "enforce" };
}

async function hook(rel: string): Promise<string> {
  const event = parseEvent({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: proj.root, session_id: "s1", tool_input: { file_path: join(proj.root, rel), content: DOC } }) as PreToolUseEvent;
  return JSON.stringify(await onPreToolUse(event, { env: env(), cwd: proj.root, cliPath: "/x/cli.js" }));
}

describe("enforce: files the engine refuses to write", () => {
  it("lets Claude write under a package's own .claude/ or a .git/ at any depth, as the engine tells it to", async () => {
    proj = tempProject();
    writeHealthCache(join(proj.home, "state", "local-delegate"), BASE, { up: true, model: "m", checked_at: new Date().toISOString() });
    for (const rel of ["packages/app/.claude/commands/review.md", "packages/app/.Claude/agents/review.md", ".CLAUDE/agents/review.md", "vendor/lib/.git/info/review.md"]) {
      // The delegation the refusal asks for is itself refused before any model is asked...
      const spec = JSON.stringify({ task_id: "review", description: "A review checklist", output_file: rel, kind: "doc" });
      const run = await runCli(["run", "-"], { cwd: proj.root, home: proj.home, env: env(), stdin: spec });
      expect(run.json?.status, rel).not.toBe("success");
      expect(run.json?.error, rel).toMatch(/\.claude\/|\.git\//);
      // ...so the hook must let Claude write it.
      expect(await hook(rel), rel).toBe("null");
    }
  });

  it("still refuses the same file elsewhere in the package (near miss)", async () => {
    proj = tempProject();
    writeHealthCache(join(proj.home, "state", "local-delegate"), BASE, { up: true, model: "m", checked_at: new Date().toISOString() });
    for (const rel of ["packages/app/docs/review.md", "packages/app/claude/review.md", "packages/app/.claude-notes/review.md"]) {
      expect(await hook(rel), rel).toContain('"permissionDecision":"deny"');
    }
  });
});
