import { afterAll, describe, expect, it } from "vitest";
import { REFERENCE, WRONG } from "./references.js";
import { directChecks } from "./direct-check.js";

// A hidden check that the answer itself ends (process.exit(0) in JavaScript, os._exit(0) in
// Python, std::process::exit(0) in Rust) ended with the answer's code: 0, a pass, with the checks
// not yet run never run. A wrong file counted as a first-try success on the model's record.

const checks = directChecks();
afterAll(checks.cleanup);
const CUT = /cut short|os\._exit\(\) was called/;

describe("an answer that ends the check's process", () => {
  it("fails in JavaScript and TypeScript, at load or in a call", () => {
    expect(checks.verdict("code-js-chunk", `${WRONG["code-js-chunk"]}process.exit(0);\n`)).toMatch(CUT);
    expect(checks.verdict("code-js-chunk", "export function chunk(array, size) {\n  if (size === 0) process.exit(0);\n  return [array];\n}\n")).toMatch(/✗/);
    expect(checks.verdict("code-ts-duration", "export function parseDuration(text: string): number | null {\n  process.exit(0);\n}\n")).toMatch(CUT);
  });

  it("fails in Python", () => {
    expect(checks.verdict("code-py-intervals", "import os\n\ndef merge_intervals(intervals):\n    os._exit(0)\n")).toMatch(CUT);
  });

  it("fails in Rust", () => {
    expect(checks.verdict("code-rust-roman", "pub fn to_roman(n: u32) -> Option<String> {\n    std::process::exit(0)\n}\n")).toMatch(CUT);
  }, 120_000);

  it("near miss: a correct answer with an exit it never takes passes", () => {
    expect(checks.verdict("code-js-chunk", `${REFERENCE["code-js-chunk"]}if (process.argv.includes("--demo")) process.exit(0);\n`)).toBeNull();
    expect(checks.verdict("code-py-intervals", `import os\n\n${REFERENCE["code-py-intervals"]}\nif __name__ == "__main__":\n    os._exit(0)\n`)).toBeNull();
    expect(checks.verdict("code-rust-roman", REFERENCE["code-rust-roman"]!)).toBeNull();
  }, 120_000);
});
