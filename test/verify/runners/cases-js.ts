// node:test, vitest and jest projects: one assertion the model's file fails, and the command
// faults (a missing test file, a test file that does not parse, a test importing a missing file).
import { join } from "node:path";
import { jestModules, linkModules, REPO, type RunnerCase } from "./support.js";

const SLUG_WRONG = `export function slugify(s) {\n  return s.toLowerCase().replace(/ /g, "_");\n}\n`;
const SLUG_WRONG_CJS = `exports.slugify = (s) => s.toLowerCase().replace(/ /g, "_");\n`;
const ESM = { "package.json": `{ "type": "module" }\n`, "slug.js": SLUG_WRONG };

const NODE_TEST = `import { test } from "node:test";
import assert from "node:assert/strict";
import { slugify } from "./slug.js";

test("slugify joins words with dashes", () => {
  assert.equal(slugify("Hello World"), "hello-world");
});

test("slugify keeps one word", () => {
  assert.equal(slugify("Hello"), "hello");
});
`;

const NODE_NESTED = `import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { slugify } from "./slug.js";

describe("slugify", () => {
  it("keeps one word", () => {
    assert.equal(slugify("Hello"), "hello");
  });
  it("makes a list", () => {
    assert.deepEqual({ slugs: [slugify("A B")], n: 1 }, { slugs: ["a-b"], n: 1 });
  });
});
`;

// Asserts at the top level, outside any test(): Node reports it after a `triggerUncaughtException(` frame.
const NODE_TOP = `import assert from "node:assert/strict";
import { slugify } from "./slug.js";

assert.equal(slugify("Hello World"), "hello-world");
`;

const node = "node:test";
const always = () => null;
const slugAssert = { has: ["'hello-world'", "'hello_world'"], test: "slugify joins words with dashes", at: "slug.test.js:6" };

export const JS_CASES: RunnerCase[] = [
  { name: "node-tap-assert", runner: node, missing: always, files: { ...ESM, "slug.test.js": NODE_TEST }, command: "node --test --test-reporter=tap slug.test.js", outputFile: "slug.js", first: slugAssert },
  { name: "node-spec-assert", runner: node, missing: always, files: { ...ESM, "slug.test.js": NODE_TEST }, command: "node --test --test-reporter=spec slug.test.js", outputFile: "slug.js", first: slugAssert },
  { name: "node-default-assert", runner: node, missing: always, files: { ...ESM, "slug.test.js": NODE_TEST }, command: "node --test slug.test.js", outputFile: "slug.js", first: slugAssert },
  { name: "node-tap-nested", runner: node, missing: always, files: { ...ESM, "slug.test.js": NODE_NESTED }, command: "node --test --test-reporter=tap slug.test.js", outputFile: "slug.js", first: { has: ["a-b", "a_b"], test: "slugify > makes a list", at: "slug.test.js:10" } },
  { name: "node-spec-nested", runner: node, missing: always, files: { ...ESM, "slug.test.js": NODE_NESTED }, command: "node --test --test-reporter=spec slug.test.js", outputFile: "slug.js", first: { has: ["'a-b'", "'a_b'"], test: "slugify > makes a list", at: "slug.test.js:10" } },
  { name: "node-tap-toplevel", runner: node, missing: always, files: { ...ESM, "slug.test.js": NODE_TOP }, command: "node --test --test-reporter=tap slug.test.js", outputFile: "slug.js", first: { has: ["'hello-world'", "'hello_world'"], at: "slug.test.js:4" } },
  { name: "node-spec-toplevel", runner: node, missing: always, files: { ...ESM, "slug.test.js": NODE_TOP }, command: "node --test --test-reporter=spec slug.test.js", outputFile: "slug.js", first: { has: ["'hello-world'", "'hello_world'"], at: "slug.test.js:4" } },
  { name: "node-script-toplevel", runner: node, missing: always, files: { ...ESM, "slug.test.js": NODE_TOP }, command: "node slug.test.js", outputFile: "slug.js", first: { has: ["'hello-world'", "'hello_world'"], at: "slug.test.js:4" } },
  {
    name: "node-missing-export",
    runner: node,
    missing: always,
    files: { ...ESM, "slug.js": "export function other() {}\n", "slug.test.js": NODE_TEST },
    command: "node --test slug.test.js",
    outputFile: "slug.js",
    first: { has: ["does not provide an export named 'slugify'"], at: "slug.test.js:3" },
  },
  {
    // A SyntaxError thrown while the test runs, from what the model's function returned: the model's.
    name: "node-json-runtime",
    runner: node,
    missing: always,
    files: { ...ESM, "slug.test.js": `import { test } from "node:test";\nimport { slugify } from "./slug.js";\n\ntest("slug parses as JSON", () => {\n  JSON.parse(slugify("Hello World"));\n});\n` },
    command: "node --test slug.test.js",
    outputFile: "slug.js",
    first: { has: ["SyntaxError: Unexpected token", "is not valid JSON"], test: "slug parses as JSON", at: "slug.test.js:5" },
  },
  { name: "node-no-test-file", runner: node, missing: always, files: ESM, command: "node --test test/missing.test.js", outputFile: "slug.js", fault: ["Could not find", "test/missing.test.js"] },
  { name: "node-no-script", runner: node, missing: always, files: ESM, command: "node test/missing.test.js", outputFile: "slug.js", fault: ["Cannot find module", "test/missing.test.js"] },
  {
    name: "node-test-syntax",
    runner: node,
    missing: always,
    files: { ...ESM, "slug.test.js": NODE_TEST.replace(`"hello-world");`, `"hello-world";`) },
    command: "node --test slug.test.js",
    outputFile: "slug.js",
    fault: ["SyntaxError: missing ) after argument list", "slug.test.js:6", "did not write"],
  },
  { name: "node-bad-option", runner: node, missing: always, files: ESM, command: "node --experimental-strip-types --test", outputFile: "slug.js", fault: ["node: bad option: --experimental-strip-types"] },
  { name: "node-not-a-command", runner: node, missing: always, files: ESM, command: "definitely-not-a-command", outputFile: "slug.js", fault: ["definitely-not-a-command: not found"] },
];

