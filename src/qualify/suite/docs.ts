import { ERASABLE_TS, type SuiteTask } from "./task.js";

// Documentation tasks: doc comments on existing code (whose behaviour must not change) and
// Markdown written from code, checked for what it must say and for what it must not invent.

const MONEY = `export function toCents(amount) {
  return Math.round(amount * 100);
}

export function formatMoney(cents, currency = "EUR") {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return \`\${sign}\${Math.floor(abs / 100)}.\${String(abs % 100).padStart(2, "0")} \${currency}\`;
}

export function sumCents(items) {
  return items.reduce((total, item) => total + item.cents * (item.quantity ?? 1), 0);
}
`;

const jsdoc: SuiteTask = {
  id: "doc-js-jsdoc",
  kind: "doc",
  category: "doc",
  language: "javascript",
  description:
    "Add a JSDoc comment to each exported function in `src/money.js`: one sentence on what it does, `@param {type} name` for every parameter (saying the default where there is one), and `@returns {type}`. Keep the code exactly as it is.",
  output_file: "src/money.js",
  files: { "src/money.js": MONEY },
  check: String.raw`import { load, source, check, eq, finish } from "./harness.mjs";
const m = await load("src/money.js");
eq("the exports", () => Object.keys(m).sort(), ["formatMoney", "sumCents", "toCents"]);
eq("toCents(12.345)", () => m.toCents(12.345), 1235);
eq("formatMoney(-1234)", () => m.formatMoney(-1234), "-12.34 EUR");
eq("formatMoney(5, \"USD\")", () => m.formatMoney(5, "USD"), "0.05 USD");
eq("sumCents([{ cents: 250, quantity: 2 }, { cents: 100 }])", () => m.sumCents([{ cents: 250, quantity: 2 }, { cents: 100 }]), 600);
const text = source("src/money.js");
for (const [fn, params] of [["toCents", ["amount"]], ["formatMoney", ["cents", "currency"]], ["sumCents", ["items"]]]) {
  const doc = (new RegExp("/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export\\s+function\\s+" + fn + "\\b").exec(text) || [])[1];
  if (!doc) { check("a JSDoc comment right above " + fn, () => false); continue; }
  for (const p of params) check(fn + "'s JSDoc has @param {type} " + p, () => new RegExp("@param\\s+\\{.*\\}\\s+\\[?" + p + "\\b").test(doc));
  check(fn + "'s JSDoc has @returns {type}", () => /@returns?\s+\{.*\}/.test(doc));
}
finish();
`,
};

const TEMPERATURE = `export function celsiusToFahrenheit(celsius: number): number {
  return (celsius * 9) / 5 + 32;
}

export function fahrenheitToCelsius(fahrenheit: number): number {
  return ((fahrenheit - 32) * 5) / 9;
}

export function describeTemperature(celsius: number): "freezing" | "cold" | "mild" | "hot" {
  if (celsius <= 0) return "freezing";
  if (celsius < 15) return "cold";
  if (celsius < 28) return "mild";
  return "hot";
}
`;

const tsdoc: SuiteTask = {
  id: "doc-ts-tsdoc",
  kind: "doc",
  category: "doc",
  language: "typescript",
  description:
    "Add a TSDoc comment to each exported function in `src/temperature.ts`: one sentence on what it does, `@param name - …` for every parameter, and `@returns …`. Keep the code exactly as it is.",
  output_file: "src/temperature.ts",
  constraints: [ERASABLE_TS],
  files: { "src/temperature.ts": TEMPERATURE },
  erase: ["src/temperature.ts"],
  check: String.raw`import { loadTs, decl, source, check, eq, finish } from "./harness.mjs";
const m = await loadTs("src/temperature.ts");
eq("the exports", () => Object.keys(m).sort(), ["celsiusToFahrenheit", "describeTemperature", "fahrenheitToCelsius"]);
eq("celsiusToFahrenheit(100)", () => m.celsiusToFahrenheit(100), 212);
eq("fahrenheitToCelsius(-40)", () => m.fahrenheitToCelsius(-40), -40);
eq("describeTemperature at 0, 14, 15, 27, 28", () => [0, 14, 15, 27, 28].map(m.describeTemperature), ["freezing", "cold", "mild", "mild", "hot"]);
for (const fn of ["celsiusToFahrenheit", "fahrenheitToCelsius", "describeTemperature"]) {
  check(fn + " keeps its parameter and return types", () => decl("src/temperature.ts", fn).params[0].type === "number" && decl("src/temperature.ts", fn).returns !== null);
}
const text = source("src/temperature.ts");
for (const [fn, p] of [["celsiusToFahrenheit", "celsius"], ["fahrenheitToCelsius", "fahrenheit"], ["describeTemperature", "celsius"]]) {
  const doc = (new RegExp("/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export\\s+function\\s+" + fn + "\\b").exec(text) || [])[1];
  if (!doc) { check("a TSDoc comment right above " + fn, () => false); continue; }
  check(fn + "'s comment has @param " + p, () => new RegExp("@param\\s+(\\{[^}]*\\}\\s+)?" + p + "\\b").test(doc));
  check(fn + "'s comment has @returns", () => /@returns?\b/.test(doc));
}
finish();
`,
};

