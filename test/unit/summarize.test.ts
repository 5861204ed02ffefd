import { describe, expect, it } from "vitest";
import { summarizeFailure } from "../../src/verify/summarize.js";

// What `vitest run` prints for one failed assertion (colours on, as some CIs force them).
const VITEST_FAIL = [
  "",
  " \x1b[31m❯\x1b[39m test/slugify.test.ts (3 tests | 1 failed) 5ms",
  "   ✓ slugify > keeps letters",
  "   × slugify > lowercases 2ms",
  "",
  "⎯⎯⎯⎯⎯⎯⎯ Failed Tests 1 ⎯⎯⎯⎯⎯⎯⎯",
  "",
  " FAIL  test/slugify.test.ts > slugify > lowercases",
  "AssertionError: expected 'Hello-World' to be 'hello-world' // Object.is equality",
  "",
  "- Expected",
  "+ Received",
  "",
  "- hello-world",
  "+ Hello-World",
  "",
  " ❯ test/slugify.test.ts:9:32",
  "      7|   it(\"lowercases\", () => {",
  "      8|     const SECRET_FIXTURE = \"Hello World\";",
  "      9|     expect(slugify(SECRET_FIXTURE)).toBe(\"hello-world\");",
  "       |                                ^",
  "     10|   });",
  "     11| });",
  "",
  "⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯⎯[1/1]⎯",
  "",
  " Test Files  1 failed (1)",
  "      Tests  1 failed | 2 passed (3)",
].join("\n");

// Jest's frame: `>` marks the failing line.
const JEST_FAIL = [
  "  ● slugify › lowercases",
  "",
  "    expect(received).toBe(expected) // Object.is equality",
  "",
  '    Expected: "hello-world"',
  '    Received: "Hello-World"',
  "",
  "       7 |   it('lowercases', () => {",
  "    >  8 |     expect(slugify(HIDDEN_INPUT)).toBe('hello-world');",
  "         |                                   ^",
  "       9 |   });",
  "",
  "      at Object.<anonymous> (test/slugify.test.js:8:35)",
].join("\n");

describe("summarizeFailure", () => {
  it("keeps the error lines of a vitest failure and drops the code frame that would leak the test", () => {
    const s = summarizeFailure(VITEST_FAIL);
    expect(s).toContain("AssertionError: expected 'Hello-World' to be 'hello-world' // Object.is equality");
    expect(s).toContain("- Expected");
    expect(s).toContain("+ Received");
    expect(s).toContain("FAIL  test/slugify.test.ts > slugify > lowercases");
    expect(s).not.toContain("SECRET_FIXTURE");
    expect(s).not.toContain("toBe(\"hello-world\")");
    expect(s).not.toContain("test/slugify.test.ts:9:32");
    expect(s).not.toMatch(/^\s*\d+\|/m);
    expect(s).not.toContain("\x1b[");
  });

  it("drops Jest's frame too", () => {
    const s = summarizeFailure(JEST_FAIL);
    expect(s).toContain('Expected: "hello-world"');
    expect(s).toContain('Received: "Hello-World"');
    expect(s).not.toContain("HIDDEN_INPUT");
    expect(s).not.toMatch(/\|\s+\^/);
  });

  it("keeps compiler and lint errors with the line after each", () => {
    const tsc = [
      "src/slugify.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'.",
      "  detail line",
      "unrelated noise",
      "more noise",
      "src/slugify.ts(9,1): error TS1005: ';' expected.",
    ].join("\n");
    expect(summarizeFailure(tsc)).toBe(
      [
        "src/slugify.ts(3,7): error TS2322: Type 'number' is not assignable to type 'string'.",
        "  detail line",
        "src/slugify.ts(9,1): error TS1005: ';' expected.",
      ].join("\n"),
    );
  });

  it("keeps a Go build's diagnostics, which name no error word", () => {
    const out = [
      "# example.com/q/textwrap [example.com/q/textwrap.test]",
      "textwrap/wrap_check_test.go:54:45: assignment mismatch: 2 variables but Wrap returns 1 value",
      "textwrap/wrap.go:3:1: found packages textwrap (wrap.go) and main (main.go) in /tmp/q/textwrap",
      "FAIL\texample.com/q/textwrap [build failed]",
    ].join("\n");
    const s = summarizeFailure(out);
    expect(s).toContain("wrap_check_test.go:54:45: assignment mismatch: 2 variables but Wrap returns 1 value");
    expect(s).toContain("found packages textwrap (wrap.go) and main (main.go)");
  });

  it("keeps the last lines when nothing names an error", () => {
    const out = Array.from({ length: 100 }, (_, i) => `step ${i}`).join("\n");
    const s = summarizeFailure(out, 5);
    expect(s.split("\n")).toEqual(["step 95", "step 96", "step 97", "step 98", "step 99"]);
  });

  it("caps the number of lines and says how many more there were", () => {
    const out = Array.from({ length: 100 }, (_, i) => `Error ${i}: bad`).join("\n");
    const s = summarizeFailure(out, 10);
    const lines = s.split("\n");
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe("Error 0: bad");
    expect(lines[10]).toBe("… (90 more lines)");
  });

  it("caps the size, and cuts a very long line", () => {
    const out = Array.from({ length: 200 }, (_, i) => `TypeError ${i}: ${"x".repeat(1000)}`).join("\n");
    const s = summarizeFailure(out, 1000, 3_000);
    expect(s.length).toBeLessThan(3_000 + 100);
    expect(s.split("\n")[0]).toMatch(/^TypeError 0: x+…$/);
    expect(s.split("\n")[0]!.length).toBe(301);
    expect(s).toMatch(/… \(\d+ more lines\)$/);
  });

  it("handles CRLF output and empty output", () => {
    expect(summarizeFailure("ok\r\nError: boom\r\nat x\r\n")).toBe("Error: boom\nat x");
    expect(summarizeFailure("")).toBe("");
  });

  it("does not repeat a line", () => {
    expect(summarizeFailure("Error: same\nError: same\nError: same")).toBe("Error: same");
  });
});
