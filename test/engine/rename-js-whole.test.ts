import { describe, expect, it } from "vitest";
import { renameHarness } from "../support/rename-run.js";

// `require` and `import()` reach a module too: their users are renamed, or the rename is refused.

const BEFORE = "function parseDate(s) {\n  return new Date(s);\n}\nmodule.exports = { parseDate };\n";
const AFTER = "function parseIsoDate(s) {\n  return new Date(s);\n}\nmodule.exports = { parseIsoDate };\n";

const { rename, expectRefused, proj } = renameHarness({ task_id: "rename-date", file: "src/date.cjs", fence: "js", before: BEFORE, after: AFTER, from: "parseDate", to: "parseIsoDate" });

describe("rename with importers through require and import()", () => {
  it("renames a destructured require, a required namespace and an awaited import(), and the project works", async () => {
    const files = {
      "src/req.cjs": 'const { parseDate } = require("./date.cjs");\nexports.when = (s) => parseDate(s).getTime();\n',
      "src/req-ns.cjs": 'const date = require("./date.cjs");\nexports.year = (s) => date.parseDate(s).getUTCFullYear();\n',
      "src/dyn.mjs": 'export async function when(s) {\n  const m = await import("./date.cjs");\n  return m.parseDate(s).getTime();\n}\n',
      "check.mjs": [
        'import { createRequire } from "node:module";',
        'import { when } from "./src/dyn.mjs";',
        "const require = createRequire(import.meta.url);",
        'const t = Date.parse("2020-01-01");',
        'if (require("./src/req.cjs").when("2020-01-01") !== t || require("./src/req-ns.cjs").year("2020-01-01") !== 2020 || (await when("2020-01-01")) !== t) process.exit(1);',
        "",
      ].join("\n"),
    };
    const r = await rename(files, "node check.mjs");
    expect(r.json, r.stdout).toMatchObject({ status: "success", tests: "passed" });
    expect([...r.json.updated].sort()).toEqual(["src/dyn.mjs", "src/req-ns.cjs", "src/req.cjs"]);
    expect(proj().read("src/req.cjs")).toBe('const { parseIsoDate } = require("./date.cjs");\nexports.when = (s) => parseIsoDate(s).getTime();\n');
    expect(proj().read("src/req-ns.cjs")).toBe('const date = require("./date.cjs");\nexports.year = (s) => date.parseIsoDate(s).getUTCFullYear();\n');
    expect(proj().read("src/dyn.mjs")).toBe('export async function when(s) {\n  const m = await import("./date.cjs");\n  return m.parseIsoDate(s).getTime();\n}\n');
  });

  it("renames an importer in a hidden config folder (.storybook), which the project still runs", async () => {
    // A build's hidden output is generated: left alone, like dist/.
    const chunk = 'exports.t = require("../../src/date.cjs").parseDate;\n';
    const files = { ".storybook/preview.cjs": 'const { parseDate } = require("../src/date.cjs");\nexports.t = parseDate("2020-01-01").getTime();\n', ".next/server/chunk.cjs": chunk };
    const r = await rename(files, "node -e \"require('./.storybook/preview.cjs')\"");
    expect(r.json, r.stdout).toMatchObject({ status: "success", tests: "passed", updated: [".storybook/preview.cjs"] });
    expect(proj().read(".storybook/preview.cjs")).toBe('const { parseIsoDate } = require("../src/date.cjs");\nexports.t = parseIsoDate("2020-01-01").getTime();\n');
    expect(proj().read(".next/server/chunk.cjs")).toBe(chunk);
  });

  it("renames the uses of a default import of the CommonJS module (its module.exports) from ESM", async () => {
    const files = { "src/esm.mjs": 'import date from "./date.cjs";\nexport const year = (s) => date.parseDate(s).getUTCFullYear();\n' };
    const r = await rename(files, "node --input-type=module -e \"import { year } from './src/esm.mjs'; if (year('2020-01-01') !== 2020) process.exit(1);\"");
    expect(r.json, r.stdout).toMatchObject({ status: "success", tests: "passed", updated: ["src/esm.mjs"] });
    expect(proj().read("src/esm.mjs")).toBe('import date from "./date.cjs";\nexport const year = (s) => date.parseIsoDate(s).getUTCFullYear();\n');
  });

  it("follows a CommonJS barrel that spreads or assigns the module into its exports to that barrel's importers", async () => {
    // Neither barrel names `parseDate`: it reaches their importers all the same.
    const files = {
      "src/index.cjs": 'module.exports = { ...require("./date.cjs"), version: 1 };\n',
      "src/all.cjs": 'Object.assign(module.exports, require("./date.cjs"));\n',
      "src/use.cjs": 'const { parseDate } = require("./index.cjs");\nconst all = require("./all.cjs");\nexports.t = parseDate("2020-01-01").getTime() + all.parseDate("2020-01-01").getTime();\n',
    };
    const r = await rename(files);
    expect(r.json, r.stdout).toMatchObject({ status: "success", updated: ["src/use.cjs"] });
    expect(proj().read("src/use.cjs")).toBe('const { parseIsoDate } = require("./index.cjs");\nconst all = require("./all.cjs");\nexports.t = parseIsoDate("2020-01-01").getTime() + all.parseIsoDate("2020-01-01").getTime();\n');
    expect(proj().read("src/index.cjs")).toBe(files["src/index.cjs"]);
  });

  it("does not pass the rename on through a spread or Object.assign that is not the module's exports", async () => {
    const files = {
      "src/local.cjs": 'const d = { ...require("./date.cjs") };\nObject.assign({}, require("./date.cjs"));\nmodule.exports = { d };\n',
      "src/use.cjs": 'const { parseDate } = require("./local.cjs");\nexports.p = parseDate;\n',
    };
    const r = await rename(files);
    expect(r.json, r.stdout).toMatchObject({ status: "success" });
    expect(r.json.updated ?? []).toEqual([]);
    expect(proj().read("src/use.cjs")).toBe(files["src/use.cjs"]);
  });

  it("refuses a use of import() it cannot follow, naming the file, and puts the renamed file back", async () => {
    const files = { "src/later.mjs": 'export const later = (s) => import("./date.cjs").then((m) => m.parseDate(s));\n' };
    expectRefused(await rename(files), files, /^rename: `parseDate` cannot be renamed whole: src\/later\.mjs loads the module in a way the engine cannot follow \(line 1\) and mentions `parseDate`/);
  });

  it("refuses an importer that already uses the new name, before the model is called", async () => {
    // Renamed, `parseIsoDate(parseIsoDate)` would call the string: the file parses, the project breaks.
    const files = { "src/use.cjs": 'const { parseDate } = require("./date.cjs");\nexports.at = (parseIsoDate) => parseDate(parseIsoDate).getTime();\n' };
    expectRefused(await rename(files), files, /^rename: `parseDate` cannot be renamed whole: src\/use\.cjs already uses the name `parseIsoDate` \(line 2\), which the renamed import would shadow/);
  });

  it("refuses a test file that mocks the module by its path, which the rename cannot reach", async () => {
    const files = { "src/use.test.cjs": 'vi.mock("./date.cjs", () => ({ parseDate: () => new Date(0) }));\nconst { when } = require("./use.cjs");\n', "src/use.cjs": 'const { parseDate } = require("./date.cjs");\nexports.when = (s) => parseDate(s).getTime();\n' };
    expectRefused(await rename(files), files, /^rename: `parseDate` cannot be renamed whole: src\/use\.test\.cjs hands the module to code the engine cannot follow \(line 1\) and mentions `parseDate`/);
  });

  it("refuses when a declaration file beside the renamed one declares the old name", async () => {
    const files = { "src/date.d.cts": "export declare function parseDate(s: string): Date;\n", "src/use.cjs": 'const { parseDate } = require("./date.cjs");\nparseDate("x");\n' };
    expectRefused(await rename(files), files, /^rename: `parseDate` is also declared in src\/date\.d\.cts, beside the renamed file/);
  });
});
