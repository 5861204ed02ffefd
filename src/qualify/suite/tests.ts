import { ERASABLE_TS, NODE_TEST, type SuiteTask } from "./task.js";

// Test-writing tasks. A test file is checked the way a reviewer would: it must pass against the
// real code, and fail against each mutant, a copy of the code with one documented behaviour
// broken. node:test ships with Node, so the model's tests run with no packages installed.

const CLAMP = `/** Limits \`value\` to the range [min, max]. Throws a RangeError when min > max. */
export function clamp(value, min, max) {
  if (min > max) throw new RangeError(\`min (\${min}) is greater than max (\${max})\`);
  return Math.min(Math.max(value, min), max);
}
`;

const clamp: SuiteTask = {
  id: "test-js-clamp",
  kind: "test",
  category: "test",
  language: "javascript",
  description:
    "Test `clamp` from `src/clamp.js` (shown in the context): a value inside the range, below it, above it, exactly at each bound, and the RangeError when min > max.",
  output_file: "src/clamp.test.js",
  context_files: ["src/clamp.js"],
  constraints: [NODE_TEST, "import `{ clamp }` from `./clamp.js`"],
  files: { "src/clamp.js": CLAMP },
  hidden: {
    ".qualify/mutants/clamp-min.js": "export function clamp(value, min, max) {\n  if (min > max) throw new RangeError(\"min > max\");\n  return Math.min(value, max);\n}\n",
    ".qualify/mutants/clamp-max.js": "export function clamp(value, min, max) {\n  if (min > max) throw new RangeError(\"min > max\");\n  return Math.max(value, min);\n}\n",
    ".qualify/mutants/clamp-throw.js": "export function clamp(value, min, max) {\n  return Math.min(Math.max(value, min), max);\n}\n",
  },
  check: String.raw`import { testsCatch, finish } from "./harness.mjs";
testsCatch("src/clamp.test.js", "src/clamp.js", [
  [".qualify/mutants/clamp-min.js", "clamp ignores the lower bound"],
  [".qualify/mutants/clamp-max.js", "clamp ignores the upper bound"],
  [".qualify/mutants/clamp-throw.js", "clamp does not throw when min > max"],
]);
finish();
`,
};

const SLUGIFY = `/** Lower-cases \`text\` and joins its runs of letters and digits with single dashes: "  Hello, World! " → "hello-world". */
export function slugify(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
`;

const slugify: SuiteTask = {
  id: "test-js-slugify",
  kind: "test",
  category: "test",
  language: "javascript",
  description:
    "Test `slugify` from `src/slugify.js` (shown in the context): upper-case letters, punctuation and spaces between words, leading and trailing punctuation, runs of several separators, and an empty string.",
  output_file: "src/slugify.test.js",
  context_files: ["src/slugify.js"],
  constraints: [NODE_TEST, "import `{ slugify }` from `./slugify.js`"],
  files: { "src/slugify.js": SLUGIFY },
  hidden: {
    ".qualify/mutants/slugify-case.js": 'export function slugify(text) {\n  return text.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-+|-+$/g, "");\n}\n',
    ".qualify/mutants/slugify-edges.js": 'export function slugify(text) {\n  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-");\n}\n',
    ".qualify/mutants/slugify-runs.js": 'export function slugify(text) {\n  return text.toLowerCase().replace(/[^a-z0-9]/g, "-").replace(/^-+|-+$/g, "");\n}\n',
  },
  check: String.raw`import { testsCatch, finish } from "./harness.mjs";
testsCatch("src/slugify.test.js", "src/slugify.js", [
  [".qualify/mutants/slugify-case.js", "slugify keeps upper-case letters"],
  [".qualify/mutants/slugify-edges.js", "slugify keeps leading and trailing dashes"],
  [".qualify/mutants/slugify-runs.js", "slugify makes one dash per separator character instead of one per run"],
]);
finish();
`,
};

const RETRY = `/**
 * Calls \`fn\` (with the attempt number, from 0) until it resolves, at most \`attempts\` times in
 * all, and resolves with its result. When every call rejects, rejects with the last error.
 * Rejects with a RangeError when attempts is not a positive integer, without calling fn.
 */
export async function retry(fn, attempts) {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError("attempts must be a positive integer");
  let last;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn(i);
    } catch (e) {
      last = e;
    }
  }
  throw last;
}
`;

