import { ERASABLE_TS, type SuiteTask } from "./task.js";

// Refactors: the behaviour must stay exactly the same, and the asked-for change must be made.

const BYTES = `const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** A byte count for people: 1536 → "1.5 KB". */
export function fmtBytes(bytes) {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return \`\${unit === 0 ? value : value.toFixed(1)} \${UNITS[unit]}\`;
}
`;

const REPORT = `import { fmtBytes } from "./bytes.js";

export function reportLine(name, bytes) {
  return \`\${name}: \${fmtBytes(bytes)}\`;
}
`;

const rename: SuiteTask = {
  id: "refactor-js-rename",
  kind: "refactor",
  category: "refactor",
  language: "javascript",
  description: "Rename the exported function `fmtBytes` to `formatBytes`. Change nothing else.",
  output_file: "src/bytes.js",
  rename: { from: "fmtBytes", to: "formatBytes" },
  files: { "src/bytes.js": BYTES, "src/report.js": REPORT },
  check: String.raw`import { load, check, eq, finish } from "./harness.mjs";
const m = await load("src/bytes.js");
eq("the exports of src/bytes.js", () => Object.keys(m).sort(), ["formatBytes"]);
eq("formatBytes(512)", () => m.formatBytes(512), "512 B");
eq("formatBytes(1536)", () => m.formatBytes(1536), "1.5 KB");
eq("formatBytes(1048576)", () => m.formatBytes(1048576), "1.0 MB");
eq("formatBytes(5 * 1024 ** 5)", () => m.formatBytes(5 * 1024 ** 5), "5120.0 TB");
const r = await load("src/report.js");
eq("reportLine(\"a\", 2048) in src/report.js", () => r.reportLine("a", 2048), "a: 2.0 KB");
finish();
`,
};

const ORDERS = `export function paidTotals(orders) {
  const totals = [];
  for (let i = 0; i < orders.length; i++) {
    if (orders[i].paid) {
      totals.push(orders[i].total);
    }
  }
  return totals;
}

export function countByStatus(orders) {
  const counts = {};
  for (const order of orders) {
    if (counts[order.status] === undefined) counts[order.status] = 0;
    counts[order.status] += 1;
  }
  return counts;
}
`;

const loops: SuiteTask = {
  id: "refactor-js-loops",
  kind: "refactor",
  category: "refactor",
  language: "javascript",
  description: "Rewrite both functions without `for` or `while` loops, with array methods (`filter`, `map`, `reduce`). Keep the exports and the results exactly the same.",
  output_file: "src/orders.js",
  files: { "src/orders.js": ORDERS },
  check: String.raw`import { load, source, check, eq, finish } from "./harness.mjs";
const m = await load("src/orders.js");
eq("the exports", () => Object.keys(m).sort(), ["countByStatus", "paidTotals"]);
const orders = [
  { total: 10, paid: true, status: "shipped" },
  { total: 25, paid: false, status: "open" },
  { total: 7, paid: true, status: "shipped" },
  { total: 3, paid: true, status: "returned" },
];
eq("paidTotals(orders)", () => m.paidTotals(orders), [10, 7, 3]);
eq("paidTotals([])", () => m.paidTotals([]), []);
eq("countByStatus(orders)", () => m.countByStatus(orders), { shipped: 2, open: 1, returned: 1 });
eq("countByStatus([])", () => m.countByStatus([]), {});
const code = source("src/orders.js").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
check("no for or while loops left", () => !/\b(for|while)\s*\(/.test(code));
finish();
`,
};

const PRICING = `export function applyDiscount(price: number, percent: number): number {
  if (!Number.isFinite(price) || price < 0) {
    throw new RangeError(\`price must be a non-negative number, got \${price}\`);
  }
  return Math.round(price * (100 - percent)) / 100;
}

export function addTax(price: number, rate: number): number {
  if (!Number.isFinite(price) || price < 0) {
    throw new RangeError(\`price must be a non-negative number, got \${price}\`);
  }
  return Math.round(price * (100 + rate)) / 100;
}
`;

