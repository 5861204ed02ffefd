// Which backends a config names, in which order, with which model and key: pure, no network.
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import type { Config } from "../../src/config/schema.js";
import { backendSpecs } from "../../src/model/endpoints.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
beforeEach(() => {
  dir = tmpDir("ld-endpoints-");
});
afterEach(() => dir.cleanup());

function config(yaml: string, env: Record<string, string> = {}): Config {
  dir.write(".claude/local-delegate.yaml", yaml);
  const r = loadConfig({ root: dir.path, env: { HOME: dir.path, ...env }, userConfigDir: dir.join("no-user-config") });
  if (!r.ok) throw new Error(`${r.error.field}: ${r.error.message}`);
  return r.value.config;
}

describe("backendSpecs", () => {
  it("keeps base_url working as the one-server shorthand, LM Studio's port by default", () => {
    expect(backendSpecs(config(""), dir.path)).toEqual({ ok: true, value: [{ type: "server", baseUrl: "http://localhost:1234/v1", apiKey: undefined, model: undefined, models: undefined, maxParallel: 1 }] });
    const c = config("base_url: http://localhost:11434/v1\napi_key: k\nmodel: qwen2.5-coder:7b\nmodels: {doc: llama3.2:3b}\nmax_parallel: 2\n");
    expect(backendSpecs(c, dir.path)).toEqual({
      ok: true,
      value: [{ type: "server", baseUrl: "http://localhost:11434/v1", apiKey: "k", model: "qwen2.5-coder:7b", models: { doc: "llama3.2:3b" }, maxParallel: 2 }],
    });
  });

  it("lists endpoints in order; an endpoint's own model wins, and its key stays its own", () => {
    const c = config(`api_key: top-level-key
model: fallback-model
models: {doc: fast-docs}
max_parallel: 3
endpoints:
  - base_url: http://gpu-box:1234/v1
    api_key: gpu-key
    models: {code: qwen2.5-coder-32b}
    max_parallel: 4
  - base_url: http://localhost:1234/v1
    model: qwen2.5-coder-7b
`);
    const specs = backendSpecs(c, dir.path);
    expect(specs).toEqual({
      ok: true,
      value: [
        { type: "server", baseUrl: "http://gpu-box:1234/v1", apiKey: "gpu-key", models: { code: "qwen2.5-coder-32b", test: "fallback-model", refactor: "fallback-model", doc: "fast-docs" }, maxParallel: 4 },
        { type: "server", baseUrl: "http://localhost:1234/v1", apiKey: undefined, models: { code: "qwen2.5-coder-7b", test: "qwen2.5-coder-7b", refactor: "qwen2.5-coder-7b", doc: "qwen2.5-coder-7b" }, maxParallel: 3 },
      ],
    });
  });

  it("takes endpoints from the environment as YAML", () => {
    const c = config("", { LOCAL_DELEGATE_ENDPOINTS: "[{base_url: 'http://a:1/v1'}, {base_url: 'http://b:2/v1', max_parallel: 2}]" });
    const specs = backendSpecs(c, dir.path);
    expect(specs.ok && specs.value.map((s) => [s.type === "server" && s.baseUrl, s.maxParallel])).toEqual([
      ["http://a:1/v1", 1],
      ["http://b:2/v1", 2],
    ]);
  });

  it("resolves an embedded model path against the project, or the home folder", () => {
    expect(backendSpecs(config("backend: embedded\nmodel_path: models/coder.gguf\ncontext_length: 4096\n"), dir.path)).toEqual({
      ok: true,
      value: [{ type: "embedded", modelPath: join(dir.path, "models/coder.gguf"), contextLength: 4096, maxParallel: 1 }],
    });
    const home = backendSpecs(config("backend: embedded\nmodel_path: ~/models/coder.gguf\n"), dir.path);
    expect(home.ok && home.value[0]!.type === "embedded" && home.value[0]!.modelPath).toBe(join(process.env.HOME!, "models/coder.gguf"));
  });

  it("refuses an embedded backend with no model, naming the key", () => {
    expect(backendSpecs(config("backend: embedded\n"), dir.path)).toMatchObject({ ok: false, error: { code: "CONFIG_INVALID", field: "model_path" } });
  });

  it("refuses a bad endpoint with the field named", () => {
    dir.write(".claude/local-delegate.yaml", "endpoints:\n  - base_url: ftp://x\n");
    const r = loadConfig({ root: dir.path, env: { HOME: dir.path }, userConfigDir: dir.join("none") });
    expect(r).toMatchObject({ ok: false, error: { field: "endpoints[0].base_url" } });
    dir.write(".claude/local-delegate.yaml", "endpoints:\n  - {base_url: 'http://x/v1', maxParallel: 2}\n");
    const typo = loadConfig({ root: dir.path, env: { HOME: dir.path }, userConfigDir: dir.join("none") });
    expect(typo).toMatchObject({ ok: false, error: { field: "endpoints[0].maxParallel" } });
  });
});
