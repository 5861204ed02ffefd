import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { helperSocket } from "../../src/hook/helper-place.js";
import { CONFIG_KEYS } from "../../src/config/schema.js";
import { NOT_SETTINGS, trustedEnv, warmEnv } from "../../src/hook/helper-trust.js";

// Where a hook looks for its helper, and what the helper takes from a hook's request.

let base = "";
afterEach(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

describe("the helper's socket, as a hook finds it", () => {
  it("is in the user's state folder, and is not asked when switched off or too long a path for a socket", () => {
    base = mkdtempSync(join(tmpdir(), "ld-place-"));
    const env = { HOME: base, XDG_STATE_HOME: join(base, "state") };
    expect(helperSocket(env)).toBe(join(base, "state", "local-delegate", "hook-helper", "dev.sock"));
    for (const off of ["0", "off", "false"]) expect(helperSocket({ ...env, LOCAL_DELEGATE_HOOK_HELPER: off })).toBeNull();
    expect(helperSocket({ ...env, LOCAL_DELEGATE_HOOK_HELPER: "1" })).not.toBeNull();
    // sun_path holds 104 bytes on macOS: a longer path is no helper, not a cut one.
    expect(helperSocket({ HOME: base, XDG_STATE_HOME: join(base, "x".repeat(80)) })).toBeNull();
  });

  it("is not asked in a folder that is not the user's alone: open to others, or a link", () => {
    base = mkdtempSync(join(tmpdir(), "ld-place-"));
    const env = { HOME: base, XDG_STATE_HOME: join(base, "state") };
    const dir = join(base, "state", "local-delegate", "hook-helper");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    expect(helperSocket(env)).not.toBeNull();
    chmodSync(dir, 0o750);
    expect(helperSocket(env)).toBeNull();
    rmSync(dir, { recursive: true });
    mkdirSync(join(base, "elsewhere"), { mode: 0o700 });
    symlinkSync(join(base, "elsewhere"), dir);
    expect(helperSocket(env)).toBeNull();
  });
});

describe("what the helper takes from a request", () => {
  const own = { HOME: "/home/u", PATH: "/usr/bin", XDG_STATE_HOME: "/home/u/.local/state", CLAUDE_PLUGIN_DATA: "/home/u/.claude/plugins/data/local-delegate-inline", LOCAL_DELEGATE_HOOK_HELPER_OF: "/s.sock" };

  it("never the session's env file (the hook writes it), and the plugin's data folder only when it is the helper's own", () => {
    const req = { HOME: "/home/u", CLAUDE_ENV_FILE: "/home/u/.claude/session-env/other-session/sessionstart-hook-0.sh", CLAUDE_PLUGIN_DATA: own.CLAUDE_PLUGIN_DATA };
    expect(trustedEnv(req, own)).toEqual({ HOME: "/home/u", CLAUDE_PLUGIN_DATA: own.CLAUDE_PLUGIN_DATA });
    expect(trustedEnv({ ...req, CLAUDE_PLUGIN_DATA: "/home/u/.claude/plugins/data/someone-else" }, own).CLAUDE_PLUGIN_DATA).toBeUndefined();
  });

  it("starts a warm-up from the helper's own HOME, state folder and PATH, with the request's settings, never with what loads code", () => {
    const req = {
      HOME: "/tmp/evil-home",
      XDG_STATE_HOME: "/tmp/evil-state",
      PATH: "/tmp/evil-bin",
      LOCAL_DELEGATE_MODEL: "m",
      LOCAL_DELEGATE_BASE_URL: "http://x",
      CLAUDE_PLUGIN_OPTION_API_KEY: "k",
      CLAUDE_PLUGIN_OPTION_EVIL: "e",
      HTTPS_PROXY: "http://evil-proxy",
      CLAUDE_PROJECT_DIR: "/p",
      NODE_OPTIONS: "--require /tmp/evil.js",
      LD_PRELOAD: "/tmp/evil.so",
      DYLD_INSERT_LIBRARIES: "/tmp/e.dylib",
      LOCAL_DELEGATE_TEST_PAUSE: "write",
      LOCAL_DELEGATE_HOOK_HELPER_OF: "/tmp/x.sock",
      LOCAL_DELEGATE_JOB_ID: "j",
    };
    expect(warmEnv(req, { ...own, https_proxy: "http://proxy" })).toEqual({
      HOME: "/home/u",
      PATH: "/usr/bin",
      XDG_STATE_HOME: "/home/u/.local/state",
      CLAUDE_PLUGIN_DATA: own.CLAUDE_PLUGIN_DATA,
      https_proxy: "http://proxy",
      LOCAL_DELEGATE_MODEL: "m",
      LOCAL_DELEGATE_BASE_URL: "http://x",
      CLAUDE_PLUGIN_OPTION_API_KEY: "k",
      CLAUDE_PROJECT_DIR: "/p",
    });
  });

  it("keeps from a warm-up every LOCAL_DELEGATE_ name in src/ that is not a setting", () => {
    const names = new Set<string>();
    for (const f of readdirSync("src", { recursive: true }).map(String).filter((f) => f.endsWith(".ts"))) {
      for (const m of readFileSync(join("src", f), "utf8").matchAll(/LOCAL_DELEGATE_[A-Z_]+/g)) names.add(m[0]);
    }
    const settings = new Set(CONFIG_KEYS.map((k) => `LOCAL_DELEGATE_${k.toUpperCase()}`));
    const others = [...names].filter((n) => !settings.has(n) && n !== "LOCAL_DELEGATE_");
    expect(others.length).toBeGreaterThan(3);
    for (const n of others) expect(NOT_SETTINGS.test(n), n).toBe(true);
    for (const n of settings) expect(NOT_SETTINGS.test(n), n).toBe(false);
  });
});
