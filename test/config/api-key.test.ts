import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, projectConfigPath, userConfigPath } from "../../src/config/load.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

// An API key written beside a base_url is that server's key. When a later layer (the project's
// file, a variable) named another server, the key went there with every request, to a server
// the user never gave it to, and nothing said so. An endpoint's key already stays with its
// endpoint; the top-level pair now does too.

let dir: TmpDir;
let root: string;
let userDir: string;
beforeEach(() => {
  dir = tmpDir("ld-api-key-");
  root = dir.join("project");
  userDir = dir.join("config");
  mkdirSync(join(root, ".claude"), { recursive: true });
  mkdirSync(join(userDir, "local-delegate"), { recursive: true });
});
afterEach(() => dir.cleanup());

const user = (text: string) => writeFileSync(userConfigPath({}, userDir), text);
const project = (text: string) => writeFileSync(projectConfigPath(root), text);
const load = (env: Record<string, string> = {}) => loadConfig({ root, env: { HOME: dir.join("home"), ...env }, userConfigDir: userDir });
const CLOUD = "base_url: https://llm.example.com/v1\napi_key: sk-personal\n";

describe("an api_key given with a base_url", () => {
  it("is not sent to a server a later layer names: refused, saying which key, which server and what to do", () => {
    user(CLOUD);
    project("base_url: http://team-box.lan:1234/v1\n");
    const r = load();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: "CONFIG_INVALID", field: "api_key" });
    expect(r.error.message).toContain(userConfigPath({}, userDir));
    expect(r.error.message).toContain("https://llm.example.com");
    expect(r.error.message).toContain("http://team-box.lan:1234");
    expect(r.error.hint).toContain(projectConfigPath(root));

    project("");
    const e = load({ LOCAL_DELEGATE_BASE_URL: "http://other-box:8080/v1" });
    expect(e.ok || e.error.field).toBe("api_key");
    if (!e.ok) expect(e.error.hint).toContain("LOCAL_DELEGATE_BASE_URL");
    // The plugin's options pair the same way.
    user("");
    const o = load({ CLAUDE_PLUGIN_OPTION_BASE_URL: "https://llm.example.com/v1", CLAUDE_PLUGIN_OPTION_API_KEY: "sk-o", LOCAL_DELEGATE_BASE_URL: "http://other-box:8080/v1" });
    expect(o.ok || o.error.field).toBe("plugin option api_key");
  });

  it("goes with a base_url on the same server (another path, a trailing slash) or another loopback address", () => {
    user(CLOUD);
    project("base_url: https://llm.example.com/v1/\n");
    expect(load().ok).toBe(true);
    project("base_url: https://llm.example.com/openai/v1\n");
    expect(load().ok).toBe(true);
    user("base_url: http://localhost:1234/v1\napi_key: lm-key\n");
    project("base_url: http://127.0.0.1:8080/v1\n");
    expect(load().ok).toBe(true);
  });

  it("goes where the later layer says when that layer gives a key too, or when the key came alone", () => {
    user(CLOUD);
    project("base_url: http://team-box.lan:1234/v1\napi_key: sk-team\n");
    expect(load()).toMatchObject({ ok: true, value: { config: { base_url: "http://team-box.lan:1234/v1", api_key: "sk-team" } } });
    project("base_url: http://team-box.lan:1234/v1\n");
    expect(load({ LOCAL_DELEGATE_API_KEY: "sk-env" }).ok).toBe(true);
    // A key written alone is for the server the user's own settings name: a local one, another
    // local port, the same server written again, or one a variable names at run time.
    user("api_key: sk-any\n");
    project("base_url: http://127.0.0.1:8080/v1\n");
    expect(load()).toMatchObject({ ok: true, value: { config: { base_url: "http://127.0.0.1:8080/v1", api_key: "sk-any" } } });
    user("base_url: http://team-box.lan:1234/v1\n\napi_key: sk-any\n");
    project("base_url: http://team-box.lan:1234/v1\n");
    expect(load().ok).toBe(true);
    user("api_key: sk-any\n");
    project("");
    expect(load({ LOCAL_DELEGATE_BASE_URL: "http://other-box:8080/v1" }).ok).toBe(true);
    // endpoints never get the top-level key, so a later endpoints list is no leak.
    user(CLOUD);
    project("endpoints:\n  - {base_url: http://team-box.lan:1234/v1}\n");
    expect(load().ok).toBe(true);
  });

  // A cloned repository's .claude/local-delegate.yaml naming its own server must not collect a key
  // the user wrote alone, in their file or in the plugin options, for their own server.
  it("written alone in the user's settings, is not sent to a server only a project's file names", () => {
    user("api_key: sk-personal\n");
    project("base_url: http://collector.example:8080/v1\n");
    const r = load();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: "CONFIG_INVALID", field: "api_key" });
    expect(r.error.message).toContain("names no server");
    expect(r.error.message).toContain("http://collector.example:8080");
    expect(r.error.hint).toContain("LOCAL_DELEGATE_API_KEY");

    user("base_url: https://llm.example.com/v1\n");
    const o = load({ CLAUDE_PLUGIN_OPTION_API_KEY: "sk-o" });
    expect(o.ok || o.error.field).toBe("plugin option api_key");
    if (!o.ok) expect(o.error.message).toContain("https://llm.example.com");
  });
  // `ask` and the session's warm-up go to the top-level base_url with the top-level key whatever
  // endpoints say: a cloned repository's file naming its server both ways got the user's key sent
  // there at the next session start, as the check was skipped whenever endpoints were set.
  it("is not sent to a server a later layer names beside its endpoints", () => {
    user(CLOUD);
    project("endpoints:\n  - {base_url: http://collector.example:8080/v1}\nbase_url: http://collector.example:8080/v1\n");
    const r = load();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: "CONFIG_INVALID", field: "api_key" });
    expect(r.error.message).toContain("http://collector.example:8080");
    user("api_key: sk-personal\n");
    const alone = load();
    expect(alone.ok || alone.error.field).toBe("api_key");
    // Endpoints alone, or beside the same server, still go with the user's key left at home.
    user(CLOUD);
    project("endpoints:\n  - {base_url: http://collector.example:8080/v1}\n");
    expect(load().ok).toBe(true);
    project("endpoints:\n  - {base_url: http://collector.example:8080/v1}\nbase_url: https://llm.example.com/v1\n");
    expect(load().ok).toBe(true);
    project("endpoints:\n  - {base_url: http://collector.example:8080/v1}\nbase_url: http://collector.example:8080/v1\napi_key: sk-theirs\n");
    expect(load().ok).toBe(true);
  });
});

// The refusal is a result line Claude reads (and the transcript keeps): a password written in
// either URL (`https://user:pass@host/v1`, which Node sends as basic auth) must not be in it.
describe("the refusal of a key going to another server", () => {
  it("names both servers without the passwords their URLs carry", () => {
    user("base_url: https://me:hunter2@llm.example.com/v1\napi_key: sk-personal\n");
    project("base_url: http://team:s3cret@team-box.lan:1234/v1\n");
    const r = load();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const said = `${r.error.message} ${r.error.hint ?? ""}`;
    expect(said).toContain("https://llm.example.com");
    expect(said).toContain("http://team-box.lan:1234");
    expect(said).not.toContain("hunter2");
    expect(said).not.toContain("s3cret");
  });

  it("a key written alone: the refusal names the other server without its password", () => {
    user("api_key: sk-personal\n");
    project("base_url: http://team:s3cret@collector.example:8080/v1\n");
    const r = load();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(`${r.error.message} ${r.error.hint ?? ""}`).toContain("http://collector.example:8080");
    expect(`${r.error.message} ${r.error.hint ?? ""}`).not.toContain("s3cret");
  });
});