const extract: SuiteTask = {
  id: "refactor-ts-extract",
  kind: "refactor",
  category: "refactor",
  language: "typescript",
  description:
    "Move the price check that both functions repeat into one function `assertPrice(price: number): void`, not exported, and call it from both. Keep the exports, the results and the error messages exactly the same.",
  output_file: "src/pricing.ts",
  constraints: [ERASABLE_TS],
  files: { "src/pricing.ts": PRICING },
  erase: ["src/pricing.ts"],
  check: String.raw`import { loadTs, decl, source, check, eq, throws, finish } from "./harness.mjs";
const m = await loadTs("src/pricing.ts");
eq("the exports", () => Object.keys(m).sort(), ["addTax", "applyDiscount"]);
eq("applyDiscount(200, 15)", () => m.applyDiscount(200, 15), 170);
eq("applyDiscount(19.99, 10)", () => m.applyDiscount(19.99, 10), 17.99);
eq("addTax(100, 20)", () => m.addTax(100, 20), 120);
await throws("applyDiscount(-1, 10)", () => m.applyDiscount(-1, 10), RangeError, "price must be a non-negative number, got -1");
await throws("addTax(NaN, 5)", () => m.addTax(NaN, 5), RangeError, "price must be a non-negative number, got NaN");
const a = decl("src/pricing.ts", "assertPrice");
check("a function assertPrice", () => a && Array.isArray(a.params));
check("assertPrice is not exported", () => a && !a.exported);
check("assertPrice(price: number): void", () => a && a.params.length === 1 && a.params[0].type === "number" && a.returns === "void");
check("the check is written once", () => source("src/pricing.ts").split("price must be a non-negative number").length === 2);
finish();
`,
};

const PROFILE = `export interface Profile {
  id: string;
  name: string;
}

type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export function loadProfile(fetchFn: Fetch, id: string): Promise<Profile> {
  return fetchFn(\`/api/profiles/\${id}\`)
    .then((res) => {
      if (!res.ok) throw new Error(\`profile \${id}: HTTP \${res.status}\`);
      return res.json();
    })
    .then((data) => data as Profile);
}

export function loadNames(fetchFn: Fetch, ids: string[]): Promise<string[]> {
  return Promise.all(ids.map((id) => loadProfile(fetchFn, id))).then((profiles) => profiles.map((p) => p.name));
}
`;

const toAsync: SuiteTask = {
  id: "refactor-ts-async",
  kind: "refactor",
  category: "refactor",
  language: "typescript",
  description: "Rewrite `loadProfile` and `loadNames` as `async` functions that use `await` instead of `.then()` chains. Keep the signatures, the results and the errors the same.",
  output_file: "src/profile.ts",
  constraints: [ERASABLE_TS],
  files: { "src/profile.ts": PROFILE },
  erase: ["src/profile.ts"],
  check: String.raw`import { loadTs, decl, source, check, eqAsync, throws, finish } from "./harness.mjs";
const m = await loadTs("src/profile.ts");
const calls = [];
const fetchFn = async (url) => {
  calls.push(url);
  const id = url.split("/").pop();
  if (id === "7") return { ok: false, status: 404, json: async () => ({}) };
  return { ok: true, status: 200, json: async () => ({ id, name: "user " + id }) };
};
await eqAsync("loadProfile(fetchFn, \"1\")", () => m.loadProfile(fetchFn, "1"), { id: "1", name: "user 1" });
await throws("loadProfile(fetchFn, \"7\") for a 404", () => m.loadProfile(fetchFn, "7"), Error, "profile 7: HTTP 404");
await eqAsync("loadNames(fetchFn, [\"2\", \"3\"])", () => m.loadNames(fetchFn, ["2", "3"]), ["user 2", "user 3"]);
await throws("loadNames with a 404 among them", () => m.loadNames(fetchFn, ["2", "7"]), Error, "profile 7: HTTP 404");
check("the requested URLs", () => calls.includes("/api/profiles/1") && calls.includes("/api/profiles/3"));
for (const fn of ["loadProfile", "loadNames"]) {
  const d = decl("src/profile.ts", fn);
  check(fn + " is an exported async function", () => d && d.exported && d.async);
  check(fn + " keeps its return type", () => d && /^Promise<(Profile|string\[\])>$/.test(d.returns.replace(/\s/g, "")));
}
check("no .then( left", () => !/\.then\s*\(/.test(source("src/profile.ts")));
finish();
`,
};

export const REFACTOR_TASKS: SuiteTask[] = [rename, loops, extract, toAsync];
