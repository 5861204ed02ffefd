// firstFailure's line (within its budget, the location kept whole, no frames) and runChecks, which
// puts it in the result line and tells command faults apart.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runChecks } from "../../src/engine/checks.js";
import { firstFailure } from "../../src/verify/first-failure.js";
import { formatPoint } from "../../src/verify/failure-point.js";
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
    const f = await runChecks([{ kind: "tests", command: "node --test slug.test.js" }], p.path, 60_000, undefined, undefined, undefined, "slug.js");
    expect(f).toMatchObject({ kind: "tests", message: "tests failed: expected 'hello-world', got 'hello_world' (slug.test.js:4)" });
    expect(f!.fault).toBeUndefined();
    // The retry prompt keeps its longer excerpt.
    expect(f!.details).toContain("AssertionError");
  });

  it("marks a test file that is not there as the command's fault", async () => {
    const f = await runChecks([{ kind: "tests", command: "node --test test/missing.test.js" }], p.path, 60_000, undefined, undefined, undefined, "slug.js");
    expect(f?.fault).toMatchObject({ code: "TEST_COMMAND", field: "test_command" });
    expect(f!.fault!.message).toContain("Could not find 'test/missing.test.js'");
  });
});