const retry: SuiteTask = {
  id: "test-js-retry",
  kind: "test",
  category: "test",
  language: "javascript",
  description:
    "Test `retry` from `src/retry.js` (shown in the context): a function that resolves at once; one that rejects twice then resolves, with 3 attempts (check the result and the number of calls); " +
    "one that always rejects (check it rejects with the last error and was called `attempts` times); and attempts of 0.",
  output_file: "src/retry.test.js",
  context_files: ["src/retry.js"],
  constraints: [NODE_TEST, "import `{ retry }` from `./retry.js`"],
  files: { "src/retry.js": RETRY },
  hidden: {
    ".qualify/mutants/retry-fewer.js":
      'export async function retry(fn, attempts) {\n  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError("attempts");\n  let last;\n  for (let i = 0; i < attempts - 1; i++) {\n    try { return await fn(i); } catch (e) { last = e; }\n  }\n  throw last;\n}\n',
    ".qualify/mutants/retry-first-error.js":
      'export async function retry(fn, attempts) {\n  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError("attempts");\n  let first;\n  for (let i = 0; i < attempts; i++) {\n    try { return await fn(i); } catch (e) { if (first === undefined) first = e; }\n  }\n  throw first;\n}\n',
    ".qualify/mutants/retry-swallow.js":
      'export async function retry(fn, attempts) {\n  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError("attempts");\n  for (let i = 0; i < attempts; i++) {\n    try { return await fn(i); } catch {}\n  }\n  return undefined;\n}\n',
    ".qualify/mutants/retry-no-check.js":
      "export async function retry(fn, attempts) {\n  let last;\n  for (let i = 0; i < Math.max(attempts, 1); i++) {\n    try { return await fn(i); } catch (e) { last = e; }\n  }\n  throw last;\n}\n",
  },
  check: String.raw`import { testsCatch, finish } from "./harness.mjs";
testsCatch("src/retry.test.js", "src/retry.js", [
  [".qualify/mutants/retry-fewer.js", "retry makes one attempt fewer than asked"],
  [".qualify/mutants/retry-first-error.js", "retry rejects with the first error instead of the last"],
  [".qualify/mutants/retry-swallow.js", "retry resolves with undefined when every attempt fails"],
  [".qualify/mutants/retry-no-check.js", "retry accepts attempts of 0"],
]);
finish();
`,
};

const RANGE = `/**
 * The numbers from \`start\` up to, not including, \`end\`, stepping by \`step\` (default 1); a
 * negative step counts down. Throws a RangeError when step is 0.
 */
export function range(start: number, end: number, step = 1): number[] {
  if (step === 0) throw new RangeError("step must not be 0");
  const out: number[] = [];
  if (step > 0) for (let i = start; i < end; i += step) out.push(i);
  else for (let i = start; i > end; i += step) out.push(i);
  return out;
}
`;
const rangeJs = (body: string) => `export function range(start, end, step = 1) {\n${body}\n}\n`;

const range: SuiteTask = {
  id: "test-ts-range",
  kind: "test",
  category: "test",
  language: "typescript",
  description:
    "Test `range` from `src/range.ts` (shown in the context): the default step, a larger step, a negative step counting down, an empty result when start is already past end, and the RangeError for a step of 0.",
  output_file: "src/range.test.ts",
  context_files: ["src/range.ts"],
  constraints: [NODE_TEST, "import `{ range }` from `./range.js` (the project builds TypeScript to ES modules)", ERASABLE_TS],
  files: { "src/range.ts": RANGE },
  hidden: {
    // The real code, built: the model's tests are built the same way next to it.
    ".qualify/ts/src/range.js": rangeJs('  if (step === 0) throw new RangeError("step must not be 0");\n  const out = [];\n  if (step > 0) for (let i = start; i < end; i += step) out.push(i);\n  else for (let i = start; i > end; i += step) out.push(i);\n  return out;'),
    ".qualify/mutants/range-step.js": rangeJs('  if (step === 0) throw new RangeError("step");\n  const out = [];\n  for (let i = start; i < end; i++) out.push(i);\n  return out;'),
    ".qualify/mutants/range-down.js": rangeJs('  if (step === 0) throw new RangeError("step");\n  const out = [];\n  for (let i = start; i < end; i += Math.abs(step)) out.push(i);\n  return out;'),
    ".qualify/mutants/range-end.js": rangeJs('  if (step === 0) throw new RangeError("step");\n  const out = [];\n  if (step > 0) for (let i = start; i <= end; i += step) out.push(i);\n  else for (let i = start; i >= end; i += step) out.push(i);\n  return out;'),
    ".qualify/mutants/range-zero.js": rangeJs("  if (step === 0) return [];\n  const out = [];\n  if (step > 0) for (let i = start; i < end; i += step) out.push(i);\n  else for (let i = start; i > end; i += step) out.push(i);\n  return out;"),
  },
  erase: ["src/range.test.ts"],
  check: String.raw`import { prepared, testsCatch, finish } from "./harness.mjs";
prepared();
testsCatch(".qualify/ts/src/range.test.js", ".qualify/ts/src/range.js", [
  [".qualify/mutants/range-step.js", "range ignores the step"],
  [".qualify/mutants/range-down.js", "range cannot count down"],
  [".qualify/mutants/range-end.js", "range includes end"],
  [".qualify/mutants/range-zero.js", "range returns [] for a step of 0 instead of throwing"],
]);
finish();
`,
};

export const TEST_TASKS: SuiteTask[] = [clamp, slugify, retry, range];
