import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { statuslineCommand } from "../../src/cli/commands/statusline.js";
import { healthCachePath, readHealthCache, writeHealthCache } from "../../src/model/health-cache.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let proj: TempProject;
let state: string;
beforeEach(() => {
  proj = tempProject();
  state = join(proj.home, ".state", "local-delegate");
});
afterEach(() => proj.cleanup());

const now = new Date();
const run = (ts: Date, task: string, saved: number) => JSON.stringify({ v: 1, ts: ts.toISOString(), event: "run", task_id: task, kind: "code", file: `src/${task}.ts`, status: "success", attempts: 1, claude: { spent: 100, would_have: 100 + saved, saved, saved_ratio: null, tokenizer: "cl100k_base", factor: 1.2 } });

/** `probeMs`: how long it may wait for the server; the command's own 300 ms unless a test needs the server's answer whatever the load. */
function statusline(env: Record<string, string>, stdin?: string, probeMs?: number) {
  return runCli(["statusline"], {
    cwd: proj.home,
    home: proj.home,
    env: { NO_COLOR: "1", ...env },
    stdin: stdin ?? JSON.stringify({ session_id: "s", cwd: proj.root, workspace: { current_dir: proj.root, project_dir: proj.root }, model: { id: "claude-opus-5-5" } }),
    ...(probeMs ? { command: (argv: string[], io: CliIO) => statuslineCommand(argv, io, new Date(), probeMs) } : {}),
  });
}

describe("statusline", () => {
  it("shows the cached server state and today's figures without asking the server", async () => {
    const base = "http://127.0.0.1:9/v1"; // nothing listens: any request would show "down"
    writeHealthCache(state, base, { up: true, model: "qwen2.5-coder-7b-instruct", checked_at: new Date().toISOString() });
    const yesterday = new Date(now.getTime() - 36 * 3600_000);
    proj.write(".claude/local-delegate/ledger.jsonl", [run(yesterday, "old", 5000), run(now, "a", 1200), run(now, "b", 2000), "garbage"].join("\n") + "\n");
    const r = await statusline({ LOCAL_DELEGATE_BASE_URL: base });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("● local qwen2.5-coder-7b-instruct · today 2 delegated · 3.2k Claude tokens saved\n");
  });

  it("asks the server when the cache is stale, and writes the cache for next time", async () => {
    const server: FakeOpenAIServer = await startFakeOpenAIServer({ flavor: "vllm" });
    try {
      writeHealthCache(state, server.baseUrl, { up: false, model: null, checked_at: new Date(Date.now() - 3600_000).toISOString() });
      // 300 ms is the status line's budget for a local server; on a loaded machine the fake one, in
      // this very process, may need longer: this test is about asking and caching, not speed.
      const r = await statusline({ LOCAL_DELEGATE_BASE_URL: server.baseUrl }, undefined, 20_000);
      expect(r.stdout).toBe("● local Qwen/Qwen2.5-Coder-7B-Instruct · today 0 delegated\n");
      // The model list, then LM Studio's native list for which model is loaded (vLLM has none).
      expect(server.requests.map((q) => q.path)).toEqual(["/v1/models", "/api/v0/models"]);
      const cached = readHealthCache(state, server.baseUrl)!;
      expect(cached).toMatchObject({ up: true, model: "Qwen/Qwen2.5-Coder-7B-Instruct" });
      expect(Date.now() - Date.parse(cached.checked_at)).toBeLessThan(10_000);
    } finally {
      await server.close();
    }
  });

  it("says the server is down within its time limit", async () => {
    const t0 = Date.now();
    const r = await statusline({ LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:9/v1" });
    expect(r.stdout).toBe("○ local server down · today 0 delegated\n");
    // Against waiting on the server at all (a refused port answers at once), not a speed goal.
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(existsSync(healthCachePath(state, "http://127.0.0.1:9/v1"))).toBe(true);
  });

  it("prints nothing and exits 0 on error, and works with no stdin at all", async () => {
    proj.write(".claude/local-delegate.yaml", "base_url: [not, a, url]\n");
    const bad = await statusline({});
    expect(bad).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const noInput = await runCli(["statusline"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:9/v1", NO_COLOR: "1" } });
    expect(noInput.code).toBe(0);
  });
});

describe("the health cache file", () => {
  it("is named after the server URL and ignores a damaged file", () => {
    const p = healthCachePath(state, "http://localhost:1234/v1");
    expect(p).toMatch(/health-[0-9a-f]{16}\.json$/);
    expect(writeHealthCache(state, "http://localhost:1234/v1", { up: true, model: null, checked_at: "2026-11-25T10:00:00.000Z" })).toBe(true);
    expect(JSON.parse(readFileSync(p, "utf8"))).toEqual({ up: true, model: null, checked_at: "2026-11-25T10:00:00.000Z" });
    writeFileSync(p, "{not json");
    expect(readHealthCache(state, "http://localhost:1234/v1")).toBeNull();
  });
});
