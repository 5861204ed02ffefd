import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renameHarness } from "../support/rename-run.js";

// An importer can reach the renamed file through a bare specifier the engine does not resolve: a
// tsconfig `paths` alias, a `baseUrl` path, a package.json `imports` entry (`#date`). Renaming the
// file then left that importer broken under a `success`. Such a rename is refused before the model
// is asked; the project's own toolchain (tsc, node) shows each import really is the renamed file.

const TSC = join(import.meta.dirname, "../../node_modules/typescript/bin/tsc");
const TS_BEFORE = "export function parseDate(s: string): Date {\n  return new Date(s);\n}\n";
const TS_AFTER = "export function parseIsoDate(s: string): Date {\n  return new Date(s);\n}\n";

/** The toolchain's word: exit code and output of `cmd` in the project. */
function run(root: string, cmd: string, args: string[]): { code: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8" });
  return { code: r.status, out: r.stdout + r.stderr };
}

// Each test runs the real tsc twice, seconds each on a quiet machine: on a loaded one, the default
// 30 s is too short for the toolchain, not for the engine.
describe("TypeScript importers through tsconfig paths and baseUrl", { timeout: 120_000 }, () => {
  const { rename, expectRefused, proj } = renameHarness({ task_id: "rename-date", file: "src/date.ts", fence: "ts", before: TS_BEFORE, after: TS_AFTER, from: "parseDate", to: "parseIsoDate" });
  const tsc = () => run(proj().root, process.execPath, [TSC, "--noEmit", "-p", "."]);
  /** The importer compiles as it is, and breaks with the model's renamed file: it does import it. */
  function expectImports(importer: string) {
    expect(tsc()).toMatchObject({ code: 0 });
    proj().write("src/date.ts", TS_AFTER);
    const broken = tsc();
    expect(broken.code).not.toBe(0);
    expect(broken.out).toContain(`${importer}(1,10): error TS2724`);
    expect(broken.out).toContain("Did you mean 'parseIsoDate'?");
  }

  it("refuses an importer reaching the file through a `paths` alias without a slash", async () => {
    const files = {
      "tsconfig.json": '{\n  // the alias the engine does not follow\n  "compilerOptions": { "strict": true, "paths": { "@date": ["./src/date.ts"] } },\n}\n',
      "src/use.ts": 'import { parseDate } from "@date";\nexport const t = parseDate("2020-01-01").getTime();\n',
    };
    expectRefused(await rename(files), files, /^rename: `parseDate` cannot be renamed whole: src\/use\.ts imports `parseDate` from `@date` \(line 1\), a bare specifier that is no dependency the project declares/);
    expectImports("src/use.ts");
  });

  it("refuses an importer reaching the file through `baseUrl`", async () => {
    const files = {
      "tsconfig.json": '{ "compilerOptions": { "strict": true, "baseUrl": "src" } }\n',
      "src/feature/use.ts": 'import { parseDate } from "date";\nexport const t = parseDate("2020-01-01").getTime();\n',
    };
    expectRefused(await rename(files), files, /src\/feature\/use\.ts imports `parseDate` from `date` \(line 1\)/);
    expectImports("src/feature/use.ts");
  });

  it("renames as before where the bare specifier is a declared package, or the import does not take the name", async () => {
    // `slug` is the project's declared dependency: not the renamed file, whatever the aliases.
    const files = {
      "package.json": '{ "dependencies": { "slug": "^9.0.0" } }\n',
      "tsconfig.json": '{ "compilerOptions": { "strict": true, "paths": { "@date": ["./src/date.ts"] } } }\n',
      "src/pkg.ts": 'import { parseDate } from "slug";\nparseDate();\n',
      "src/other.ts": 'import { formatDate } from "@date";\nformatDate();\n',
      "src/rel.ts": 'import { parseDate } from "./date";\nexport const t = parseDate("2020-01-01");\n',
    };
    const r = await rename(files);
    expect(r.json, r.stdout).toMatchObject({ status: "success", updated: ["src/rel.ts"] });
    expect(proj().read("src/rel.ts")).toBe('import { parseIsoDate } from "./date";\nexport const t = parseIsoDate("2020-01-01");\n');
    expect(proj().read("src/pkg.ts")).toBe(files["src/pkg.ts"]);
  });
});

describe("JavaScript importers through package.json imports", () => {
  const before = "export function parseDate(s) {\n  return new Date(s);\n}\n";
  const after = "export function parseIsoDate(s) {\n  return new Date(s);\n}\n";
  const { rename, expectRefused, proj } = renameHarness({ task_id: "rename-date", file: "src/date.mjs", fence: "js", before, after, from: "parseDate", to: "parseIsoDate" });

  it("refuses a dynamic import of a `#` specifier, which node resolves to the renamed file", async () => {
    const files = {
      "package.json": '{ "type": "module", "imports": { "#date": "./src/date.mjs" } }\n',
      "src/use.mjs": 'const { parseDate } = await import("#date");\nif (parseDate("2020-01-01").getUTCFullYear() !== 2020) process.exit(1);\n',
    };
    expectRefused(await rename(files), files, /^rename: `parseDate` cannot be renamed whole: src\/use\.mjs loads `#date` \(line 1\), a `#` specifier, which package\.json `imports` maps to the project's own files, and mentions `parseDate`/);
    const node = () => run(proj().root, process.execPath, ["src/use.mjs"]);
    expect(node()).toMatchObject({ code: 0 });
    proj().write("src/date.mjs", after);
    expect(node().code).not.toBe(0);
  });

  it("refuses a require of a `#` specifier", async () => {
    const files = {
      "package.json": '{ "imports": { "#date": "./src/date.mjs" } }\n',
      "src/use.cjs": 'const { parseDate } = require("#date");\nexports.t = parseDate("2020-01-01");\n',
    };
    expectRefused(await rename(files), files, /src\/use\.cjs loads `#date` \(line 1\)/);
  });
});

describe("JavaScript importers loading a module by a name they compute", () => {
  const before = "export function parseDate(s) {\n  return new Date(s);\n}\n";
  const after = "export function parseIsoDate(s) {\n  return new Date(s);\n}\n";
  const { rename, expectRefused, proj } = renameHarness({ task_id: "rename-date", file: "src/date.mjs", fence: "js", before, after, from: "parseDate", to: "parseIsoDate" });

  it("refuses an import() of a computed name in a file that mentions the old name", async () => {
    const files = { "src/use.mjs": 'const which = "da" + "te";\nconst m = await import(`./${which}.mjs`);\nif (m.parseDate("2020-01-01").getUTCFullYear() !== 2020) process.exit(1);\n' };
    expectRefused(await rename(files), files, /^rename: `parseDate` cannot be renamed whole: src\/use\.mjs loads a module by a name it computes \(line 2\) and mentions `parseDate`/);
    const node = () => run(proj().root, process.execPath, ["src/use.mjs"]);
    expect(node()).toMatchObject({ code: 0 });
    proj().write("src/date.mjs", after);
    expect(node().code).not.toBe(0);
  });

  it("renames as before beside a computed load in a file that does not name the function", async () => {
    const files = { "src/load.mjs": "export const load = (name) => import(name);\n", "src/use.mjs": 'import { parseDate } from "./date.mjs";\nparseDate("x");\n' };
    const r = await rename(files);
    expect(r.json, r.stdout).toMatchObject({ status: "success", updated: ["src/use.mjs"] });
    expect(proj().read("src/load.mjs")).toBe(files["src/load.mjs"]);
  });
});
