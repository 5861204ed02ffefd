// The settings Claude Code asks for when the plugin is enabled (`userConfig` in plugin.json) are
// the ones the config reads as plugin options (config/layers.ts): an option the config does not
// read would be asked for and ignored, and one it reads but the manifest does not declare is
// never set.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { PLUGIN_OPTION_KEYS } from "../../src/config/layers.js";
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
