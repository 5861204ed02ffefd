import { describe, expect, it } from "vitest";
import { fileFacts } from "../../src/lang/facts.js";
import { checkPromises, exportsToKeep, promisesOf, type FileFacts } from "../../src/verify/promises.js";

const code = (description: string, constraints: string[] = [], language = "javascript") => promisesOf({ kind: "code", description, constraints, language });
const facts = (over: Partial<FileFacts> = {}): FileFacts => ({ defined: [], declared: [], imported: [], dependencies: [], typeDependencies: [], functions: 0, ...over });

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

const names = (description: string, language = "javascript") => code(description, [], language).names.map((n) => n.name);

describe("a signature is promised by the words right before it", () => {
  it("not a parameter, a callback or a prop the promised function calls", () => {
    expect(names("Write `withRetry(operation, retries)` that calls `operation()` until it resolves. Export it.")).toEqual(["withRetry"]);
    expect(names("Write and export `forEachLine(text, onLine)`. `onLine(line, index)` is called once per line.")).toEqual(["forEachLine"]);
    expect(names("Write a React component `Button({ label, onClick })` that calls `onClick(event)` when clicked.", "tsx")).toEqual(["Button"]);
    expect(names("Write `mapAll(items, process)` that resolves to `process(item)` for every item.")).toEqual(["mapAll"]);
  });

  it("not what is constructed, thrown or raised, nor what is used, given or calls for", () => {
    expect(names('Write `check(n)`; it throws `new TypeError("bad")` and returns `new StringBuilder(s).reverse()`.')).toEqual(["check"]);
    expect(names('Write `parse(path)` that raises `ValueError("bad line")`.', "python")).toEqual(["parse"]);
    expect(names("Given `parse(text)` from the context, write `render(tree)`. When `fetchUser(id)` fails, show an error.")).toEqual(["render"]);
    expect(names("Write `run()` using `loadConfig(path)`, and via `connect(url)`.")).toEqual(["run"]);
    expect(names("`fetchUser(id)` already exists in `api.js`; `formatName(n)` comes from `./names.js`. Write `loadPage(id)`.")).toEqual(["loadPage"]);
    expect(names("The file should contain `slugify(text)` and `unslugify(s)`.")).toEqual(["slugify", "unslugify"]);
    expect(names("`has(key)`: true when the key exists.")).toEqual(["has"]);
  });

  it("a list goes on from a promised signature; a class or object 'with' methods promises them", () => {
    expect(names("Write a `Stack` class with `push(x)`, `peek()` and `size()`.", "python")).toEqual(["peek", "size"]);
    expect(names("Define a `Stack` type with `Push(v int)`, `Pop() (int, bool)` and `Len() int` methods.", "go")).toEqual(["Push", "Pop", "Len"]);
    expect(names("Write `public class Slug` with `public static String of(String title)` and a private helper `collapse(String s)`.", "java")).toEqual(["of", "collapse"]);
    expect(names("Implement `Queue` with `enqueue(item)`, `dequeue()` and `isEmpty()`.")).toEqual(["enqueue", "dequeue", "isEmpty"]);
    expect(names("Create `src/useLocalStorage.ts` exporting `useLocalStorage<T>(key: string, initial: T): [T, (v: T) => void]`.", "typescript")).toEqual(["useLocalStorage"]);
  });

  it("a call in its own code span after a signature is not read as that signature's type", () => {
    // The file defines toEntry as a private helper (or not at all): it is only used here.
    expect(code('Export `parse(s: string): Entry[]` — `s.split("\\n")`, then `toEntry(line)` for each.', [], "typescript").names.map((n) => n.name)).toEqual(["parse"]);
    expect(names("Write `func slugify(_ text: String) -> String`: `text.lowercased()`, `precondition(!text.isEmpty)`.", "swift")).toEqual(["slugify"]);
    // Near misses: a type in the signature's span, or in a span of its own, still continues the list.
    expect(names("Export `parse(s: string): Entry[]`, then `render(e: Entry): string`.", "typescript")).toEqual(["parse", "render"]);
    expect(names("Export `parse(s)`: `Entry[]`, and `render(e)`: `string`.", "typescript")).toEqual(["parse", "render"]);
    expect(names("Export `on(event: string, fn: () => void): () => void`, and `off(event: string)`.", "typescript")).toEqual(["on", "off"]);
  });

  it("generic signatures count, and their parameters do not", () => {
    expect(names("Write and export `groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]>`.", "typescript")).toEqual(["groupBy"]);
  });

  it("an example is not a promise, and e.g. / i.e. / etc. do not end a sentence", () => {
    expect(names("Helpers stay pure, e.g. `isBlank(s)`: true for blank strings; for example `trimAll(xs)`.")).toEqual([]);
    expect(names("Formats such as `toIso(d)` or like `toRfc(d)` are out of scope. Write `formatDay(d)`.")).toEqual(["formatDay"]);
    expect(names('Write `normalize(raw)`, e.g. `normalize("(555) 123")` gives `"555123"`, i.e. digits only, etc. Also export `isPhone(s)`.')).toEqual(["normalize", "isPhone"]);
  });

  it("each language's own functions are not promised; *Error and *Exception never are", () => {
    expect(names("Write `Clone(xs []int) []int` with `copy(dst, src)`; `Reset(m)` calls `clear(m)`, then `delete(m, k)`.", "go")).toEqual(["Clone", "Reset"]);
    expect(names("Write `pub fn double_it(x: i32) -> Option<i32>` returning `Some(x)`; `Box(v)`, `Vec(v)`, `Ok(v)`, `Err(e)` are fine.", "rust")).toEqual(["double_it"]);
    expect(names("Write `pub(crate) fn parse_header(line: &str) -> Option<u8>` and `pub(super) fn reset()`.", "rust")).toEqual(["parse_header", "reset"]);
    // Attributes are not definitions; the signatures after them still are.
    expect(names("Write `#[derive(Debug, Clone)] pub struct Config`, `pub fn load(path: &str) -> Config` and `pub fn save(&self)`; add `#![allow(dead_code)]`.", "rust")).toEqual(["load", "save"]);
    expect(names('Write `public IActionResult GetUser(int id)`, marked `[HttpGet("{id}")]`.', "csharp")).toEqual(["GetUser"]);
    expect(names('Write a controller with `[HttpGet("{id}")]` on a `GetUser` action.', "csharp")).toEqual([]);
    expect(names('Add `#[Route("/users")]` to `public function listUsers(): array`.', "php")).toEqual(["listUsers"]);
    // Near miss: a list in brackets is not an attribute outside C#.
    expect(names("Write `[first(xs), last(xs)]` helpers: `first(xs)` and `last(xs)`.", "python")).toEqual(["first", "last"]);
    // The C library, named to say how: not functions to write. The project's own helpers still are.
    expect(names("Write `char *str_dup(const char *s)`: `strlen(s)` bytes plus one from `malloc(n)`, copied with `memcpy(dst, s, n)`.", "c")).toEqual(["str_dup"]);
    expect(names("Helpers: `trim(s)`, `split_words(s, sep)`; `std::sort(v.begin(), v.end())` orders them.", "cpp")).toEqual(["trim", "split_words"]);
    expect(names("Write `function slugify(string $text): string`. Steps: `trim($s)`, `strtolower($s)`, `preg_replace('/\\s+/', '-', $s)`.", "php")).toEqual(["slugify"]);
    expect(names("Write `def slugify(text)`. Steps: `strip_tags(s)`, `puts(x)` for debugging.", "ruby")).toEqual(["slugify", "strip_tags"]);
    expect(names("Write `func slugify(_ text: String) -> String`. Checks: `precondition(!text.isEmpty)`, `fatalError(msg)`.", "swift")).toEqual(["slugify"]);
    expect(names("Write `fun parse(s: String): List<Int>`. Steps: `requireNotNull(s)`, `listOf(1)`; a helper `digits(s)`.", "kotlin")).toEqual(["parse", "digits"]);
    expect(names("Write `first(xs)` with `next(iter(xs))`, `getattr(o, n)` and `super().__init__()`.", "python")).toEqual(["first"]);
    expect(names("Export `safeUrl(s)` built on `new URL(s)`; `structuredClone(v)`, `encodeURIComponent(v)`, `queueMicrotask(f)`.")).toEqual(["safeUrl"]);
    expect(names("Export `ValidationError(field)` and `ConfigException(msg)`.", "typescript")).toEqual([]);
  });

  it("a C file that uses the C library keeps the promise (it compiles with gcc -Wall)", async () => {
    const file = "#include <stdlib.h>\n#include <string.h>\n\nchar *str_dup(const char *s) {\n    size_t n = strlen(s) + 1;\n    char *d = malloc(n);\n    if (!d) return NULL;\n    memcpy(d, s, n);\n    return d;\n}\n";
    const p = code("Write `char *str_dup(const char *s)`: `strlen(s)` bytes plus one from `malloc(n)`, copied with `memcpy(dst, s, n)`.", [], "c");
    expect(checkPromises(p, 10, await fileFacts(file, "c"), new Set())).toBeNull();
  });

  it("a negated export promises nothing about the name; one kept private is defined, not exported", () => {
    expect(names("Export `parseCsv(text)`, which splits rows with a helper `splitLine(line)`. Do not export `splitLine`.")).toEqual(["parseCsv"]);
    expect(names("Write the module without exporting `helper(x)`; export `main()`.")).toEqual(["main"]);
    expect(code("Write `total(xs)` and a private helper `round2(n)`. Export `total`.").names).toEqual([
      { name: "total", exported: true, said: "total(xs)" },
      { name: "round2", exported: false, said: "round2(n)" },
    ]);
    expect(code("Add `assertPrice(price: number): void`, not exported, and export `priceOf(n)`.", [], "typescript").names.map((n) => [n.name, n.exported])).toEqual([["assertPrice", false], ["priceOf", true]]);
  });

  it("NAME = value only as a definition, not inside prose", () => {
    expect(names("Write and export `debugLog(message)`; it prints only when asked (DEBUG=1), and with LOG_LEVEL = debug.")).toEqual(["debugLog"]);
    expect(names("Export `DEFAULT_PAGE_SIZE = 20`, `MAX_PAGE_SIZE = 100` and `SORT_ORDERS = [\"asc\"]`.")).toEqual(["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "SORT_ORDERS"]);
  });
});

describe("constraints, clause by clause", () => {
  it("a limit on each function is not a limit on the file", () => {
    for (const c of ["keep each function under 30 lines", "at most 20 lines per function", "every method at most 5 lines", "functions under 20 lines"]) expect(code("x", [c]).maxLines).toBeNull();
    expect(code("x", ["at most 200 lines per file"]).maxLines).toBe(200);
    expect(code("x", ["each function short, at most 40 lines"]).maxLines).toBe(40);
  });

  it("only a clause that says no functions means no functions", () => {
    for (const c of ["no function may mutate its input", "no function calls at import time", "no functions with side effects"]) expect(code("x", [c]).noFunctions).toBe(false);
    for (const c of ["ES module, no imports, no functions", "data only", "only constants", "TypeScript module with no functions", "no function definitions"]) expect(code("x", [c]).noFunctions).toBe(true);
  });

  it("the packages a \"no dependencies\" allows, and type-only imports under \"no runtime dependencies\"", () => {
    expect(code("x", ["no dependencies other than react and react-dom"])).toMatchObject({ noDependencies: true, allowedDependencies: ["react", "react-dom"], typeImportsAllowed: false });
    expect(code("x", ["no dependencies except `lodash`, at most 40 lines"])).toMatchObject({ allowedDependencies: ["lodash"], maxLines: 40 });
    expect(code("x", ["TypeScript, no runtime dependencies"])).toMatchObject({ noDependencies: true, typeImportsAllowed: true });
  });

  it("holds the file to them", () => {
    const react = code("x", ["no dependencies other than react"]);
    expect(checkPromises(react, 5, facts({ dependencies: ["react", "react/jsx-runtime"] }), new Set())).toBeNull();
    expect(checkPromises(react, 5, facts({ dependencies: ["react", "lodash"] }), new Set())?.details).toBe("- the file imports `lodash`; the constraints say no dependencies");
    expect(checkPromises(code("x", ["no runtime dependencies"]), 5, facts({ typeDependencies: ["express"] }), new Set())).toBeNull();
    expect(checkPromises(code("x", ["no dependencies"]), 5, facts({ typeDependencies: ["express"] }), new Set())?.details).toMatch(/imports `express`/);
  });
});

describe("defined where, exported how", () => {
  const p = code("Write and export `get(key)`, `formatName(name)` and `loads(data)`.");

  it("a name declared only inside something (an interface's method, a function in an `if`) is defined, exported or not", () => {
    expect(checkPromises(p, 5, facts({ declared: ["get", "formatName", "loads"] }), new Set())).toBeNull();
  });

  it("a context file's name waives the check only when the file does not define it", () => {
    const f = facts({ defined: [{ name: "get", exported: true }, { name: "formatName", exported: false }], declared: ["loads"] });
    expect(checkPromises(p, 5, f, new Set(["formatName"]))?.details).toBe('- `formatName` is defined but not exported (the task says: "formatName(name)")');
    expect(checkPromises(p, 5, facts({ defined: [{ name: "get", exported: true }], declared: ["loads"] }), new Set(["formatName"]))).toBeNull();
  });
});

describe("what a refactor keeps", () => {
  const before = [
    { name: "parse", kind: "function", exported: true },
    { name: "legacyParse", kind: "function", exported: true },
    { name: "VERSION", kind: "variable", exported: true },
    { name: "Parser", kind: "class", exported: true },
    { name: "Parser.run", kind: "method", exported: true },
    { name: "_helper", kind: "function", exported: false },
  ];
  const keep = (description: string, language: string, rename?: { from: string; to: string }) => {
    const input = { kind: "refactor" as const, description, constraints: [], language, rename };
    return exportsToKeep(before, input, promisesOf(input).names).map((n) => n.name);
  };

  it("what the file exported, less what a sentence that removes things names", () => {
    expect(keep("Trim the input of parse before parsing it.", "javascript")).toEqual(["parse", "legacyParse", "VERSION", "Parser"]);
    expect(keep("Remove the deprecated `legacyParse` export and inline it into `parse`.", "javascript")).toEqual(["VERSION", "Parser"]);
    expect(keep("Rename it.", "typescript", { from: "legacyParse", to: "parseLegacy" })).toEqual(["parse", "VERSION", "Parser"]);
  });

  it("none when a sentence removes what it does not name; a sentence naming none but not removing keeps them", () => {
    expect(keep("Remove the unused helpers.", "javascript")).toEqual([]);
    expect(keep("Clean up the dead code. Then make parse faster.", "javascript")).toEqual([]);
    expect(keep("Move the constants to the top.", "javascript")).toEqual(["parse", "legacyParse", "VERSION", "Parser"]);
  });

  it("a code task is held the same, and told it does not remove the name", () => {
    const input = { kind: "code" as const, description: "Add a `strict` option to parse.", constraints: [], language: "typescript" };
    const kept = exportsToKeep(before, input, promisesOf(input).names);
    expect(kept.map((n) => n.name)).toEqual(["parse", "legacyParse", "VERSION", "Parser"]);
    expect(kept[1]!.said).toBe("legacyParse is exported by the file before this task, which does not say to remove it");
  });

  it("outside JavaScript and TypeScript, only functions and classes", () => {
    expect(keep("Make `parse` faster.", "python")).toEqual(["parse", "legacyParse", "Parser"]);
  });
});
