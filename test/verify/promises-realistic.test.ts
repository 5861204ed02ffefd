// The spec-promise check on realistic pairs: a task's words and a correct file must pass (a check
// that refuses good work wastes a retry and escalates it), and wrong files must still be refused.
// Pure: promisesOf + fileFacts + checkPromises, no engine.
import { describe, expect, it } from "vitest";
import { fileFacts } from "../../src/lang/facts.js";
import { countLines } from "../../src/util/lines.js";
import { checkPromises, promisesOf } from "../../src/verify/promises.js";
import { GO_RIGHT, JAVA_RIGHT, RUST_RIGHT } from "./realistic-cases/go-rust-java.js";
import { JS_RIGHT } from "./realistic-cases/js.js";
import { PYTHON_RIGHT } from "./realistic-cases/python.js";
import { REACT_RIGHT, TS_RIGHT } from "./realistic-cases/ts-react.js";
import type { Case } from "./realistic-cases/types.js";
import { WRONG } from "./realistic-cases/wrong.js";

const RIGHT = [...JS_RIGHT, ...TS_RIGHT, ...REACT_RIGHT, ...PYTHON_RIGHT, ...GO_RIGHT, ...RUST_RIGHT, ...JAVA_RIGHT];

async function verdict(c: Case) {
  const promises = promisesOf({ kind: "code", description: c.description, constraints: c.constraints ?? [], language: c.language });
  const local = c.local ?? [];
  const isLocal = (module: string) => local.some((l) => module === l || module.startsWith(`${l}/`));
  const facts = await fileFacts(c.file, c.language, { isLocal });
  return checkPromises(promises, countLines(c.file), facts, new Set(c.elsewhere ?? []));
}

describe("realistic correct files keep their spec's promises", () => {
  it("covers every language at least 80 times", () => {
    expect(RIGHT.length).toBeGreaterThanOrEqual(80);
    expect(new Set(RIGHT.map((c) => c.language))).toEqual(new Set(["javascript", "typescript", "tsx", "jsx", "python", "go", "rust", "java"]));
  });

  it.each(RIGHT.map((c) => [`${c.language}: ${c.name}`, c] as const))("%s", async (_, c) => {
    const breach = await verdict(c);
    expect(breach?.details ?? null).toBeNull();
  });
});

describe("wrong files are still refused", () => {
  it.each(WRONG.map((c) => [`${c.language}: ${c.name}`, c] as const))("%s", async (_, c) => {
    const breach = await verdict(c);
    expect(breach?.details).toMatch(c.refused);
  });
});
