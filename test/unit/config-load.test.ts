import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, projectConfigPath, userConfigPath } from "../../src/config/load.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let root: string;
let home: string;
let userDir: string;

beforeEach(() => {
  dir = tmpDir("ld-config-");
  root = dir.join("project");
  home = dir.join("home");
  userDir = join(home, ".config");
  mkdirSync(root, { recursive: true });
  mkdirSync(home, { recursive: true });
});
afterEach(() => dir.cleanup());

const userFile = () => userConfigPath({}, userDir);
function writeUser(text: string) {
  mkdirSync(join(userDir, "local-delegate"), { recursive: true });
  writeFileSync(userFile(), text);
}
function writeProject(text: string) {
  mkdirSync(join(root, ".claude"), { recursive: true });
  writeFileSync(projectConfigPath(root), text);
}
/** Loads with a temp HOME and user folder, so the real user config is never read. */
function load(env: Record<string, string> = {}) {
  return loadConfig({ root, env: { HOME: home, ...env }, userConfigDir: userDir });
}
function loaded(env: Record<string, string> = {}) {
  const r = load(env);
  if (!r.ok) throw new Error(`config refused: ${r.error.field}: ${r.error.message}`);
  return r.value;
}
function refused(env: Record<string, string> = {}) {
  const r = load(env);
  if (r.ok) throw new Error(`config accepted: ${JSON.stringify(r.value.config)}`);
  expect(r.error.code).toBe("CONFIG_INVALID");
  return r.error;
}

