import { ERASABLE_TS, type SuiteTask } from "./task.js";

// Code tasks: utilities, constants and types, in JavaScript and TypeScript. Each check tests the
// behaviour the description promises, and nothing it does not.

const chunk: SuiteTask = {
  id: "code-js-chunk",
  kind: "code",
  category: "utility",
  language: "javascript",
  description:
    "Write and export `chunk(array, size)`: split `array` into consecutive groups of `size` items, in order; the last group holds what is left. " +
    "`chunk([1, 2, 3, 4, 5], 2)` returns `[[1, 2], [3, 4], [5]]`, and an empty array gives `[]`. " +
    "Throw a `RangeError` when `size` is not a positive integer. Do not change the input array.",
  output_file: "src/chunk.js",
  constraints: ["ES module with a named export, no dependencies", "at most 20 lines"],
  check: String.raw`import { load, check, eq, throws, finish } from "./harness.mjs";
const { chunk } = await load("src/chunk.js");
check("chunk is exported as a function", () => typeof chunk === "function");
eq("chunk([1, 2, 3, 4, 5], 2)", () => chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
eq("chunk([1, 2, 3], 3)", () => chunk([1, 2, 3], 3), [[1, 2, 3]]);
eq("chunk([1, 2], 5)", () => chunk([1, 2], 5), [[1, 2]]);
eq("chunk([], 3)", () => chunk([], 3), []);
await throws("chunk([1], 0)", () => chunk([1], 0), RangeError);
await throws("chunk([1], 1.5)", () => chunk([1], 1.5), RangeError);
await throws("chunk([1], -2)", () => chunk([1], -2), RangeError);
const input = [1, 2, 3];
eq("the input array after chunk(input, 2)", () => (chunk(input, 2), input), [1, 2, 3]);
finish();
`,
};

const duration: SuiteTask = {
  id: "code-ts-duration",
  kind: "code",
  category: "utility",
  language: "typescript",
  description:
    "Write and export `parseDuration(text: string): number | null`, which reads a duration such as `\"1h30m\"`, `\"45s\"` or `\"2h 15m 10s\"` and returns it in milliseconds (`\"1h30m\"` gives `5400000`). " +
    "The units are `h`, `m` and `s`, each after a whole number, each at most once and in that order, optionally separated by spaces. " +
    "Return `null` for anything else: an empty string, a number without a unit, an unknown unit, a unit out of order or repeated, a fraction.",
  output_file: "src/duration.ts",
  constraints: ["TypeScript ES module with a named export, no dependencies", ERASABLE_TS, "at most 30 lines"],
  erase: ["src/duration.ts"],
  check: String.raw`import { loadTs, decl, check, eq, compact, unionMembers, finish } from "./harness.mjs";
const { parseDuration } = await loadTs("src/duration.ts");
const d = decl("src/duration.ts", "parseDuration");
check("parseDuration is an exported function", () => d && d.exported && typeof parseDuration === "function");
check("parseDuration's parameter is annotated string", () => d.params.length === 1 && d.params[0].type === "string");
check("parseDuration's return type is number | null", () => JSON.stringify(unionMembers(d.returns)) === JSON.stringify(["null", "number"]));
for (const [text, ms] of [["1h30m", 5400000], ["45s", 45000], ["2h 15m 10s", 8110000], ["90m", 5400000], ["0s", 0], ["1h", 3600000], ["10m 5s", 605000]]) {
  eq("parseDuration(" + JSON.stringify(text) + ")", () => parseDuration(text), ms);
}
for (const text of ["", "10", "5d", "1h1h", "1m1h", "1.5h", "h", "1h 30"]) {
  eq("parseDuration(" + JSON.stringify(text) + ")", () => parseDuration(text), null);
}
finish();
`,
};

const httpStatus: SuiteTask = {
  id: "code-js-constants",
  kind: "code",
  category: "constants",
  language: "javascript",
  description:
    "Export `HTTP_STATUS`, a frozen object (`Object.freeze`) of HTTP status codes by name: `OK` 200, `CREATED` 201, `NO_CONTENT` 204, `BAD_REQUEST` 400, `UNAUTHORIZED` 401, " +
    "`FORBIDDEN` 403, `NOT_FOUND` 404, `CONFLICT` 409, `INTERNAL_SERVER_ERROR` 500, and nothing else. Also export `STATUS_TEXT`, a frozen object from each of those codes to its " +
    "reason phrase as the HTTP specification words it (200 → `\"OK\"`, 404 → `\"Not Found\"`, 500 → `\"Internal Server Error\"`).",
  output_file: "src/http-status.js",
  constraints: ["ES module with named exports, no dependencies"],
  check: String.raw`import { load, check, eq, finish } from "./harness.mjs";
const m = await load("src/http-status.js");
eq("HTTP_STATUS", () => ({ ...m.HTTP_STATUS }), { OK: 200, CREATED: 201, NO_CONTENT: 204, BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, INTERNAL_SERVER_ERROR: 500 });
eq("STATUS_TEXT", () => ({ ...m.STATUS_TEXT }), { 200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 500: "Internal Server Error" });
check("HTTP_STATUS is frozen", () => Object.isFrozen(m.HTTP_STATUS));
check("STATUS_TEXT is frozen", () => Object.isFrozen(m.STATUS_TEXT));
finish();
`,
};

