// firstFailure's line (within its budget, the location kept whole, no frames) and runChecks, which
// puts it in the result line and tells command faults apart.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runChecks } from "../../src/engine/checks.js";
import { firstFailure } from "../../src/verify/first-failure.js";
import { formatPoint } from "../../src/verify/failure-point.js";
import { summarizeFailure } from "../../src/verify/summarize.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

describe("formatPoint", () => {
  it("writes test, message, values and place", () => {
    expect(formatPoint({ test: "a > b", message: "custom", expected: "1", actual: "2", at: "/p/t.test.js:4" }, 200, "/p")).toBe("a > b: custom: expected 1, got 2 (t.test.js:4)");
  });

  it("cuts long values first, then the name, and keeps the location whole", () => {
    const long = `'${"x".repeat(300)}'`;
    const line = formatPoint({ test: "t ".repeat(80), expected: long, actual: long, at: "test/deep/slug.test.js:12" }, 200);
    expect(line.length).toBeLessThanOrEqual(200);
    expect(line.endsWith("(test/deep/slug.test.js:12)")).toBe(true);
    expect(line).toContain("expected 'x");
    expect(line).toContain(", got 'x");
    for (const max of [60, 100, 150]) expect(formatPoint({ test: "t", message: "m".repeat(500), at: "a.js:1" }, max).length).toBeLessThanOrEqual(max);
  });
});

describe("firstFailure", () => {
  it("falls back to the first telling line of the output, never a frame", () => {
    const out = "node:internal/process/esm_loader:40\n    triggerUncaughtException(\n    ^\n\nsomething broke badly\n    at x (file:///p/a.js:1:1)\n";
    expect(firstFailure(out)).toBe("something broke badly");
    expect(firstFailure("")).toBeNull();
    expect(firstFailure("npm error Lifecycle script `test` failed with error:\nnpm error code 1\n")).toBeNull();
  });

  it("reads testify's block under a go test failure (its documented format; testify is not installed here)", () => {
    const out = [
      "--- FAIL: TestSlugify (0.00s)",
      "    slug_test.go:12: ",
      "        \tError Trace:\t/p/slug_test.go:12",
      "        \tError:      \tNot equal: ",
      '        \t            \texpected: "hello-world"',
      '        \t            \tactual  : "hello_world"',
      "        \tTest:       \tTestSlugify",
      "FAIL",
    ].join("\n");
    expect(firstFailure(out, { root: "/p" })).toBe('TestSlugify: Not equal: expected "hello-world", got "hello_world" (slug_test.go:12)');
  });

  // Python 3.11's doctest.testfile(), as printed: a wrong value, an exception, output where none was expected.
  const DOCTEST = [
    "**********************************************************************",
    'File "/p/docs/slug.txt", line 2, in slug.txt',
    "Failed example:",
    "    slugify('a b')",
    "Expected:",
    "    'a-b'",
    "Got:",
    "    'a_b'",
    "**********************************************************************",
    "1 items had failures:",
    "   1 of   2 in slug.txt",
    "***Test Failed*** 1 failures.",
  ].join("\n");
  const RAISED = 'File "docs/e.txt", line 2, in e.txt\nFailed example:\n    slugify(None)\nException raised:\n    Traceback (most recent call last):\n      File "<doctest e.txt[1]>", line 1, in <module>\n        slugify(None)\n      File "/p/slug.py", line 2, in slugify\n        return s.replace(\' \', \'_\')\n    AttributeError: \'NoneType\' object has no attribute \'replace\'\n**********************************************************************\nFile "docs/e.txt", line 4, in e.txt\nFailed example:\n    print(slugify(\'a\'))\nExpected nothing\nGot:\n    a\n';

  it("reads doctest's failed example: what it ran, what was expected, what came, and where", () => {
    expect(firstFailure(DOCTEST, { root: "/p" })).toBe("slug.txt: slugify('a b'): expected 'a-b', got 'a_b' (docs/slug.txt:2)");
    expect(firstFailure(RAISED, { root: "/p" })).toBe("e.txt: slugify(None): AttributeError: 'NoneType' object has no attribute 'replace' (docs/e.txt:2)");
    expect(firstFailure(RAISED.slice(RAISED.indexOf("***"))!, { root: "/p" })).toBe("e.txt: print(slugify('a')): expected nothing, got a (docs/e.txt:4)");
    // The model's retry sees what its code gave, not only what was expected.
    expect(summarizeFailure(DOCTEST)).toContain("'a_b'");
  });

  it("keeps within max", () => {
    expect(firstFailure(`Error: ${"y".repeat(500)}`, { max: 120 })!.length).toBeLessThanOrEqual(120);
  });
});

describe("runChecks", () => {
  let p: TmpDir;
  beforeEach(() => {
    p = tmpDir("ld-checks-");
    p.write("package.json", '{ "type": "module" }\n');
    p.write("slug.js", 'export const slugify = (s) => s.toLowerCase().replace(/ /g, "_");\n');
  });
  afterEach(() => p.cleanup());

  it("gives the result line the failing assertion, not `triggerUncaughtException(` (issue 15)", async () => {
    p.write("slug.test.js", 'import assert from "node:assert/strict";\nimport { slugify } from "./slug.js";\n\nassert.equal(slugify("Hello World"), "hello-world");\n');
    const f = await runChecks([{ kind: "tests", command: "node --test slug.test.js" }], p.path, 60_000, undefined, undefined, undefined, "slug.js").then((o) => o.failure);
    expect(f).toMatchObject({ kind: "tests", message: "tests failed: expected 'hello-world', got 'hello_world' (slug.test.js:4)" });
    expect(f!.fault).toBeUndefined();
    // The retry prompt keeps its longer excerpt.
    expect(f!.details).toContain("AssertionError");
  });

  it("marks a test file that is not there as the command's fault", async () => {
    const f = await runChecks([{ kind: "tests", command: "node --test test/missing.test.js" }], p.path, 60_000, undefined, undefined, undefined, "slug.js").then((o) => o.failure);
    expect(f?.fault).toMatchObject({ code: "TEST_COMMAND", field: "test_command" });
    expect(f!.fault!.message).toContain("Could not find 'test/missing.test.js'");
  });
});
