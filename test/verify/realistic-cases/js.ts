import type { Case } from "./types.js";

// Plain JavaScript tasks, as Claude words them, and a correct file for each.

const js = (name: string, description: string, file: string, constraints: string[] = [], more: Partial<Case> = {}): Case => ({ name, language: "javascript", description, constraints, file, ...more });

export const JS_RIGHT: Case[] = [
  js(
    "withRetry calls its parameter operation()",
    "Write `withRetry(operation, retries)` that calls `operation()` until it resolves, at most `retries` extra times, and rethrows the last error. Export it.",
    "export async function withRetry(operation, retries = 3) {\n  let last;\n  for (let i = 0; i <= retries; i++) {\n    try {\n      return await operation();\n    } catch (e) {\n      last = e;\n    }\n  }\n  throw last;\n}\n",
    ["ES module, no dependencies"],
  ),
  js(
    "mapAll's callback process(item)",
    "Write and export `mapAll(items, process)` that resolves to the results of `process(item)` for every item, in order, with at most 4 running at a time.",
    "export async function mapAll(items, process) {\n  const out = new Array(items.length);\n  let next = 0;\n  const worker = async () => {\n    while (next < items.length) {\n      const i = next++;\n      out[i] = await process(items[i]);\n    }\n  };\n  await Promise.all(Array.from({ length: Math.min(4, items.length) }, worker));\n  return out;\n}\n",
  ),
  js(
    "forEachLine's onLine(line, index) callback, said at a sentence start",
    "Write and export `forEachLine(text, onLine)` that splits `text` on newlines. `onLine(line, index)` is called once per line, in order.",
    "export function forEachLine(text, onLine) {\n  text.split(/\\r?\\n/).forEach((line, index) => onLine(line, index));\n}\n",
  ),
  js(
    "a query string with encodeURIComponent, and an e.g. example",
    "Write and export `buildQuery(params)`: the query string of `params`, each key and value escaped with `encodeURIComponent(value)`, skipping `undefined` values (e.g. `buildQuery({ a: 1, b: undefined })` gives `\"a=1\"`).",
    "export function buildQuery(params) {\n  return Object.entries(params)\n    .filter(([, v]) => v !== undefined)\n    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)\n    .join(\"&\");\n}\n",
  ),
  js(
    "structuredClone is the platform's",
    "Export `deepCopy(value)` which uses `structuredClone(value)` when it exists and falls back to `JSON.parse(JSON.stringify(value))`.",
    "export function deepCopy(value) {\n  if (typeof structuredClone === \"function\") return structuredClone(value);\n  return JSON.parse(JSON.stringify(value));\n}\n",
  ),
  js(
    "throws new RangeError / new TypeError",
    'Write and export `assertPositive(n)`; it throws `new TypeError("n must be a number")` for anything but a number and `new RangeError("n must be positive")` for zero or less.',
    'export function assertPositive(n) {\n  if (typeof n !== "number" || Number.isNaN(n)) throw new TypeError("n must be a number");\n  if (n <= 0) throw new RangeError("n must be positive");\n  return n;\n}\n',
  ),
  js(
    "setInterval and a returned stop() function",
    "Export `startPolling(check, ms)` that runs `check()` every `ms` milliseconds with `setInterval(check, ms)` and returns a `stop()` function that ends it.",
    "export function startPolling(check, ms) {\n  const id = setInterval(check, ms);\n  return () => clearInterval(id);\n}\n",
  ),
  js(
    "CommonJS: module.exports = slugify",
    "Write `slugify(text)`: lower-case, runs of anything but letters and digits become one `-`, no leading or trailing `-`. Export it with `module.exports`.",
    'function slugify(text) {\n  return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");\n}\n\nmodule.exports = slugify;\n',
    ["CommonJS, no dependencies"],
  ),
  js(
    "CommonJS: exports.clamp = arrow functions",
    "Export `clamp(n, lo, hi)` and `lerp(a, b, t)` from a CommonJS module.",
    "exports.clamp = (n, lo, hi) => Math.min(hi, Math.max(lo, n));\nexports.lerp = (a, b, t) => a + (b - a) * t;\n",
  ),
  js(
    "CommonJS: module.exports = { isEmail, isUrl }",
    "Write and export `isEmail(s)` and `isUrl(s)`, both returning booleans.",
    "const isEmail = (s) => /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(s);\nfunction isUrl(s) {\n  try {\n    new URL(s);\n    return true;\n  } catch {\n    return false;\n  }\n}\nmodule.exports = { isEmail, isUrl };\n",
  ),
  js(
    "CommonJS: methods written in the module.exports object",
    "Export `encode(text)` and `decode(text)` for base64 strings.",
    'module.exports = {\n  encode(text) {\n    return Buffer.from(text, "utf8").toString("base64");\n  },\n  decode: (text) => Buffer.from(text, "base64").toString("utf8"),\n};\n',
  ),
  js(
    "a barrel re-exports what its folder defines",
    "Create the barrel for `src/utils`: re-export `formatDate` from `./date.js` and `slugify` from `./slug.js`.",
    'export { formatDate } from "./date.js";\nexport { slugify } from "./slug.js";\n',
    ["ES module, no dependencies"],
  ),
  js(
    "new URL and URLSearchParams",
    "Export `withParams(base, params)` that builds `new URL(base)` and sets each entry of `params` through `URLSearchParams`, returning the URL as a string.",
    "export function withParams(base, params) {\n  const url = new URL(base);\n  const search = new URLSearchParams(url.search);\n  for (const [k, v] of Object.entries(params)) search.set(k, String(v));\n  url.search = search.toString();\n  return url.toString();\n}\n",
  ),
  js(
    "do not export the helper",
    "Write a CSV line parser: export `parseCsv(text)`, which splits rows with a helper `splitLine(line)`. Do not export `splitLine`.",
    'function splitLine(line) {\n  return line.split(",").map((cell) => cell.trim());\n}\n\nexport function parseCsv(text) {\n  return text.split("\\n").filter(Boolean).map(splitLine);\n}\n',
  ),
  js(
    "DEBUG=1 in prose is not a constant",
    "Write and export `debugLog(message)`; it prints only when the environment says so (DEBUG=1).",
    'export function debugLog(message) {\n  if (process.env.DEBUG === "1") console.error(message);\n}\n',
  ),
  js(
    "BigInt and Number.isSafeInteger",
    "Export `toBigInt(value)`, converting with `BigInt(value)`, and `isSafe(n)`; `isSafe(n)` checks `Number.isSafeInteger(n)`.",
    "export const toBigInt = (value) => BigInt(value);\nexport const isSafe = (n) => Number.isSafeInteger(n);\n",
  ),
  js(
    "debounce calls fn(...args)",
    "Write and export `debounce(fn, wait)`; the function it returns calls `fn(...args)` once `wait` ms pass without another call, with `setTimeout` and `clearTimeout`.",
    "export function debounce(fn, wait) {\n  let timer;\n  return (...args) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), wait);\n  };\n}\n",
  ),
  js(
    "each function under 30 lines is not a file limit",
    "Write and export `parseArgs(argv)` returning `{ flags, positional }`, and `usage()` returning the help text.",
    "export function parseArgs(argv) {\n  const flags = {};\n  const positional = [];\n" +
      "  for (let i = 0; i < argv.length; i++) {\n    const a = argv[i];\n    if (a.startsWith(\"--\")) {\n      const [k, v] = a.slice(2).split(\"=\");\n      flags[k] = v ?? true;\n    } else {\n      positional.push(a);\n    }\n  }\n  return { flags, positional };\n}\n\n" +
      "export function usage() {\n  return [\n    \"usage: tool [options] <files>\",\n    \"\",\n    \"options:\",\n    \"  --help       show this help\",\n    \"  --version    print the version\",\n    \"  --out=DIR    where to write\",\n    \"  --quiet      print nothing\",\n    \"  --verbose    print more\",\n    \"  --dry-run    change nothing\",\n  ].join(\"\\n\");\n}\n",
    ["ES module, no dependencies", "keep each function under 30 lines"],
  ),
  js(
    "no function may mutate its input",
    "Write and export `sortBy(items, key)` returning a sorted copy.",
    "export function sortBy(items, key) {\n  return [...items].sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));\n}\n",
    ["no function may mutate its input", "no dependencies"],
  ),
  js(
    "no function calls at import time",
    "Export `createStore(initial)` returning `{ get, set, subscribe }`.",
    "export function createStore(initial) {\n  let state = initial;\n  const listeners = new Set();\n  return {\n    get: () => state,\n    set(next) {\n      state = next;\n      for (const l of listeners) l(state);\n    },\n    subscribe(l) {\n      listeners.add(l);\n      return () => listeners.delete(l);\n    },\n  };\n}\n",
    ["ES module", "no function calls at import time"],
  ),
  js(
    "queueMicrotask and isNaN",
    "Write and export `batch(fn)` that collects calls and runs `fn(values)` once per tick via `queueMicrotask`; ignore values where `isNaN(value)`.",
    "export function batch(fn) {\n  let values = [];\n  return (value) => {\n    if (isNaN(value)) return;\n    if (values.length === 0) queueMicrotask(() => {\n      const v = values;\n      values = [];\n      fn(v);\n    });\n    values.push(value);\n  };\n}\n",
  ),
  js(
    "a class with methods, one of them private",
    "Write and export a `Counter` class with `increment()`, `reset()` and a private `#notify(value)` helper that calls each listener.",
    "export class Counter {\n  #value = 0;\n  #listeners = [];\n  increment() {\n    this.#notify(++this.#value);\n  }\n  reset() {\n    this.#value = 0;\n    this.#notify(0);\n  }\n  #notify(value) {\n    for (const l of this.#listeners) l(value);\n  }\n}\n",
  ),
  js(
    "Symbol and an Error subclass",
    "Export a symbol `ID = Symbol(\"id\")` and two helpers: `tag(obj, id)` sets `obj[ID]`, and `idOf(obj)` reads it, throwing `NotTaggedError(obj)` when there is none.",
    'export const ID = Symbol("id");\nexport class NotTaggedError extends Error {}\nexport function tag(obj, id) {\n  obj[ID] = id;\n  return obj;\n}\nexport function idOf(obj) {\n  if (!(ID in obj)) throw new NotTaggedError("not tagged");\n  return obj[ID];\n}\n',
  ),
  js(
    "a name the context file defines, used not written",
    "Write and export `greet(name)` that uses `formatName(name)` from `./names.js`. `formatName(name)` trims and capitalises.",
    'import { formatName } from "./names.js";\n\nexport function greet(name) {\n  return `Hello, ${formatName(name)}!`;\n}\n',
    [],
    { elsewhere: ["formatName"] },
  ),
];