const theme: SuiteTask = {
  id: "code-ts-theme",
  kind: "code",
  category: "constants",
  language: "typescript",
  description:
    "Export the theme colours for a dark-mode toggle as `COLORS`, declared `as const`, with two modes, `light` and `dark`, each holding `background`, `text` and `accent`: " +
    "light is `#ffffff`, `#111827`, `#2563eb`; dark is `#111827`, `#f9fafb`, `#60a5fa`. " +
    "Also export the type `ThemeMode` (the mode names) and the type `ColorToken` (the colour names), both derived from `COLORS`.",
  output_file: "src/theme.ts",
  constraints: ["TypeScript ES module, no dependencies", ERASABLE_TS],
  erase: ["src/theme.ts"],
  check: String.raw`import { loadTs, decl, check, eq, compact, unionMembers, finish } from "./harness.mjs";
const { COLORS } = await loadTs("src/theme.ts");
eq("COLORS", () => COLORS, { light: { background: "#ffffff", text: "#111827", accent: "#2563eb" }, dark: { background: "#111827", text: "#f9fafb", accent: "#60a5fa" } });
const c = decl("src/theme.ts", "COLORS");
check("COLORS is an exported const declared as const", () => c && c.exported && c.kind === "const" && c.asConst);
const mode = decl("src/theme.ts", "ThemeMode");
const token = decl("src/theme.ts", "ColorToken");
check("ThemeMode is an exported type", () => mode && mode.exported && mode.kind === "type");
check("ColorToken is an exported type", () => token && token.exported && token.kind === "type");
// Whichever way the type is written (keyof typeof COLORS, through an alias, as a union), what counts is the keys it stands for.
const keys = (d) => JSON.stringify(d && d.keys);
check("ThemeMode is the mode names", () => keys(mode) === JSON.stringify(["dark", "light"]), "found " + (mode && mode.type));
check("ColorToken is the colour names", () => keys(token) === JSON.stringify(["accent", "background", "text"]), "found " + (token && token.type));
finish();
`,
};

const userTypes: SuiteTask = {
  id: "code-ts-types",
  kind: "code",
  category: "types",
  language: "typescript",
  description:
    "Write the type definitions for a user record, with no run-time code: the type `Role`, one of `\"admin\"`, `\"editor\"` or `\"viewer\"`; " +
    "the interface `User` with `id: string`, `name: string`, an optional `email: string`, `role: Role` and `createdAt: Date`; " +
    "and the type `UserPatch`: the fields of `User` except `id` and `createdAt`, all optional (use the standard `Partial` and `Omit` utility types). Export all three.",
  output_file: "src/user-types.ts",
  constraints: ["TypeScript, types only", ERASABLE_TS],
  erase: ["src/user-types.ts"],
  check: String.raw`import { prepared, decl, source, check, eq, compact, unionMembers, finish } from "./harness.mjs";
prepared();
check("the file has no run-time code", () => source(".qualify/ts/src/user-types.js").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "").replace(/[\s;]/g, "").replace(/^export\{\}$/, "") === "");
const role = decl("src/user-types.ts", "Role");
check("Role is an exported type", () => role && role.exported && role.kind === "type");
eq("Role's members", () => unionMembers(role.type), ['"admin"', '"editor"', '"viewer"']);
const user = decl("src/user-types.ts", "User");
check("User is an exported interface", () => user && user.exported && user.kind === "interface");
const fields = (user && user.members || []).map((m) => m.name + (m.optional ? "?" : "") + ":" + compact(m.type).replace(/\|undefined$/, ""));
eq("User's fields", () => fields.sort(), ["createdAt:Date", "email?:string", "id:string", "name:string", "role:Role"]);
const patch = decl("src/user-types.ts", "UserPatch");
check("UserPatch is an exported type", () => patch && patch.exported && patch.kind === "type");
check("UserPatch is User without id and createdAt, all optional", () => ['Partial<Omit<User,"id"|"createdAt">>', 'Partial<Omit<User,"createdAt"|"id">>'].includes(compact(patch.type)), "found " + (patch && patch.type));
finish();
`,
};

export const CODE_TASKS: SuiteTask[] = [chunk, duration, httpStatus, theme, userTypes];
