import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, userConfigPath } from "../../src/config/load.js";
import { readConfigSnapshot } from "../../src/config/snapshot.js";
import { loadConfigWithSnapshot } from "../../src/config/snapshot-write.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

// A config kept elsewhere and linked in (a dotfiles repository, GNU Stow's folder links) whose
// target was moved or is not checked out on this machine read as no file at all: every setting
// in it silently took its default (another server, hook_mode nudge instead of enforce), and
// doctor said "no config file".

let dir: TmpDir;
let root: string;
let userDir: string;
let state: string;
beforeEach(() => {
  dir = tmpDir("ld-broken-link-");
  root = dir.join("project");
  userDir = dir.join("config");
  state = dir.join("state");
  mkdirSync(join(root, ".claude"), { recursive: true });
  mkdirSync(userDir, { recursive: true });
});
afterEach(() => dir.cleanup());

const src = () => ({ root, env: { HOME: dir.join("home") }, userConfigDir: userDir });
const userFile = () => userConfigPath({}, userDir);

describe("a config file behind a symbolic link that leads nowhere", () => {
  it("is refused, naming the link and where it points, not read as no file", () => {
    mkdirSync(join(userDir, "local-delegate"));
    symlinkSync(dir.join("dotfiles", "local-delegate.yaml"), userFile());
    const r = loadConfig(src());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("CONFIG_INVALID");
    expect(r.error.message).toContain(userFile());
    expect(r.error.message).toContain(dir.join("dotfiles", "local-delegate.yaml"));
  });

  it("is refused when the link is its folder (GNU Stow links a whole folder)", () => {
    symlinkSync(dir.join("dotfiles", "local-delegate"), join(userDir, "local-delegate"));
    const r = loadConfig(src());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(join(userDir, "local-delegate"));
  });

  it("is read through a link that leads somewhere; a linked folder without the file is no file", () => {
    mkdirSync(dir.join("dotfiles", "local-delegate"), { recursive: true });
    symlinkSync(dir.join("dotfiles", "local-delegate"), join(userDir, "local-delegate"));
    expect(loadConfig(src())).toMatchObject({ ok: true, value: { files: [] } });
    writeFileSync(dir.join("dotfiles", "local-delegate", "config.yaml"), "hook_mode: enforce\n");
    expect(loadConfig(src())).toMatchObject({ ok: true, value: { config: { hook_mode: "enforce" } } });
  });

  it("makes the hook's snapshot stale when it appears, as the commands refuse it", () => {
    const later = Date.now() + 60_000;
    expect(loadConfigWithSnapshot(src(), state, later).ok).toBe(true);
    expect(readConfigSnapshot(state, src())).toMatchObject({ fresh: true });
    mkdirSync(join(userDir, "local-delegate"));
    symlinkSync(dir.join("dotfiles", "local-delegate.yaml"), userFile());
    expect(readConfigSnapshot(state, src()).fresh).toBe(false);
    expect(loadConfigWithSnapshot(src(), state, later).ok).toBe(false);
    expect(readConfigSnapshot(state, src())).toEqual({ fresh: true, config: null });
  });
});
