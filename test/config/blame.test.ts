import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, projectConfigPath, userConfigPath } from "../../src/config/load.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

// A mistake in one config file was reported naming every file that was read ("(config: ~/.config/…,
// /proj/.claude/local-delegate.yaml)"): with both present, the user was sent to look in the file
// that did not hold it. Each setting's value comes from one file, which is the one named.

let dir: TmpDir;
let root: string;
let userDir: string;
beforeEach(() => {
  dir = tmpDir("ld-blame-");
  root = dir.join("project");
  userDir = dir.join("config");
  mkdirSync(join(root, ".claude"), { recursive: true });
  mkdirSync(join(userDir, "local-delegate"), { recursive: true });
});
afterEach(() => dir.cleanup());

const user = (text: string) => writeFileSync(userConfigPath({}, userDir), text);
const project = (text: string) => writeFileSync(projectConfigPath(root), text);
function refused(env: Record<string, string> = {}) {
  const r = loadConfig({ root, env: { HOME: dir.join("home"), ...env }, userConfigDir: userDir });
  if (r.ok) throw new Error("config accepted");
  return r.error;
}

describe("a config mistake, with a user file and a project file", () => {
  it("names the file that holds it, and not the other", () => {
    user("retries: 9\n");
    project("model: coder-7b\n");
    const e = refused();
    expect(e.field).toBe("retries");
    expect(e.message).toContain(`(config: ${userConfigPath({}, userDir)})`);
    expect(e.message).not.toContain(projectConfigPath(root));

    user("model: coder-7b\n");
    project("timout_ms: 5000\n");
    const t = refused();
    expect(t.message).toMatch(/did you mean timeout_ms/);
    expect(t.message).toContain(`(config: ${projectConfigPath(root)})`);
    expect(t.message).not.toContain(userConfigPath({}, userDir));

    user("endpoints:\n  - {base_url: http://a:1/v1, modle: x}\n");
    project("model: coder-7b\n");
    const n = refused();
    expect(n.field).toBe("endpoints[0].modle");
    expect(n.message).not.toContain(projectConfigPath(root));
  });

  it("names the later file when both set the key and the later one's value is at fault", () => {
    user("retries: 2\n");
    project("retries: 9\n");
    const e = refused();
    expect(e.message).toContain(`(config: ${projectConfigPath(root)})`);
    expect(e.message).not.toContain(userConfigPath({}, userDir));
    // A variable's mistake names no file, as before.
    expect(refused({ LOCAL_DELEGATE_RETRIES: "9" }).message).not.toContain("config:");
  });
});