describe("loadConfig", () => {
  it("gives the defaults when there is no file and no env", () => {
    expect(loaded()).toEqual({
      files: [],
      sources: {},
      config: {
        base_url: "http://localhost:1234/v1",
        connect_timeout_ms: 3_000,
        timeout_ms: 600_000,
        test_timeout_ms: 120_000,
        context_budget: 6_000,
        max_output_tokens: 4_096,
        retries: 1,
        temperature: 0.2,
        hook_mode: "nudge",
        lock_wait_ms: 600_000,
        backend: "server",
        max_parallel: 1,
        route_min_first_pass: 0.5,
        route_min_samples: 4,
        route_window: 20,
        keep_backups_days: 30,
      },
    });
  });

  it("layers user file < project file < env, key by key", () => {
    writeUser("model: user-model\nretries: 2\ntemperature: 0.5\n");
    writeProject("model: project-model\ntemperature: 0.1\n");
    const a = loaded();
    expect(a.files).toEqual([userFile(), projectConfigPath(root)]);
    expect(a.config).toMatchObject({ model: "project-model", retries: 2, temperature: 0.1 });
    const b = loaded({ LOCAL_DELEGATE_MODEL: "env-model", LOCAL_DELEGATE_RETRIES: "0" });
    expect(b.config).toMatchObject({ model: "env-model", retries: 0, temperature: 0.1 });
  });

  it("puts the plugin's options (Claude Code's /plugin configure) between the user file and the project file", () => {
    const opt = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [`CLAUDE_PLUGIN_OPTION_${k.toUpperCase()}`, v]));
    writeUser("base_url: http://user-box:1234/v1\nmodel: user-model\nhook_mode: enforce\nretries: 2\n");
    // Over the user file: every option the user set.
    const a = loaded(opt({ base_url: "http://option-box:1234/v1", model: "option-model", api_key: "sk-option" }));
    expect(a.config).toMatchObject({ base_url: "http://option-box:1234/v1", model: "option-model", api_key: "sk-option", hook_mode: "enforce", retries: 2 });
    expect(a.sources).toEqual({
      base_url: { layer: "plugin", name: "plugin option base_url" },
      model: { layer: "plugin", name: "plugin option model" },
      api_key: { layer: "plugin", name: "plugin option api_key" },
      hook_mode: { layer: "user", name: userFile() },
      retries: { layer: "user", name: userFile() },
    });
    // Under the project file and the variables, key by key.
    writeProject("model: project-model\n");
    const b = loaded({ ...opt({ base_url: "http://option-box:1234/v1", model: "option-model", hook_mode: "off" }), LOCAL_DELEGATE_HOOK_MODE: "nudge" });
    expect(b.config).toMatchObject({ base_url: "http://option-box:1234/v1", model: "project-model", hook_mode: "nudge" });
    expect(b.sources).toMatchObject({
      base_url: { layer: "plugin" },
      model: { layer: "project", name: projectConfigPath(root) },
      hook_mode: { layer: "env", name: "LOCAL_DELEGATE_HOOK_MODE" },
    });
  });

  it("reads only the options the plugin declares, and an empty option as unset", () => {
    writeUser("model: user-model\nretries: 2\n");
    const c = loaded({ CLAUDE_PLUGIN_OPTION_MODEL: "", CLAUDE_PLUGIN_OPTION_RETRIES: "0", CLAUDE_PLUGIN_OPTION_BASE: "http://x/v1" });
    expect(c.config).toMatchObject({ model: "user-model", retries: 2, base_url: "http://localhost:1234/v1" });
    expect(c.sources.model).toEqual({ layer: "user", name: userFile() });
  });

  it("keeps an option that looks like a number a string, as a variable is kept", () => {
    expect(loaded({ CLAUDE_PLUGIN_OPTION_MODEL: "7", CLAUDE_PLUGIN_OPTION_API_KEY: "12345" }).config).toMatchObject({ model: "7", api_key: "12345" });
  });

  it("refuses a bad option with the schema's message, naming the option and where to change it", () => {
    const e = refused({ CLAUDE_PLUGIN_OPTION_BASE_URL: "localhost:1234" });
    expect(e.field).toBe("plugin option base_url");
    expect(e.message).toMatch(/must be an http\(s\) URL such as http:\/\/localhost:1234\/v1/);
    expect(e.hint).toMatch(/\/plugin configure/);
    const file = (() => {
      writeUser("base_url: localhost:1234\n");
      return refused();
    })();
    // The same message as the same mistake in a file.
    expect(e.message).toBe(file.message.replace(` (config: ${userFile()})`, ""));
    writeUser("");
    expect(refused({ CLAUDE_PLUGIN_OPTION_HOOK_MODE: "loud" }).field).toBe("plugin option hook_mode");
    // A file's mistake under a good option is still the file's.
    writeUser("retries: many\n");
    expect(refused({ CLAUDE_PLUGIN_OPTION_MODEL: "m" }).field).toBe("retries");
  });

  it("reads the env overrides for base URL, model and timeout", () => {
    const c = loaded({
      LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:11434/v1",
      LOCAL_DELEGATE_MODEL: "qwen2.5-coder:7b",
      LOCAL_DELEGATE_TIMEOUT_MS: "90000",
    }).config;
    expect(c.base_url).toBe("http://127.0.0.1:11434/v1");
    expect(c.model).toBe("qwen2.5-coder:7b");
    expect(c.timeout_ms).toBe(90_000);
  });

  it("keeps a string setting a string even when it looks like a number", () => {
    const c = loaded({ LOCAL_DELEGATE_MODEL: "7", LOCAL_DELEGATE_API_KEY: "12345" }).config;
    expect(c.model).toBe("7");
    expect(c.api_key).toBe("12345");
  });

  it("takes a structured env value for models", () => {
    expect(loaded({ LOCAL_DELEGATE_MODELS: "{code: coder-7b, doc: fast-1b}" }).config.models).toEqual({ code: "coder-7b", doc: "fast-1b" });
  });

  it("ignores an empty env variable and other env variables", () => {
    writeProject("model: m\n");
    expect(loaded({ LOCAL_DELEGATE_MODEL: "", LOCAL_DELEGATE_NOPE: "x" }).config.model).toBe("m");
  });

  it("reads the user file from XDG_CONFIG_HOME, else HOME/.config", () => {
    expect(userConfigPath({ XDG_CONFIG_HOME: "/x" })).toBe("/x/local-delegate/config.yaml");
    expect(userConfigPath({ HOME: "/h" })).toBe("/h/.config/local-delegate/config.yaml");
    const xdg = dir.join("xdg");
    mkdirSync(join(xdg, "local-delegate"), { recursive: true });
    writeFileSync(join(xdg, "local-delegate", "config.yaml"), "model: from-xdg\n");
    const r = loadConfig({ root, env: { HOME: home, XDG_CONFIG_HOME: xdg } });
    expect(r.ok && r.value.config.model).toBe("from-xdg");
  });

  it("takes an empty file or a comment-only file as no settings", () => {
    writeUser("");
    writeProject("# nothing yet\n");
    expect(loaded().config.model).toBeUndefined();
  });

  it("refuses invalid YAML, naming the file", () => {
    writeProject("model: [unclosed\n");
    const e = refused();
    expect(e.message).toContain(projectConfigPath(root));
    expect(e.message).toMatch(/not valid YAML/);
    expect(e.message).not.toContain("\n");
  });

  it("refuses YAML that is not a mapping", () => {
    for (const text of ["- a\n- b\n", "just a string\n", "42\n"]) {
      writeUser(text);
      const e = refused();
      expect(e.message).toContain(userFile());
      expect(e.message).toMatch(/mapping/);
    }
  });

  it("refuses an unknown key, naming it with a suggestion", () => {
    writeProject("timeout: 5000\n");
    const e = refused();
    expect(e.field).toBe("timeout");
    expect(e.message).toMatch(/^unknown field \(did you mean timeout_ms\?\)/);
    expect(e.message).toContain(projectConfigPath(root));
    writeProject("baseUrl: http://x/v1\n");
    expect(refused()).toMatchObject({ field: "baseUrl", message: expect.stringMatching(/did you mean base_url/) });
  });

  it("refuses a bad URL, naming the key", () => {
    writeProject("base_url: localhost:1234\n");
    const e = refused();
    expect(e.field).toBe("base_url");
    expect(e.message).toMatch(/http\(s\) URL/);
    writeProject("base_url: ftp://host/v1\n");
    expect(refused().field).toBe("base_url");
  });

  it("names the env variable when the env value is bad", () => {
    const e = refused({ LOCAL_DELEGATE_TIMEOUT_MS: "soon" });
    expect(e.field).toBe("LOCAL_DELEGATE_TIMEOUT_MS");
    expect(e.message).toMatch(/number/);
    expect(refused({ LOCAL_DELEGATE_TIMEOUT_MS: "5" }).field).toBe("LOCAL_DELEGATE_TIMEOUT_MS");
    expect(refused({ LOCAL_DELEGATE_BASE_URL: "not a url" }).field).toBe("LOCAL_DELEGATE_BASE_URL");
    expect(refused({ LOCAL_DELEGATE_HOOK_MODE: "loud" }).field).toBe("LOCAL_DELEGATE_HOOK_MODE");
  });

  it("names the file key, not the env, when the file is at fault", () => {
    writeProject("retries: many\n");
    expect(refused({ LOCAL_DELEGATE_MODEL: "m" }).field).toBe("retries");
  });

  it("refuses out-of-range numbers", () => {
    writeProject("retries: 9\n");
    expect(refused().field).toBe("retries");
    writeProject("context_length: 10\n");
    expect(refused().field).toBe("context_length");
  });

  it("refuses an unknown kind under models, naming the nested key", () => {
    writeProject("models:\n  cod: m\n");
    expect(refused().field).toBe("models.cod");
  });
});
