import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as z from "zod";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, projectConfigPath, userConfigPath } from "../../src/config/load.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { readConfigSnapshot, SNAPSHOT_SCHEMA, snapshotPath } from "../../src/config/snapshot.js";
import { loadConfigWithSnapshot } from "../../src/config/snapshot-write.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let root: string;
let state: string;
let userDir: string;
beforeEach(() => {
  dir = tmpDir("ld-snapshot-");
  root = dir.join("project");
  state = dir.join("state");
  userDir = dir.join("config");
  mkdirSync(join(root, ".claude"), { recursive: true });
});
afterEach(() => dir.cleanup());

const src = (env: Record<string, string> = {}) => ({ root, env: { HOME: dir.join("home"), ...env }, userConfigDir: userDir });
/** Later than any file here was changed: the files are not "racily" new. */
const later = () => Date.now() + 60_000;
const project = (text: string) => writeFileSync(projectConfigPath(root), text);

describe("the config snapshot the hook reads", () => {
  it("is the config the commands validated, and stays fresh while nothing changes", () => {
    project("model: coder-7b\nroute_window: 12\n");
    const loaded = loadConfigWithSnapshot(src(), state, later());
    expect(loaded.ok).toBe(true);
    const direct = loadConfig(src());
    if (!direct.ok) throw new Error(direct.error.message);
    expect(readConfigSnapshot(state, src())).toEqual({ fresh: true, config: direct.value.config });
    expect(direct.value.config.route_window).toBe(12);
    // The user's alone: it may hold API keys from their config or environment.
    expect(statSync(snapshotPath(state, root)).mode & 0o777).toBe(0o600);
  });

  it("is stale when a config file changes, even to the same size, appears, or an env setting changes", () => {
    project("model: coder-7b\n");
    loadConfigWithSnapshot(src(), state, later());
    expect(readConfigSnapshot(state, src()).fresh).toBe(true);
    project("model: coder-8b\n");
    // The same size; its time stamp is what tells (set apart here, as a later edit's would be).
    const t = new Date(Date.now() + 5_000);
    utimesSync(projectConfigPath(root), t, t);
    expect(readConfigSnapshot(state, src()).fresh).toBe(false);

    loadConfigWithSnapshot(src(), state, later());
    expect(readConfigSnapshot(state, src()).fresh).toBe(true);
    expect(readConfigSnapshot(state, src({ LOCAL_DELEGATE_HOOK_MODE: "off" })).fresh).toBe(false);
    // An empty value is no value, as the config reader treats it.
    expect(readConfigSnapshot(state, src({ LOCAL_DELEGATE_HOOK_MODE: "" })).fresh).toBe(true);
    mkdirSync(join(userDir, "local-delegate"), { recursive: true });
    writeFileSync(userConfigPath({}, userDir), "hook_mode: enforce\n");
    expect(readConfigSnapshot(state, src()).fresh).toBe(false);
  });

  it("is stale when a plugin option (Claude Code's /plugin configure) is set, changed or cleared", () => {
    const opt = { CLAUDE_PLUGIN_OPTION_BASE_URL: "http://gpu-box:1234/v1" };
    loadConfigWithSnapshot(src(opt), state, later());
    expect(readConfigSnapshot(state, src(opt))).toMatchObject({ fresh: true, config: { base_url: "http://gpu-box:1234/v1" } });
    expect(readConfigSnapshot(state, src({ CLAUDE_PLUGIN_OPTION_BASE_URL: "http://other:1234/v1" })).fresh).toBe(false);
    expect(readConfigSnapshot(state, src()).fresh).toBe(false);
    expect(readConfigSnapshot(state, src({ ...opt, CLAUDE_PLUGIN_OPTION_HOOK_MODE: "off" })).fresh).toBe(false);
    // An option the plugin does not declare is no setting.
    expect(readConfigSnapshot(state, src({ ...opt, CLAUDE_PLUGIN_OPTION_RETRIES: "0" })).fresh).toBe(true);
  });

  it("remembers a refused config as refused, so the hook refuses it without reading it again", () => {
    project("route_min_first_pass: 5\n");
    const loaded = loadConfigWithSnapshot(src(), state, later());
    expect(loaded.ok).toBe(false);
    expect(readConfigSnapshot(state, src())).toEqual({ fresh: true, config: null });
  });

  it("is not made from a file changed in the last 2 s (its next change could keep size and time stamp)", () => {
    project("model: coder-7b\n");
    expect(loadConfigWithSnapshot(src(), state).ok).toBe(true);
    expect(readConfigSnapshot(state, src()).fresh).toBe(false);
  });

  it("belongs to one project, and a damaged file is no snapshot", () => {
    project("model: coder-7b\n");
    loadConfigWithSnapshot(src(), state, later());
    const path = snapshotPath(state, root);
    const other = JSON.parse(readFileSync(path, "utf8"));
    other.key.root = "/another/project";
    writeFileSync(path, JSON.stringify(other));
    expect(readConfigSnapshot(state, src()).fresh).toBe(false);
    for (const junk of ["", "{", "[]", '{"key":{},"config":{}}', '{"key":{"env":[["HOME","x"]]},"config":{}}']) {
      writeFileSync(path, junk);
      expect(readConfigSnapshot(state, src()).fresh, junk).toBe(false);
    }
  });

  it("names the schema it was validated against: change ConfigSchema, and bump SNAPSHOT_SCHEMA with it", () => {
    const shape = JSON.stringify(z.toJSONSchema(ConfigSchema, { io: "input" }));
    const hash = createHash("sha256").update(shape).digest("hex").slice(0, 8);
    expect(SNAPSHOT_SCHEMA, "ConfigSchema changed: set SNAPSHOT_SCHEMA in src/config/snapshot.ts to `<n+1>:<this hash>`").toBe(`${SNAPSHOT_SCHEMA.split(":")[0]}:${hash}`);
  });
});
