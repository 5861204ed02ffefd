import { describe, expect, it } from "vitest";
import { checkPromises, promisesOf, type FileFacts } from "../../src/verify/promises.js";

const code = (description: string, constraints: string[] = [], language = "javascript") => promisesOf({ kind: "code", description, constraints, language });
const facts = (over: Partial<FileFacts> = {}): FileFacts => ({ defined: [], imported: [], dependencies: [], functions: 0, ...over });

describe("what a spec promises", () => {
  it("reads exported names, signatures and spelled-out constants from the description", () => {
    expect(code("Write and export slugify(input: string): string. Lower-case the text.").names).toEqual([{ name: "slugify", exported: true, said: "slugify(input: string):" }]);
    const theme = code('Theme constants: export THEMES, an object with a `light` and a `dark` entry; THEME_NAMES = ["light", "dark"]; STORAGE_KEY = "app.theme".');
    expect(theme.names.map((n) => n.name)).toEqual(["THEMES", "THEME_NAMES", "STORAGE_KEY"]);
    const utils = code("Pure helper functions for themes. isThemeName(value): true when value is one of THEME_NAMES. toggleTheme(name): the other theme.");
    expect(utils.names.map((n) => [n.name, n.exported])).toEqual([["isThemeName", true], ["toggleTheme", true]]);
  });

  it("leaves out what the description calls rather than defines, and builtins", () => {
    const p = code("Use fetchJson(url) from ./http.js to load the user; call the callback(err) on failure. Write getUser(id) that returns the user. It returns min(a, max(b, c)).");
    expect(p.names.map((n) => n.name)).toEqual(["getUser"]);
  });

  it("asks a module to export only in an ES module; elsewhere a definition is enough", () => {
    expect(code("Write clamp(n, lo, hi) that returns n within [lo, hi].", [], "python").names).toEqual([{ name: "clamp", exported: false, said: "clamp(n, lo, hi) that" }]);
  });

  it("reads the constraints a machine can check", () => {
    expect(code("x", ["ES module, no dependencies", "at most 15 lines", "no functions"])).toMatchObject({ maxLines: 15, noDependencies: true, noFunctions: true });
    expect(code("x", ["under 30 lines"]).maxLines).toBe(29);
    expect(code("x", ["keep it short"])).toMatchObject({ maxLines: null, noDependencies: false, noFunctions: false });
  });

  it("promises nothing for tests and docs; a refactor promises its new name", () => {
    expect(promisesOf({ kind: "test", description: "Tests for slugify(input): string", constraints: [], language: "javascript" }).names).toEqual([]);
    expect(promisesOf({ kind: "refactor", description: "rename", constraints: [], language: "typescript", rename: { from: "a", to: "b" } }).names).toEqual([{ name: "b", exported: true, said: "rename a → b" }]);
  });
});

describe("checking a file against them", () => {
  const p = code("Write and export slugify(input). Also resolveTheme(saved): the theme.", ["no dependencies", "at most 10 lines", "no functions"]);

  it("passes a file that keeps every promise", () => {
    expect(checkPromises(p, 8, facts({ defined: [{ name: "slugify", exported: true }, { name: "resolveTheme", exported: true }] }), new Set())).toBeNull();
  });

  it("names each broken promise, for the retry prompt", () => {
    const b = checkPromises(p, 12, facts({ defined: [{ name: "slugify", exported: false }], dependencies: ["lodash"], functions: 2 }), new Set());
    expect(b?.message).toMatch(/^the file does not match the spec: the file has 12 lines/);
    expect(b?.details.split("\n")).toEqual([
      "- the file has 12 lines; the constraints allow at most 10",
      '- `slugify` is defined but not exported (the task says: "slugify(input)")',
      '- `resolveTheme` is not defined in the file (the task says: "resolveTheme(saved):")',
      "- the file imports `lodash`; the constraints say no dependencies",
      "- the file defines 2 functions; the constraints say no functions",
    ]);
  });

  it("does not hold against the file a name it imports or a context file defines", () => {
    const q = code("Write and export slugify(input). Also resolveTheme(saved): the theme.");
    expect(checkPromises(q, 5, facts({ defined: [{ name: "slugify", exported: true }], imported: ["resolveTheme"] }), new Set())).toBeNull();
    expect(checkPromises(q, 5, facts({ defined: [{ name: "slugify", exported: true }] }), new Set(["resolveTheme"]))).toBeNull();
  });
});

describe("English is not a name", () => {
  it("reads `export the theme colours … as `COLORS`` as no promise of `theme`", () => {
    expect(code("Export the theme colours for a dark-mode toggle as `COLORS`, declared `as const`.").names).toEqual([]);
    expect(code("Export a function that parses dates.").names).toEqual([]);
    expect(code("Export `parse`, and exports DEFAULT_LOCALE and formatDate.").names.map((n) => n.name)).toEqual(["parse", "DEFAULT_LOCALE"]);
  });
});
