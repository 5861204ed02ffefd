import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { helperSocket } from "../../src/hook/helper-place.js";
import { trustedEnv, warmEnv } from "../../src/hook/helper-trust.js";

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
  it("writes the session's env file and the plugin's data note only where Claude Code puts them", () => {
    const good = { CLAUDE_ENV_FILE: "/home/u/.claude/session-env/1f2e/sessionstart-hook-0.sh", CLAUDE_PLUGIN_DATA: "/home/u/.claude/plugins/data/local-delegate-inline", HOME: "/home/u" };
    expect(trustedEnv(good)).toEqual(good);
    for (const file of ["/home/u/.bashrc", "/home/u/.claude/session-env/x/.bashrc", "session-env/x/sessionstart-hook-0.sh", "/etc/session-env/x/y/sessionstart-hook-0.sh"]) {
      expect(trustedEnv({ ...good, CLAUDE_ENV_FILE: file }).CLAUDE_ENV_FILE, file).toBeUndefined();
    }
    for (const dir of ["/home/u/.ssh", "plugins/data/x", "/home/u/.claude/plugins/x/y"]) {
      expect(trustedEnv({ ...good, CLAUDE_PLUGIN_DATA: dir }).CLAUDE_PLUGIN_DATA, dir).toBeUndefined();
    }
  });

  it("starts a warm-up with the settings and the network's variables, never with one that loads code", () => {
    const env = { HOME: "/h", PATH: "/bin", LOCAL_DELEGATE_MODEL: "m", CLAUDE_PLUGIN_OPTION_BASE_URL: "http://x", XDG_STATE_HOME: "/s", HTTPS_PROXY: "http://p", no_proxy: "localhost", NODE_OPTIONS: "--require /tmp/evil.js", LD_PRELOAD: "/tmp/evil.so", DYLD_INSERT_LIBRARIES: "/tmp/e.dylib", NODE_PATH: "/tmp" };
    expect(warmEnv(env)).toEqual({ HOME: "/h", PATH: "/bin", LOCAL_DELEGATE_MODEL: "m", CLAUDE_PLUGIN_OPTION_BASE_URL: "http://x", XDG_STATE_HOME: "/s", HTTPS_PROXY: "http://p", no_proxy: "localhost" });
  });
});
