// The settings Claude Code asks for when the plugin is enabled (`userConfig` in plugin.json) are
// the ones the config reads as plugin options (config/layers.ts): an option the config does not
// read would be asked for and ignored, and one it reads but the manifest does not declare is
// never set.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LAYER_ORDER, PLUGIN_OPTION_KEYS } from "../../src/config/layers.js";
import { CONFIG_KEYS } from "../../src/config/schema.js";

const manifest = JSON.parse(readFileSync(".claude-plugin/plugin.json", "utf8")) as { userConfig: Record<string, Record<string, unknown>> };

describe("plugin.json userConfig", () => {
  it("declares exactly the options the config reads, each a setting of the one schema", () => {
    expect(Object.keys(manifest.userConfig)).toEqual([...PLUGIN_OPTION_KEYS]);
    for (const key of PLUGIN_OPTION_KEYS) expect(CONFIG_KEYS).toContain(key);
  });

  it("asks each as text with a title and a description, keeps the key secret, and has no defaults", () => {
    for (const [key, field] of Object.entries(manifest.userConfig)) {
      expect(field, key).toMatchObject({ type: "string", title: expect.any(String), description: expect.any(String) });
      // Left unanswered, an option must stay unset, so the user's config file shows through.
      expect(field.default, key).toBeUndefined();
      expect(field.required ?? false, key).toBe(false);
    }
    expect(manifest.userConfig.api_key!.sensitive).toBe(true);
    expect(Object.entries(manifest.userConfig).filter(([, f]) => f.sensitive).map(([k]) => k)).toEqual(["api_key"]);
  });
});

describe("the README", () => {
  const readme = readFileSync("README.md", "utf8");
  const section = (head: string) => readme.slice(readme.indexOf(`## ${head}`), readme.indexOf("\n## ", readme.indexOf(`## ${head}`) + 3));

  it("shows, in Install, every question Claude Code asks when the plugin is enabled", () => {
    const install = section("Install");
    for (const field of Object.values(manifest.userConfig)) expect(install).toContain(`| **${String(field.title)}**`);
  });

  it("shows, in Configuration, the layers in the order the config reads them", () => {
    const config = section("Configuration");
    // One line per layer, lowest first, as LAYER_ORDER has them: user, plugin, project, env.
    const at = ["\n  < ~/.config/local-delegate/config.yaml ", "\n  < plugin options ", "\n  < .claude/local-delegate.yaml ", "\n  < LOCAL_DELEGATE_<KEY> "].map((s) => config.indexOf(s));
    expect(at.every((i) => i >= 0), String(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(LAYER_ORDER).toEqual(["user", "plugin", "project", "env"]);
  });
});
