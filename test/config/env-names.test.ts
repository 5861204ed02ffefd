import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, projectConfigPath } from "../../src/config/load.js";
import { CONFIG_KEYS } from "../../src/config/schema.js";
import { readConfigSnapshot } from "../../src/config/snapshot.js";
import { loadConfigWithSnapshot } from "../../src/config/snapshot-write.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

// A misspelt variable (`LOCAL_DELEGATE_BASEURL`) left the setting it meant at another value
// without a word: the code went to the default server. A misspelt key in a file is refused with
// the key it was probably meant to be; a variable is now too.

let dir: TmpDir;
let root: string;
let state: string;
beforeEach(() => {
  dir = tmpDir("ld-env-names-");
  root = dir.join("project");
  state = dir.join("state");
  mkdirSync(join(root, ".claude"), { recursive: true });
});
afterEach(() => dir.cleanup());

const src = (env: Record<string, string> = {}) => ({ root, env: { HOME: dir.join("home"), ...env }, userConfigDir: dir.join("config") });
/** Later than any file here was changed: the files are not "racily" new. */
const later = () => Date.now() + 60_000;

describe("LOCAL_DELEGATE_ variables that name no setting", () => {
  it("refuses one that is a setting misspelt, naming it and the setting it is close to", () => {
    const cases: [string, string][] = [
      ["LOCAL_DELEGATE_BASEURL", "LOCAL_DELEGATE_BASE_URL"],
      ["LOCAL_DELEGATE_TIMEOUT", "LOCAL_DELEGATE_TIMEOUT_MS"],
      ["LOCAL_DELEGATE_TEST_TIMEOUT", "LOCAL_DELEGATE_TEST_TIMEOUT_MS"],
      ["LOCAL_DELEGATE_HOOKMODE", "LOCAL_DELEGATE_HOOK_MODE"],
      ["LOCAL_DELEGATE_ENDPOINT", "LOCAL_DELEGATE_ENDPOINTS"],
    ];
    for (const [typo, meant] of cases) {
      const r = loadConfig(src({ [typo]: "http://gpu-box:1234/v1" }));
      expect(r.ok, typo).toBe(false);
      if (r.ok) continue;
      expect(r.error).toMatchObject({ code: "CONFIG_INVALID", field: typo });
      expect(r.error.message).toContain(`did you mean ${meant}?`);
      expect(r.error.hint).toContain(meant);
    }
  });

  it("leaves alone the plugin's own markers, a name close to no setting, and an empty value", () => {
    const env = {
      LOCAL_DELEGATE_HOOK_HELPER: "0",
      LOCAL_DELEGATE_HOOK_HELPER_IDLE_MS: "100",
      LOCAL_DELEGATE_JOB_ID: "j1",
      LOCAL_DELEGATE_RUN_ID: "r1",
      LOCAL_DELEGATE_COMMAND_ID: "c1",
      LOCAL_DELEGATE_TEST_PAUSE: "write",
      LOCAL_DELEGATE_TEST_TAG: "t",
      LOCAL_DELEGATE_NOPE: "x",
      LOCAL_DELEGATE_BASEURL: "",
    };
    expect(loadConfig(src(env)).ok).toBe(true);
  });

  it("leaves alone every LOCAL_DELEGATE_ name src/ uses that is not a setting (a marker added later too)", () => {
    const settings = new Set(CONFIG_KEYS.map((k) => `LOCAL_DELEGATE_${k.toUpperCase()}`));
    const names = new Set<string>();
    for (const f of readdirSync("src", { recursive: true }).map(String).filter((f) => f.endsWith(".ts"))) {
      for (const m of readFileSync(join("src", f), "utf8").matchAll(/LOCAL_DELEGATE_[A-Z_]*[A-Z]/g)) if (!settings.has(m[0])) names.add(m[0]);
    }
    expect(names.size).toBeGreaterThan(3);
    const r = loadConfig(src(Object.fromEntries([...names].map((n) => [n, "1"]))));
    expect(r.ok || r.error).toBe(true);
  });

  it("keeps the hook's snapshot apart from an environment with such a variable", () => {
    writeFileSync(projectConfigPath(root), "hook_mode: enforce\n");
    expect(loadConfigWithSnapshot(src(), state, later()).ok).toBe(true);
    // The hook started with the typo acts on no config, as the commands refuse it.
    expect(readConfigSnapshot(state, src({ LOCAL_DELEGATE_HOOKMODE: "off" })).fresh).toBe(false);
    // A command run with the typo for once does not leave the hook without its config.
    expect(loadConfigWithSnapshot(src({ LOCAL_DELEGATE_HOOKMODE: "off" }), state, later()).ok).toBe(false);
    expect(readConfigSnapshot(state, src({ LOCAL_DELEGATE_HOOKMODE: "off" }))).toEqual({ fresh: true, config: null });
    expect(readConfigSnapshot(state, src()).fresh).toBe(false);
  });
});

describe("the plugin's own LOCAL_DELEGATE_ markers", () => {
  it("leave the hook's snapshot fresh: a warm-up, a job or a check command setting one does not make each next hook parse the YAML", () => {
    writeFileSync(projectConfigPath(root), "hook_mode: enforce\n");
    // Written by a command that runs with markers of its own (a job's worker, a warm-up the helper spawned)…
    const markers = { LOCAL_DELEGATE_JOB_ID: "j1", LOCAL_DELEGATE_RUN_ID: "r1", LOCAL_DELEGATE_COMMAND_ID: "c1", LOCAL_DELEGATE_HOOK_HELPER_WATCH_MS: "500" };
    expect(loadConfigWithSnapshot(src(markers), state, later()).ok).toBe(true);
    // …and read by a hook without them, and the other way round.
    expect(readConfigSnapshot(state, src()).fresh).toBe(true);
    expect(loadConfigWithSnapshot(src(), state, later()).ok).toBe(true);
    expect(readConfigSnapshot(state, src({ LOCAL_DELEGATE_HOOK_HELPER_OF: "/s.sock" })).fresh).toBe(true);
  });
});

describe("a bad value in a variable or an option", () => {
  it("is not blamed on the config files, which hold no such value", () => {
    writeFileSync(projectConfigPath(root), "model: m\n");
    const envs: Record<string, string>[] = [{ LOCAL_DELEGATE_TIMEOUT_MS: "soon" }, { CLAUDE_PLUGIN_OPTION_HOOK_MODE: "loud" }];
    for (const env of envs) {
      const r = loadConfig(src(env));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message, JSON.stringify(env)).not.toContain(projectConfigPath(root));
    }
    // A file's mistake still names the files read.
    writeFileSync(projectConfigPath(root), "retries: many\n");
    const r = loadConfig(src({ LOCAL_DELEGATE_MODEL: "m" }));
    expect(!r.ok && r.error.message).toContain(projectConfigPath(root));
  });
});
