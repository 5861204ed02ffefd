import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, projectConfigPath, userConfigPath } from "../../src/config/load.js";
import { backendSpecs } from "../../src/model/endpoints.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

// Where code is sent: `base_url` and `endpoints` both name the servers, so a later layer's choice
// of either wins over an earlier layer's, as every other setting does.

let dir: TmpDir;
let root: string;
let userDir: string;
beforeEach(() => {
  dir = tmpDir("ld-servers-");
  root = dir.join("project");
  userDir = dir.join("config");
  mkdirSync(join(root, ".claude"), { recursive: true });
  mkdirSync(join(userDir, "local-delegate"), { recursive: true });
});
afterEach(() => dir.cleanup());

const user = (text: string) => writeFileSync(userConfigPath({}, userDir), text);
const project = (text: string) => writeFileSync(projectConfigPath(root), text);
const TEAM = "endpoints:\n  - {base_url: http://gpu-box.lan:1234/v1, api_key: sk-team}\n";

/** The servers a run would send code to, in order. */
function servers(env: Record<string, string> = {}): string[] {
  const r = loadConfig({ root, env: { HOME: dir.join("home"), ...env }, userConfigDir: userDir });
  if (!r.ok) throw new Error(`config refused: ${r.error.field}: ${r.error.message}`);
  const specs = backendSpecs(r.value.config, root);
  if (!specs.ok) throw new Error(specs.error.message);
  return specs.value.map((s) => (s.type === "server" ? s.baseUrl : s.type));
}

describe("base_url and endpoints across layers", () => {
  it("sends code to LOCAL_DELEGATE_BASE_URL, not to the endpoints a file lists", () => {
    user(TEAM);
    expect(servers({ LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1234/v1" })).toEqual(["http://127.0.0.1:1234/v1"]);
    project(TEAM);
    expect(servers({ LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1234/v1" })).toEqual(["http://127.0.0.1:1234/v1"]);
  });

  it("lets the project's base_url win over the user's endpoints, and says where it came from", () => {
    user(TEAM);
    project("base_url: http://localhost:8080/v1\n");
    expect(servers()).toEqual(["http://localhost:8080/v1"]);
    const r = loadConfig({ root, env: { HOME: dir.join("home") }, userConfigDir: userDir });
    expect(r.ok && r.value.sources).toEqual({ base_url: { layer: "project", name: projectConfigPath(root) } });
  });

  it("keeps endpoints over a base_url from the same layer or an earlier one, as documented", () => {
    project(`base_url: http://localhost:8080/v1\n${TEAM}`);
    expect(servers()).toEqual(["http://gpu-box.lan:1234/v1"]);
    user("base_url: http://localhost:8080/v1\n");
    project(TEAM);
    expect(servers()).toEqual(["http://gpu-box.lan:1234/v1"]);
    expect(servers({ LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1234/v1", LOCAL_DELEGATE_ENDPOINTS: "[{base_url: http://other:1234/v1}]" })).toEqual(["http://other:1234/v1"]);
    // A variable naming endpoints wins over a file's base_url as well.
    project("base_url: http://localhost:8080/v1\n");
    expect(servers({ LOCAL_DELEGATE_ENDPOINTS: "[{base_url: http://other:1234/v1}]" })).toEqual(["http://other:1234/v1"]);
  });
});
