import { CARGO_CASES, GO_CASES, JAVA_CASES, PYTHON_CASES } from "./cases-native.js";
import { JEST_CASES, JS_CASES, VITEST_CASES } from "./cases-js.js";
import type { RunnerCase } from "./support.js";

/** Every runner case, node:test first. */
export const ALL_CASES: readonly RunnerCase[] = [...JS_CASES, ...VITEST_CASES, ...JEST_CASES, ...PYTHON_CASES, ...GO_CASES, ...CARGO_CASES, ...JAVA_CASES];
