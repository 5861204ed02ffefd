import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";

// Set before any module loads: picocolors decides from the process's own environment at import,
// and turns colours on whenever CI is set, which is how escape codes once reached piped output.
vi.hoisted(() => {
  process.env.CI = "1";
});

import { wantsColor } from "../../src/util/colors.js";
import { builtCli } from "../support/dist.js";
import { runCli, tempProject } from "../support/project.js";

const ESC = "\x1b[";
const proj = tempProject();
afterAll(() => proj.cleanup());
const DEAD = { LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1/v1", LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "300" };

describe("colour", () => {
  it("is decided from the command's own environment and terminal, not from CI", () => {
    expect(wantsColor({ CI: "1" }, false)).toBe(false);
    expect(wantsColor({}, true)).toBe(true);
    expect(wantsColor({ TERM: "dumb" }, true)).toBe(false);
    expect(wantsColor({ NO_COLOR: "1", FORCE_COLOR: "1" }, true)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: "0" }, true)).toBe(false);
  });

  it("stays out of captured output even when the process has CI set", async () => {
    const r = await runCli(["classify", "-d", "Write a clamp(n, lo, hi) function"], { cwd: proj.root, home: proj.home, env: DEAD });
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stdout).not.toContain(ESC);
  });

  it("comes back for FORCE_COLOR, and the next command without it is plain again", async () => {
    const forced = await runCli(["classify", "-d", "Write a clamp(n, lo, hi) function"], { cwd: proj.root, home: proj.home, env: { ...DEAD, FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain(ESC);
    const plain = await runCli(["classify", "-d", "Write a clamp(n, lo, hi) function"], { cwd: proj.root, home: proj.home, env: DEAD });
    expect(plain.stdout).not.toContain(ESC);
  });

  it("the shipped bundle, piped as Claude's Bash pipes it, prints no escape codes", () => {
    const r = spawnSync(process.execPath, [builtCli(), "doctor"], {
      cwd: proj.root,
      env: { PATH: process.env.PATH, HOME: proj.home, CI: "true", ...DEAD },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.stdout).toMatch(/server/);
    expect(r.stdout + r.stderr).not.toContain(ESC);
  });
});

describe("colour on stderr", () => {
  it("follows stderr's own terminal: progress is coloured while stdout, redirected, stays plain", async () => {
    const { main } = await import("../../src/cli/main.js");
    const { startFakeOpenAIServer } = await import("../support/fake-openai-server.js");
    const server = await startFakeOpenAIServer({ flavor: "lmstudio" });
    server.setScript([{ content: "```ts\nexport const c = 1;\n```\n" }]);
    const spec = proj.spec({ task_id: "c", description: "Write c", output_file: "src/c.ts" });
    let out = "";
    let err = "";
    await main(["run", spec], {
      stdout: (s) => void (out += s),
      stderr: (s) => void (err += s),
      env: { PATH: process.env.PATH, HOME: proj.home, TERM: "xterm-256color", LOCAL_DELEGATE_BASE_URL: server.baseUrl },
      cwd: proj.root,
      stderrIsTTY: true,
      stdoutIsTTY: false,
      readStdin: async () => ({ ok: true, value: "" }),
    }).finally(() => server.close());
    expect(JSON.parse(out)).toMatchObject({ status: "success" });
    expect(err).toContain("local-delegate");
    expect(err).toContain(ESC + "2m");
    expect(out).not.toContain(ESC);
  });
});
