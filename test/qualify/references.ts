import { LANG_REFERENCE, LANG_WRONG } from "./references-langs.js";

// A correct answer for every suite task, as a good model would write it, and a plausible wrong
// one: the tests prove each hidden check accepts the first and refuses the second.

export const REFERENCE: Record<string, string> = {
  ...LANG_REFERENCE,
  "code-js-chunk": `export function chunk(array, size) {
  if (!Number.isInteger(size) || size < 1) throw new RangeError("size must be a positive integer");
  const out = [];
  for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
  return out;
}
`,
  "code-ts-duration": `const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000 };

export function parseDuration(text: string): number | null {
  const match = /^(?:(\\d+)h)?\\s*(?:(\\d+)m)?\\s*(?:(\\d+)s)?$/.exec(text);
  if (!text.trim() || !match || match.slice(1).every((g) => g === undefined)) return null;
  const [, h, m, s] = match;
  return Number(h ?? 0) * UNIT_MS.h! + Number(m ?? 0) * UNIT_MS.m! + Number(s ?? 0) * UNIT_MS.s!;
}
`,
  "code-js-constants": `export const HTTP_STATUS = Object.freeze({
  OK: 200,
  CREATED: 201,
  NO_CONTENT: 204,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL_SERVER_ERROR: 500,
});

export const STATUS_TEXT = Object.freeze({
  200: "OK",
  201: "Created",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  500: "Internal Server Error",
});
`,
  "code-ts-theme": `export const COLORS = {
  light: { background: "#ffffff", text: "#111827", accent: "#2563eb" },
  dark: { background: "#111827", text: "#f9fafb", accent: "#60a5fa" },
} as const;

export type ThemeMode = keyof typeof COLORS;
export type ColorToken = keyof (typeof COLORS)["light"];
`,
  "code-ts-types": `export type Role = "admin" | "editor" | "viewer";

export interface User {
  id: string;
  name: string;
  email?: string;
  role: Role;
  createdAt: Date;
}

export type UserPatch = Partial<Omit<User, "id" | "createdAt">>;
`,
  "test-js-clamp": `import { test } from "node:test";
import assert from "node:assert/strict";
import { clamp } from "./clamp.js";

test("inside the range", () => assert.equal(clamp(5, 0, 10), 5));
test("below the range", () => assert.equal(clamp(-3, 0, 10), 0));
test("above the range", () => assert.equal(clamp(42, 0, 10), 10));
test("at the bounds", () => {
  assert.equal(clamp(0, 0, 10), 0);
  assert.equal(clamp(10, 0, 10), 10);
});
test("min > max", () => assert.throws(() => clamp(1, 5, 0), RangeError));
`,
  "test-js-slugify": `import { test } from "node:test";
import assert from "node:assert/strict";
import { slugify } from "./slugify.js";

test("lower-cases", () => assert.equal(slugify("Hello"), "hello"));
test("joins words with one dash", () => assert.equal(slugify("Hello, World"), "hello-world"));
test("trims leading and trailing punctuation", () => assert.equal(slugify("  -Hi!  "), "hi"));
test("collapses runs of separators", () => assert.equal(slugify("a -- b"), "a-b"));
test("empty string", () => assert.equal(slugify(""), ""));
`,
  "test-js-retry": `import { test } from "node:test";
import assert from "node:assert/strict";
import { retry } from "./retry.js";

test("resolves at once", async () => assert.equal(await retry(async () => 1, 3), 1));
test("rejects twice then resolves", async () => {
  let calls = 0;
  const r = await retry(async () => {
    calls++;
    if (calls < 3) throw new Error("no " + calls);
    return "yes";
  }, 3);
  assert.equal(r, "yes");
  assert.equal(calls, 3);
});
test("always rejects: the last error, attempts calls", async () => {
  let calls = 0;
  await assert.rejects(retry(async () => { calls++; throw new Error("fail " + calls); }, 4), { message: "fail 4" });
  assert.equal(calls, 4);
});
test("attempts of 0", async () => assert.rejects(retry(async () => 1, 0), RangeError));
`,
  "test-ts-range": `import { test } from "node:test";
import assert from "node:assert/strict";
import { range } from "./range.js";

test("default step", () => assert.deepEqual(range(0, 3), [0, 1, 2]));
test("larger step", () => assert.deepEqual(range(0, 10, 4), [0, 4, 8]));
test("counts down", () => assert.deepEqual(range(3, 0, -1), [3, 2, 1]));
test("empty when start is past end", () => {
  const out: number[] = range(5, 1);
  assert.deepEqual(out, []);
});
test("step 0", () => assert.throws(() => range(0, 1, 0), RangeError));
`,
  "doc-js-jsdoc": `/**
 * Converts an amount in currency units to whole cents, rounding to the nearest cent.
 * @param {number} amount - The amount, e.g. 12.34.
 * @returns {number} The amount in cents.
 */
export function toCents(amount) {
  return Math.round(amount * 100);
}

/**
 * Formats cents as a decimal amount followed by the currency code.
 * @param {number} cents - The amount in cents; negative amounts get a leading minus.
 * @param {string} [currency="EUR"] - The currency code.
 * @returns {string} The formatted amount, e.g. "12.34 EUR".
 */
export function formatMoney(cents, currency = "EUR") {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return \`\${sign}\${Math.floor(abs / 100)}.\${String(abs % 100).padStart(2, "0")} \${currency}\`;
}

/**
 * Adds up the cents of line items, each times its quantity (1 when absent).
 * @param {{cents: number, quantity?: number}[]} items - The line items.
 * @returns {number} The total in cents.
 */
export function sumCents(items) {
  return items.reduce((total, item) => total + item.cents * (item.quantity ?? 1), 0);
}
`,
  "doc-ts-tsdoc": `/**
 * Converts a temperature from degrees Celsius to degrees Fahrenheit.
 * @param celsius - The temperature in degrees Celsius.
 * @returns The temperature in degrees Fahrenheit.
 */
export function celsiusToFahrenheit(celsius: number): number {
  return (celsius * 9) / 5 + 32;
}

/**
 * Converts a temperature from degrees Fahrenheit to degrees Celsius.
 * @param fahrenheit - The temperature in degrees Fahrenheit.
 * @returns The temperature in degrees Celsius.
 */
export function fahrenheitToCelsius(fahrenheit: number): number {
  return ((fahrenheit - 32) * 5) / 9;
}

/**
 * Describes a temperature in words.
 * @param celsius - The temperature in degrees Celsius.
 * @returns "freezing" at or below 0, "cold" under 15, "mild" under 28, else "hot".
 */
export function describeTemperature(celsius: number): "freezing" | "cold" | "mild" | "hot" {
  if (celsius <= 0) return "freezing";
  if (celsius < 15) return "cold";
  if (celsius < 28) return "mild";
  return "hot";
}
`,
  "doc-md-queue": `# Queue

A first-in, first-out queue, with an optional limit on how many items it holds.

## \`createQueue(limit)\`

Returns a new, empty queue. \`limit\` is the most items it holds (default \`Infinity\`).

The queue has:

- \`push(item)\`: adds \`item\` at the back; returns \`false\`, and adds nothing, when the queue is full, else \`true\`.
- \`shift()\`: removes and returns the front item, or \`undefined\` when the queue is empty.
- \`peek()\`: returns the front item without removing it.
- \`size\`: how many items the queue holds.

## Example

\`\`\`js
import { createQueue } from "./queue.js";

const queue = createQueue(2);
queue.push("a");
queue.push("b");
console.log(queue.push("c")); // false: the queue is full
console.log(queue.shift()); // "a"
console.log(queue.size); // 1
\`\`\`
`,
  "doc-md-options": `# HTTP client options

| Option | Default | Description |
| --- | --- | --- |
| \`baseUrl\` | \`"http://localhost:8080"\` | Base URL every request path is joined to. |
| \`timeoutMs\` | \`5000\` | Milliseconds before a request is abandoned. |
| \`retries\` | \`2\` | Attempts after the first for requests that fail with a network error. |
| \`headers\` | \`{}\` | Extra headers sent with every request. |
| \`parseJson\` | \`true\` | Whether responses are parsed as JSON. |
`,
  "refactor-js-rename": `const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** A byte count for people: 1536 → "1.5 KB". */
export function formatBytes(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return \`\${unit === 0 ? value : value.toFixed(1)} \${UNITS[unit]}\`;
}
`,
  "refactor-js-loops": `export function paidTotals(orders) {
  return orders.filter((order) => order.paid).map((order) => order.total);
}

export function countByStatus(orders) {
  return orders.reduce((counts, order) => {
    counts[order.status] = (counts[order.status] ?? 0) + 1;
    return counts;
  }, {});
}
`,
  "refactor-ts-extract": `function assertPrice(price: number): void {
  if (!Number.isFinite(price) || price < 0) {
    throw new RangeError(\`price must be a non-negative number, got \${price}\`);
  }
}

export function applyDiscount(price: number, percent: number): number {
  assertPrice(price);
  return Math.round(price * (100 - percent)) / 100;
}

export function addTax(price: number, rate: number): number {
  assertPrice(price);
  return Math.round(price * (100 + rate)) / 100;
}
`,
  "refactor-ts-async": `export interface Profile {
  id: string;
  name: string;
}

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export async function loadProfile(fetchFn: Fetch, id: string): Promise<Profile> {
  const res = await fetchFn(\`/api/profiles/\${id}\`);
  if (!res.ok) throw new Error(\`profile \${id}: HTTP \${res.status}\`);
  return (await res.json()) as Profile;
}

export async function loadNames(fetchFn: Fetch, ids: string[]): Promise<string[]> {
  const profiles = await Promise.all(ids.map((id) => loadProfile(fetchFn, id)));
  return profiles.map((p) => p.name);
}
`,
};

