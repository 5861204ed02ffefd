// The dark-mode example (examples/dark-mode/) as a scripted model would write it: the files a good
// local model answers for each task, and a script that answers by the file a prompt asks for.
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedRequest, ScriptedReply } from "../support/fake-openai-server.js";
import { tempProject, type TempProject, ledgerEntries } from "../support/project.js";

const REPO = join(import.meta.dirname, "..", "..");
export const EXAMPLE_PLAN = join(REPO, "examples", "dark-mode", "plan.yaml");
export const DIR = "examples/dark-mode";

export const FILES: Record<string, string> = {
  "src/theme/constants.js": `export const THEMES = {
  light: { background: "#ffffff", surface: "#f5f5f7", text: "#1d1d1f", muted: "#6e6e73", accent: "#0066cc", border: "#d2d2d7" },
  dark: { background: "#111113", surface: "#1c1c1f", text: "#f5f5f7", muted: "#a1a1a6", accent: "#4da3ff", border: "#38383d" },
};
export const THEME_NAMES = ["light", "dark"];
export const STORAGE_KEY = "app.theme";
export const DEFAULT_THEME = "light";
`,
  "src/theme/utils.js": `import { THEMES, THEME_NAMES, DEFAULT_THEME } from "./constants.js";

export function isThemeName(value) {
  return THEME_NAMES.includes(value);
}

export function resolveTheme(saved, prefersDark) {
  if (isThemeName(saved)) return saved;
  return prefersDark ? "dark" : DEFAULT_THEME;
}

export function toggleTheme(name) {
  return name === "dark" ? "light" : "dark";
}

export function themeVars(name) {
  const tokens = THEMES[name] ?? THEMES[DEFAULT_THEME];
  return Object.fromEntries(Object.entries(tokens).map(([k, v]) => [\`--color-\${k}\`, v]));
}
`,
  "src/theme/utils.test.js": `import { test } from "node:test";
import assert from "node:assert/strict";
import { isThemeName, resolveTheme, toggleTheme, themeVars } from "./utils.js";

test("isThemeName", () => {
  assert.equal(isThemeName("light"), true);
  assert.equal(isThemeName("sepia"), false);
});
test("resolveTheme keeps a saved theme", () => assert.equal(resolveTheme("light", true), "light"));
test("resolveTheme follows the system", () => assert.equal(resolveTheme(null, true), "dark"));
test("resolveTheme falls back to the default", () => assert.equal(resolveTheme(undefined, false), "light"));
test("toggleTheme", () => {
  assert.equal(toggleTheme("light"), "dark");
  assert.equal(toggleTheme("dark"), "light");
});
test("themeVars", () => {
  const v = themeVars("dark");
  assert.equal(v["--color-background"], "#111113");
  assert.equal(Object.keys(v).length, 6);
});
`,
};

/** A utils file that loads but gets resolveTheme wrong: the hidden check fails on it. */
export const BUGGY_UTILS = FILES["src/theme/utils.js"]!.replace('return prefersDark ? "dark" : DEFAULT_THEME;', 'return DEFAULT_THEME;');

export const fence = (s: string) => "Here is the file:\n\n```javascript\n" + s + "```\n";

/** The project-relative file a prompt asks for, from its `<file_to_write path="…">`. */
export function askedFile(req: RecordedRequest): string {
  const text = (req.body?.messages ?? []).map((m: { content?: string }) => m.content ?? "").join("\n");
  return /<file_to_write path="([^"]+)"/.exec(text)?.[1] ?? "";
}

/** Answers each prompt with the good file for what it asks, or an override for some files. */
export function answerByFile(overrides: Record<string, (n: number) => ScriptedReply> = {}) {
  const seen = new Map<string, number>();
  return (req: RecordedRequest): ScriptedReply => {
    const file = askedFile(req).replace(`${DIR}/`, "");
    const n = (seen.get(file) ?? 0) + 1;
    seen.set(file, n);
    const o = overrides[file];
    if (o) return o(n);
    const body = FILES[file];
    return body ? { content: fence(body) } : { content: "I do not know this file." };
  };
}

/** A project holding the example's plan and hidden check at the same paths as in this repository. */
export function darkModeProject(): TempProject {
  const proj = tempProject();
  cpSync(join(REPO, DIR, "plan.yaml"), join(proj.root, DIR, "plan.yaml"));
  cpSync(join(REPO, DIR, "checks"), join(proj.root, DIR, "checks"), { recursive: true });
  return proj;
}

export function ledgerLines(proj: TempProject): any[] {
  try {
    return ledgerEntries(proj.root);
  } catch {
    return [];
  }
}