const QUEUE = `/** A first-in, first-out queue with an optional size limit. */
export function createQueue(limit = Infinity) {
  const items = [];
  return {
    /** Adds an item at the back; returns false, and adds nothing, when the queue is full. */
    push(item) {
      if (items.length >= limit) return false;
      items.push(item);
      return true;
    },
    /** Removes and returns the front item, or undefined when the queue is empty. */
    shift() {
      return items.shift();
    },
    /** The front item, without removing it. */
    peek() {
      return items[0];
    },
    /** How many items the queue holds. */
    get size() {
      return items.length;
    },
  };
}
`;

const queueDoc: SuiteTask = {
  id: "doc-md-queue",
  kind: "doc",
  category: "doc",
  language: "markdown",
  description:
    "Write `docs/queue.md`, the documentation of `src/queue.js` (shown in the context): a title, what the module is for, `createQueue(limit)`, every method and property of the queue it returns, and one short usage example in a ```js block.",
  output_file: "docs/queue.md",
  context_files: ["src/queue.js"],
  files: { "src/queue.js": QUEUE },
  check: String.raw`import { source, check, finish } from "./harness.mjs";
const text = source("docs/queue.md");
check("a title line starting with #", () => /^#{1,2} \S/m.test(text));
for (const name of ["createQueue", "push", "shift", "peek", "size", "limit"]) check("mentions " + name, () => text.includes(name));
const blocks = [...text.matchAll(/^\s*(` + "```" + String.raw`|~~~)\s*(js|javascript|mjs)\s*\n([\s\S]*?)^\s*\1\s*$/gm)].map((b) => b[3]);
check("a js code block", () => blocks.length > 0);
check("the example calls createQueue", () => blocks.some((b) => b.includes("createQueue(")));
// Calls on anything but the language's own objects, and calls named in inline code, must be the module's.
const known = new Set(["createQueue", "push", "shift", "peek", "forEach", "map", "filter", "join", "toString", "then"]);
const builtins = new Set(["console", "Math", "JSON", "Object", "Array", "Number", "String", "Promise", "Date"]);
const called = [
  ...[...text.matchAll(/([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)\(/g)].filter((m) => !builtins.has(m[1])).map((m) => m[2]),
  ...[...text.matchAll(/` + "`" + String.raw`([A-Za-z_$][\w$]*)\(/g)].map((m) => m[1]),
];
const invented = [...new Set(called.filter((n) => !known.has(n)))];
check("no methods the module does not have", () => invented.length === 0, "found " + invented.join(", "));
finish();
`,
};

const DEFAULTS = `/** Defaults for the HTTP client. */
export const DEFAULTS = Object.freeze({
  /** Base URL every request path is joined to. */
  baseUrl: "http://localhost:8080",
  /** Milliseconds before a request is abandoned. */
  timeoutMs: 5000,
  /** Attempts after the first for requests that fail with a network error. */
  retries: 2,
  /** Extra headers sent with every request. */
  headers: {},
  /** Whether responses are parsed as JSON. */
  parseJson: true,
});
`;

const optionsDoc: SuiteTask = {
  id: "doc-md-options",
  kind: "doc",
  category: "doc",
  language: "markdown",
  description:
    "Write `docs/options.md`: a title and a Markdown table of the HTTP client's options from `src/defaults.js` (shown in the context), with the columns Option, Default and Description, one row per option, in the order of the file.",
  output_file: "docs/options.md",
  context_files: ["src/defaults.js"],
  files: { "src/defaults.js": DEFAULTS },
  check: String.raw`import { source, check, eq, finish } from "./harness.mjs";
const text = source("docs/options.md");
const rows = text.split("\n").filter((l) => /^\s*\|/.test(l)).map((l) => l.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim()));
const header = rows[0] || [];
eq("the table's columns", () => header.map((c) => c.replace(/[*_` + "`" + String.raw`]/g, "").toLowerCase()), ["option", "default", "description"]);
const body = rows.slice(1).filter((r) => !r.every((c) => /^:?-{3,}:?$/.test(c)));
const plain = (c) => (c || "").replace(/[*_` + "`" + String.raw`"']/g, "");
eq("the options, in order", () => body.map((r) => plain(r[0])), ["baseUrl", "timeoutMs", "retries", "headers", "parseJson"]);
const defaults = { baseUrl: ["http://localhost:8080"], timeoutMs: ["5000", "5,000", "5 000"], retries: ["2"], headers: ["{}"], parseJson: ["true"] };
for (const r of body) {
  const want = defaults[plain(r[0])];
  if (want) check("the default of " + plain(r[0]), () => want.includes(plain(r[1])), "found " + JSON.stringify(r[1]));
  if (want) check("a description of " + plain(r[0]), () => plain(r[2]).length > 3);
}
check("a title line starting with #", () => /^#{1,2} \S/m.test(text));
finish();
`,
};

export const DOC_TASKS: SuiteTask[] = [jsdoc, tsdoc, queueDoc, optionsDoc];