const VITEST = `import { describe, expect, it } from "vitest";
import { slugify } from "../slug.js";

describe("slugify", () => {
  it("joins words with dashes", () => {
    expect(slugify("Hello World")).toBe("hello-world");
  });
  it("keeps one word", () => {
    expect(slugify("Hello")).toBe("hello");
  });
});
`;
const vitestModules = linkModules(() => join(REPO, "node_modules"));
const v = (name: string, files: Record<string, string>, rest: Partial<RunnerCase>): RunnerCase => ({
  name,
  runner: "vitest",
  missing: always,
  files: { ...ESM, ...files },
  setup: vitestModules,
  command: "npx vitest run",
  outputFile: "slug.js",
  ...rest,
});

export const VITEST_CASES: RunnerCase[] = [
  v("vitest-assert", { "test/slug.test.js": VITEST }, { first: { has: ["'hello_world'", "'hello-world'"], test: "slugify > joins words with dashes", at: "test/slug.test.js:6" } }),
  v("vitest-not-a-function", { "slug.js": "export const slugify = 1;\n", "test/slug.test.js": VITEST }, { first: { has: ["TypeError: slugify is not a function"], test: "slugify > joins words with dashes", at: "test/slug.test.js:6" } }),
  v("vitest-no-test-file", {}, { command: "npx vitest run test/missing.test.js", fault: ["No test files found"] }),
  v("vitest-test-syntax", { "test/slug.test.js": VITEST.replace(`.toBe("hello-world");`, `.toBe("hello-world";`) }, { fault: ["does not parse", "test/slug.test.js:1"] }),
  v("vitest-unknown-option", { "test/slug.test.js": VITEST }, { command: "npx vitest run --runInBand", fault: ["Unknown option `--runInBand`"] }),
  v("vitest-missing-import", { "test/slug.test.js": VITEST.replace("../slug.js", "../slugs.js") }, { fault: ["Cannot find module '../slugs.js'", "test/slug.test.js"] }),
];

const JEST = `const { slugify } = require("../slug.js");

describe("slugify", () => {
  it("joins words with dashes", () => {
    expect(slugify("Hello World")).toBe("hello-world");
  });
  it("makes a list", () => {
    expect([slugify("A B")]).toEqual(["a-b"]);
  });
});
`;
const j = (name: string, files: Record<string, string>, rest: Partial<RunnerCase>): RunnerCase => ({
  name,
  runner: "jest",
  missing: () => (jestModules() ? null : "jest is not installed (set LD_JEST_DIR to a folder holding node_modules/jest)"),
  files: { "package.json": `{ "private": true }\n`, "slug.js": SLUG_WRONG_CJS, ...files },
  setup: linkModules(() => jestModules()!),
  command: "npx jest",
  outputFile: "slug.js",
  ...rest,
});

export const JEST_CASES: RunnerCase[] = [
  j("jest-assert", { "test/slug.test.js": JEST }, { first: { has: ['"hello-world"', '"hello_world"'], test: "slugify > joins words with dashes", at: "test/slug.test.js:5" } }),
  j("jest-no-test-file", {}, { command: "npx jest test/missing.test.js", fault: ["No tests found"] }),
  j("jest-test-syntax", { "test/slug.test.js": JEST.replace(`.toBe("hello-world");`, `.toBe("hello-world";`) }, { fault: ["SyntaxError", "test/slug.test.js:5"] }),
  j("jest-missing-import", { "test/slug.test.js": JEST.replace("../slug.js", "../slugs.js") }, { fault: ["Cannot find module '../slugs.js'", "test/slug.test.js"] }),
];
