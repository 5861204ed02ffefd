import { afterEach, describe, expect, it } from "vitest";
import { globSync } from "tinyglobby";
import { MODULE_CONFIGS, readModuleMap } from "../../src/refactor/module-map.js";
import { renameImportedSymbol } from "../../src/refactor/rename-imports.js";
import { unresolvedBare, type ModuleMap } from "../../src/refactor/resolve-import.js";
import { tempProject, type TempProject } from "../support/project.js";

// A bare specifier the engine does not resolve may be the renamed file (a tsconfig alias, a
// package.json `imports` entry, a workspace package): an importer taking the old name through one
// is refused. A package the project declares, a Node builtin, or a name no alias can map stays.

const map = (m: Partial<ModuleMap> = {}): ModuleMap => ({ declared: new Set(), own: new Set(), mapped: new Set(), aliasedBy: null, ...m });
const aliased = (m: Partial<ModuleMap> = {}) => map({ aliasedBy: "tsconfig.json (`paths` or `baseUrl`)", ...m });

describe("unresolvedBare", () => {
  it.each([
    ["#date", map(), /a `#` specifier/],
    ["#date", map({ declared: new Set(["#date"]) }), /a `#` specifier/],
    ["@date", aliased(), /no dependency the project declares, while tsconfig\.json/],
    ["date", aliased(), /no dependency/],
    ["slug/sub", aliased({ declared: new Set(["slug"]), mapped: new Set(["slug/"]) }), /no dependency/],
    ["slug", aliased({ declared: new Set(["slug"]), mapped: new Set([""]) }), /no dependency/],
    ["@acme/utils", map({ own: new Set(["@acme/utils"]), declared: new Set(["@acme/utils"]) }), /one of the project's own packages/],
  ])("%j may be the project's own file", (spec, m, why) => {
    expect(unresolvedBare(spec, m)).toMatch(why);
  });

  it.each([
    ["./date", aliased()],
    ["../lib/date.js", aliased()],
    ["node:fs", aliased()],
    ["fs", aliased()],
    ["fs/promises", aliased()],
    ["slug", aliased({ declared: new Set(["slug"]) })],
    ["@scope/pkg/deep", aliased({ declared: new Set(["@scope/pkg"]) })],
    ["date", map()],
    ["https://esm.sh/date", aliased()],
  ])("%j is not", (spec, m) => {
    expect(unresolvedBare(spec, m)).toBeNull();
  });
});

describe("renameImportedSymbol with bare specifiers", () => {
  const js = (source: string, modules = aliased()) => {
    const r = renameImportedSymbol(source, "typescript", { importerRel: "src/use.ts", targets: new Set(["src/date.ts"]), from: "parseDate", to: "parseIsoDate", modules });
    if (!r.ok) throw new Error(`${r.error.message} | ${r.error.hint}`);
    return r.value;
  };

  it("refuses every way of taking the old name through an unresolved specifier", () => {
    expect(() => js('export { parseDate } from "@date";\n')).toThrow(/imports `parseDate` from `@date` \(line 1\)/);
    expect(() => js('import * as D from "@date";\nD.parseDate("x");\n')).toThrow(/loads `@date` \(line 1\), .* and mentions `parseDate`/);
    expect(() => js('import D from "@date";\nD.parseDate("x");\n')).toThrow(/loads `@date` \(line 1\)/);
    expect(() => js('import D = require("@date");\nD.parseDate("x");\n')).toThrow(/loads `@date` \(line 1\)/);
    expect(() => js('const t = require("@date").parseDate("x");\n')).toThrow(/loads `@date` \(line 1\)/);
    expect(() => js('export * from "@date";\nexport const f = (parseDate: string) => parseDate;\n')).toThrow(/loads `@date` \(line 1\)/);
    expect(() => js('import { parseDate } from "@/lib/date";\n', map())).toThrow(/a path the engine does not resolve/);
    expect(() => js('import * as D from "@date";\nD["parseDate"]("x");\n')).toThrow(/loads `@date` \(line 1\)/);
    expect(() => js('const m = require(name);\nm.parseDate("x");\n', map())).toThrow(/loads a module by a name it computes \(line 1\) and mentions `parseDate`/);
    expect(() => js('const m = await import(`./${x}`);\nm.parseDate("x");\n', map())).toThrow(/a name it computes \(line 1\)/);
    expect(() => js('const { parseDate } = require("@/lib/date");\n', map())).toThrow(/loads `@\/lib\/date` \(line 1\), a path the engine does not resolve/);
  });

  it("tells what to do instead", () => {
    expect(() => js('import { parseDate } from "@date";\n')).toThrow(/every file is left as it was \| rename it yourself across the files, or import the renamed file by a relative path in src\/use\.ts/);
  });

  it("leaves a load that cannot reach the old name", () => {
    expect(js('import { formatDate } from "@date";\nformatDate();\n')).toBeNull();
    expect(js('import "@date";\nimport { parseDate } from "./other";\nparseDate();\n')).toBeNull();
    expect(js('import * as D from "@date";\nD.formatDate(); // parseDate\nconst s = "parseDate2";\n')).toBeNull();
    expect(js("export const load = (name: string) => import(name); // parseDate\n")).toBeNull();
    expect(js('export * from "@date";\n')).toBeNull();
    expect(js('import { parseDate } from "date-fns";\nparseDate();\n', aliased({ declared: new Set(["date-fns"]) }))).toBeNull();
    expect(js('import { parseDate } from "date";\nparseDate();\n', map())).toBeNull();
  });
});

describe("readModuleMap", () => {
  let proj: TempProject;
  afterEach(() => proj.cleanup());
  const IGNORE = ["**/node_modules/**"];
  // As a rename finds them: with the sources, which the map passes over.
  const read = (root: string) => readModuleMap(root, ["src/a.ts", "data.json", ...globSync(MODULE_CONFIGS, { cwd: root, ignore: IGNORE, dot: true })]);

  it("reads declared packages, own packages, workspace versions and what maps names", () => {
    proj = tempProject({
      "package.json": JSON.stringify({ name: "app", dependencies: { slug: "^1", "@acme/utils": "workspace:*" }, devDependencies: { vitest: "^4" }, peerDependencies: { react: "*" }, optionalDependencies: { fsevents: "*" } }),
      "packages/ui/package.json": '\uFEFF{ "name": "@acme/ui", "imports": { "#x": "./x.js" } }',
      "tsconfig.base.json": '{\n  // shared\n  "compilerOptions": { "paths": { "slug/*": ["./shim/*"] } },\n}\n',
      "node_modules/dep/package.json": '{ "name": "dep", "imports": {} }',
    });
    const m = read(proj.root);
    expect([...m.declared].sort()).toEqual(["fsevents", "react", "slug", "vitest"]);
    expect([...m.own].sort()).toEqual(["@acme/ui", "@acme/utils", "app"]);
    expect(m.mapped.has("slug/")).toBe(true);
    expect(m.aliasedBy).toBe("packages/ui/package.json (`imports`) and tsconfig.base.json (`paths` or `baseUrl`)");
  });

  it("finds no aliases in a plain project, and counts a package.json it cannot parse as one", () => {
    proj = tempProject({ "package.json": '{ "dependencies": { "slug": "^1" } }', "tsconfig.json": '{ "compilerOptions": { "strict": true } }' });
    expect(read(proj.root).aliasedBy).toBeNull();
    proj.write("jsconfig.json", '{ "compilerOptions": { "baseUrl": "." } }');
    expect(read(proj.root).aliasedBy).toBe("jsconfig.json (`paths` or `baseUrl`)");
    proj.write("package.json", "{ oops");
    expect(read(proj.root).aliasedBy).toMatch(/^jsconfig\.json .* and package\.json \(which does not parse\)$/);
  });
});