/** A plausible wrong answer per task: well formed, valid syntax, and wrong in one way. */
export const WRONG: Record<string, string> = {
  ...LANG_WRONG,
  "code-js-chunk": "export function chunk(array, size) {\n  const out = [];\n  for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));\n  return out;\n}\n",
  "code-ts-duration": 'export function parseDuration(text: string): number | null {\n  const n = parseInt(text, 10);\n  return Number.isNaN(n) ? null : n * 1000;\n}\n',
  "code-js-constants": 'export const HTTP_STATUS = { OK: 200, CREATED: 201, NO_CONTENT: 204, BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, INTERNAL_SERVER_ERROR: 500 };\nexport const STATUS_TEXT = Object.freeze({ 200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 500: "Internal Server Error" });\n',
  "code-ts-theme": 'export enum ThemeMode { Light = "light", Dark = "dark" }\nexport const COLORS = {\n  light: { background: "#ffffff", text: "#111827", accent: "#2563eb" },\n  dark: { background: "#111827", text: "#f9fafb", accent: "#60a5fa" },\n} as const;\nexport type ColorToken = keyof (typeof COLORS)["light"];\n',
  "code-ts-types": 'export type Role = "admin" | "editor" | "viewer";\nexport interface User {\n  id: string;\n  name: string;\n  email: string;\n  role: Role;\n  createdAt: Date;\n}\nexport type UserPatch = Partial<User>;\n',
  "test-js-clamp": 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { clamp } from "./clamp.js";\n\ntest("inside", () => assert.equal(clamp(5, 0, 10), 5));\ntest("below", () => assert.equal(clamp(-1, 0, 10), 0));\n',
  "test-js-slugify": 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { slugify } from "./slugify.js";\n\ntest("words", () => assert.equal(slugify("Hello World"), "Hello-World"));\n',
  "test-js-retry": 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { retry } from "./retry.js";\n\ntest("resolves", async () => assert.equal(await retry(async () => 1, 3), 1));\n',
  "test-ts-range": 'import { test } from "node:test";\nimport assert from "node:assert/strict";\nimport { range } from "./range.js";\n\ntest("default step", () => assert.deepEqual(range(0, 3), [0, 1, 2]));\n',
  "doc-js-jsdoc": "/** Cents. */\nexport function toCents(amount) {\n  return Math.round(amount * 100);\n}\n\nexport function formatMoney(cents, currency = \"EUR\") {\n  return (cents / 100).toFixed(2) + \" \" + currency;\n}\n\nexport function sumCents(items) {\n  return items.reduce((total, item) => total + item.cents * (item.quantity ?? 1), 0);\n}\n",
  "doc-ts-tsdoc": "/** Converts. */\nexport function celsiusToFahrenheit(celsius: number): number {\n  return (celsius * 9) / 5 + 32;\n}\n\nexport function fahrenheitToCelsius(fahrenheit: number): number {\n  return ((fahrenheit - 32) * 5) / 9;\n}\n\nexport function describeTemperature(celsius: number): \"freezing\" | \"cold\" | \"mild\" | \"hot\" {\n  if (celsius <= 0) return \"freezing\";\n  if (celsius < 15) return \"cold\";\n  if (celsius < 28) return \"mild\";\n  return \"hot\";\n}\n",
  "doc-md-queue": "# Queue\n\nA queue. Use `createQueue(limit)`, then `push`, `shift`, `peek`, `size`, or `clear()` to empty it.\n\n```js\nconst q = createQueue();\nq.push(1);\nq.clear();\n```\n",
  "doc-md-options": "# Options\n\n| Option | Default | Description |\n| --- | --- | --- |\n| baseUrl | http://localhost:8080 | Base URL. |\n| timeoutMs | 5000 | Timeout. |\n| retries | 3 | Retries. |\n| headers | {} | Headers. |\n| parseJson | true | JSON. |\n",
  "refactor-js-rename": "const UNITS = [\"B\", \"KB\", \"MB\", \"GB\", \"TB\"];\n\nexport function formatBytes(bytes) {\n  let value = bytes;\n  let unit = 0;\n  while (value > 1024 && unit < UNITS.length - 1) {\n    value /= 1024;\n    unit++;\n  }\n  return `${unit === 0 ? value : value.toFixed(1)} ${UNITS[unit]}`;\n}\n",
  "refactor-js-loops": "export function paidTotals(orders) {\n  return orders.filter((o) => o.paid).map((o) => o.total);\n}\n\nexport function countByStatus(orders) {\n  const counts = {};\n  for (const order of orders) counts[order.status] = (counts[order.status] ?? 0) + 1;\n  return counts;\n}\n",
  "refactor-ts-extract": "export function assertPrice(price: number): void {\n  if (!Number.isFinite(price) || price < 0) throw new RangeError(`price must be a non-negative number, got ${price}`);\n}\n\nexport function applyDiscount(price: number, percent: number): number {\n  assertPrice(price);\n  return Math.round(price * (100 - percent)) / 100;\n}\n\nexport function addTax(price: number, rate: number): number {\n  assertPrice(price);\n  return Math.round(price * (100 + rate)) / 100;\n}\n",
  "refactor-ts-async": "export interface Profile {\n  id: string;\n  name: string;\n}\n\ntype Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;\n\nexport async function loadProfile(fetchFn: Fetch, id: string): Promise<Profile> {\n  const res = await fetchFn(`/api/profiles/${id}`);\n  return (await res.json()) as Profile;\n}\n\nexport async function loadNames(fetchFn: Fetch, ids: string[]): Promise<string[]> {\n  const names: string[] = [];\n  for (const id of ids) names.push((await loadProfile(fetchFn, id)).name);\n  return names;\n}\n",
};

const FENCE: Record<string, string> = { javascript: "js", typescript: "ts", markdown: "markdown", python: "python", go: "go", rust: "rust" };

/** An answer as a chatty model gives it: a sentence, then the file in a fence. */
export function answer(content: string, language: string): string {
  return `Here is the file:\n\n\`\`\`${FENCE[language] ?? ""}\n${content}\`\`\`\n`;
}
