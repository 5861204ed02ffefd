import { afterAll, describe, expect, it } from "vitest";
import { fileShape } from "../../src/qualify/shape.js";
import { directChecks } from "./direct-check.js";

// The theme task asks for `ThemeMode` and `ColorToken` derived from `COLORS`. Its check compared
// the types' text with a short list of spellings, so a good model that wrote
// `keyof (typeof COLORS)`, `keyof Palette` through an alias of its own, or `as const satisfies …`
// failed qualification (and had the kind judged on it). The check now compares the keys the
// types stand for.

const checks = directChecks();
afterAll(checks.cleanup);
const check = (answer: string) => checks.verdict("code-ts-theme", answer);

const COLORS = `export const COLORS = {
  light: { background: "#ffffff", text: "#111827", accent: "#2563eb" },
  dark: { background: "#111827", text: "#f9fafb", accent: "#60a5fa" },
}`;
const theme = (mode: string, token: string, tail = " as const") => `${COLORS}${tail};\n\nexport type ThemeMode = ${mode};\nexport type ColorToken = ${token};\n`;

describe("the theme task's check", () => {
  it.each([
    ["keyof (typeof COLORS)", "keyof (typeof COLORS)['light']"],
    ["keyof typeof COLORS", "keyof (typeof COLORS)[keyof typeof COLORS]"],
    ["keyof typeof COLORS", "keyof typeof COLORS.light | keyof typeof COLORS.dark"],
  ])("accepts ThemeMode = %s, ColorToken = %s", (mode, token) => {
    expect(check(theme(mode, token))).toBeNull();
  });

  it("accepts a type derived through an alias of the answer's own, and as const satisfies", () => {
    expect(check(`${COLORS} as const;\n\nexport type ThemeMode = keyof typeof COLORS;\ntype Palette = (typeof COLORS)[ThemeMode];\nexport type ColorToken = keyof Palette;\n`)).toBeNull();
    expect(check(theme("keyof typeof COLORS", "keyof typeof COLORS.light", " as const satisfies Record<string, Record<string, string>>"))).toBeNull();
  });

  it("near miss: still accepts the spellings it did, and an explicit union", () => {
    expect(check(theme("keyof typeof COLORS", "keyof typeof COLORS[ThemeMode]"))).toBeNull();
    expect(check(theme("'light' | 'dark'", '"background" | "text" | "accent"'))).toBeNull();
  });

  it.each([
    ["keyof typeof COLORS", "keyof typeof COLORS", /ColorToken is the colour names/],
    ["'light' | 'dark' | 'auto'", "keyof typeof COLORS.light", /ThemeMode is the mode names/],
    ["string", "string", /ThemeMode is the mode names/],
    ["keyof typeof COLORS", "(typeof COLORS)[ThemeMode]", /ColorToken is the colour names/],
    ["ThemeMode", "keyof typeof COLORS.light", /ThemeMode is the mode names/],
  ])("refuses ThemeMode = %s, ColorToken = %s", (mode, token, said) => {
    expect(check(theme(mode, token))).toMatch(said);
  });

  it("refuses COLORS that is not as const, satisfies or not", () => {
    expect(check(theme("keyof typeof COLORS", "keyof typeof COLORS.light", ""))).toMatch(/declared as const/);
    expect(check(theme("keyof typeof COLORS", "keyof typeof COLORS.light", " satisfies Record<string, object>"))).toMatch(/declared as const/);
  });
});

describe("fileShape's keys of a type alias", () => {
  it("are null for what is not a finite set of string keys", () => {
    const by = Object.fromEntries(fileShape(`const C = { a: { x: 1 } } as const;\ntype A = string;\ntype B = Record<"a", number>;\ntype L = typeof C;\ntype S = { a: 1 }[keyof typeof C];\ntype K = keyof typeof C.a;\ntype Loop = Loop;\n`)!.decls.map((d) => [d.name, d.keys]));
    expect(by).toMatchObject({ A: null, B: null, L: null, S: null, K: ["x"], Loop: null });
  });
});
