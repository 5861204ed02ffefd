import { describe, expect, it } from "vitest";
import { renameImportedSymbol as renameIn } from "../../src/refactor/rename-imports.js";

const TARGET = "src/slug.ts";
/** The result of renaming `from` to `to` in an importer of `target`; a refusal throws its message. */
function renameImportedSymbol(source: string, language: string, importerRel: string, target: string, from: string, to: string) {
  const r = renameIn(source, language, { importerRel, targets: new Set([target]), from, to });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const rename = (source: string, importer = "src/use.ts", language = "typescript") =>
  renameImportedSymbol(source, language, importer, TARGET, "slug", "slugify");

describe("renameImportedSymbol", () => {
  it("renames a shorthand named import and every use", () => {
    const r = rename('import { slug, other } from "./slug";\n\nexport const a = slug("x") + other;\nconsole.log(slug);\n');
    expect(r).toEqual({
      content: 'import { slugify, other } from "./slug";\n\nexport const a = slugify("x") + other;\nconsole.log(slugify);\n',
      reexports: false,
    });
  });

  it("renames only the imported name of an aliased import", () => {
    const r = rename('import { slug as s } from "./slug.js";\nexport const a = s("x");\n');
    expect(r?.content).toBe('import { slugify as s } from "./slug.js";\nexport const a = s("x");\n');
  });

  it("renames ns.slug for a namespace import, and nothing else on ns", () => {
    const r = rename('import * as S from "./slug";\nexport const a = S.slug("x") + S.other + S?.slug("y");\n');
    expect(r?.content).toBe('import * as S from "./slug";\nexport const a = S.slugify("x") + S.other + S?.slugify("y");\n');
  });

  it("is null for a namespace import that never uses the symbol", () => {
    expect(rename('import * as S from "./slug";\nS.other();\n')).toBeNull();
  });

  it("renames a re-export and says the file passes the symbol on", () => {
    expect(rename('export { slug } from "./slug";\n', "src/index.ts")).toEqual({ content: 'export { slugify } from "./slug";\n', reexports: true });
  });

  it("keeps the public name of an aliased re-export, which then needs no further rename", () => {
    expect(rename('export { slug as makeSlug } from "./slug";\n', "src/index.ts")).toEqual({
      content: 'export { slugify as makeSlug } from "./slug";\n',
      reexports: false,
    });
  });

  it("import then export: both follow, and the file passes the symbol on", () => {
    expect(rename('import { slug } from "./slug";\nexport { slug };\n', "src/index.ts")).toEqual({
      content: 'import { slugify } from "./slug";\nexport { slugify };\n',
      reexports: true,
    });
    expect(rename('import { slug } from "./slug";\nexport { slug as s2 };\n', "src/index.ts")).toEqual({
      content: 'import { slugify } from "./slug";\nexport { slugify as s2 };\n',
      reexports: false,
    });
  });

  it("renames a JSX component use, opening and closing tags", () => {
    const src = 'import { Slug } from "./slug";\nexport const A = () => <Slug size={1}><Slug.Part /></Slug>;\n';
    const r = renameImportedSymbol(src, "tsx", "src/a.tsx", "src/slug.tsx", "Slug", "SlugView");
    expect(r?.content).toBe('import { SlugView } from "./slug";\nexport const A = () => <SlugView size={1}><SlugView.Part /></SlugView>;\n');
  });

  it("leaves a JSX attribute of the same name alone", () => {
    const src = 'import { slug } from "./slug";\nexport const A = () => <a slug={slug} />;\n';
    expect(renameImportedSymbol(src, "jsx", "src/a.jsx", TARGET, "slug", "slugify")?.content).toBe(
      'import { slugify } from "./slug";\nexport const A = () => <a slug={slugify} />;\n',
    );
  });

  it("turns object shorthand { slug } into { slug: slugify }", () => {
    expect(rename('import { slug } from "./slug";\nexport default { slug, n: 1 };\n')?.content).toBe(
      'import { slugify } from "./slug";\nexport default { slug: slugify, n: 1 };\n',
    );
  });

  it("leaves member properties, object keys, methods and type members alone", () => {
    const src = [
      'import { slug } from "./slug";',
      "const o = { slug: 1, slug2: slug };",
      "o.slug; o?.slug;",
      "class C { slug() { return slug; } slugField = 2; }",
      "interface I { slug: string }",
      "type T = { slug(): void };",
      "",
    ].join("\n");
    expect(rename(src)?.content).toBe(
      [
        'import { slugify } from "./slug";',
        "const o = { slug: 1, slug2: slugify };",
        "o.slug; o?.slug;",
        "class C { slug() { return slugify; } slugField = 2; }",
        "interface I { slug: string }",
        "type T = { slug(): void };",
        "",
      ].join("\n"),
    );
  });

  it("renames uses in type positions", () => {
    expect(rename('import { slug } from "./slug";\ntype S = typeof slug;\nlet x: ReturnType<typeof slug>;\n')?.content).toBe(
      'import { slugify } from "./slug";\ntype S = typeof slugify;\nlet x: ReturnType<typeof slugify>;\n',
    );
  });

  it("leaves a file that imports another module's slug untouched", () => {
    expect(rename('import { slug } from "./other";\nslug();\n')).toBeNull();
    expect(rename('import { slug } from "slug";\nslug();\n')).toBeNull();
    expect(rename('import { slug } from "../src/slugs";\nslug();\n')).toBeNull();
  });

  it("leaves a file that imports other names from the target untouched", () => {
    expect(rename('import { other } from "./slug";\nconst slug = 1;\nother(slug);\n')).toBeNull();
  });

  it("finds the target through a .js specifier for the .ts file, and through a folder index", () => {
    expect(rename('import { slug } from "./slug.js";\nslug();\n')?.content).toBe('import { slugify } from "./slug.js";\nslugify();\n');
    const viaIndex = renameImportedSymbol('import { slug } from "../lib";\nslug();\n', "typescript", "src/use.ts", "lib/index.ts", "slug", "slugify");
    expect(viaIndex?.content).toBe('import { slugify } from "../lib";\nslugify();\n');
  });

  it("handles type-only imports", () => {
    const r = renameImportedSymbol('import type { Slug } from "./slug";\nlet s: Slug;\n', "typescript", "src/u.ts", TARGET, "Slug", "SlugText");
    expect(r?.content).toBe('import type { SlugText } from "./slug";\nlet s: SlugText;\n');
    const inline = renameImportedSymbol('import { type Slug } from "./slug";\nlet s: Slug;\n', "typescript", "src/u.ts", TARGET, "Slug", "SlugText");
    expect(inline?.content).toBe('import { type SlugText } from "./slug";\nlet s: SlugText;\n');
  });

  it("keeps the type modifier of a type-only re-export", () => {
    const r = renameImportedSymbol('export { type Slug } from "./slug";\n', "typescript", "src/index.ts", TARGET, "Slug", "SlugText");
    expect(r).toEqual({ content: 'export { type SlugText } from "./slug";\n', reexports: true });
    const local = renameImportedSymbol('import { Slug } from "./slug";\nexport { type Slug };\n', "typescript", "src/index.ts", TARGET, "Slug", "SlugText");
    expect(local).toEqual({ content: 'import { SlugText } from "./slug";\nexport { type SlugText };\n', reexports: true });
  });

  it("renames a string-named import", () => {
    expect(rename('import { "slug" as s } from "./slug";\ns();\n')?.content).toBe('import { slugify as s } from "./slug";\ns();\n');
  });

  it("refuses a file that does not parse but loads the target, and leaves one that does not load it", () => {
    expect(() => rename('import { slug } from "./slug";\nslug(;\n')).toThrow(/src\/use\.ts loads `\.\/slug` but does not parse/);
    expect(rename('import { slug } from "./other";\nslug(;\n')).toBeNull();
  });
});

describe("renameImportedSymbol through require, import() and re-exports", () => {
  const js = (source: string, importer = "src/use.js") => renameImportedSymbol(source, "javascript", importer, "src/slug.js", "slug", "slugify");

  it("renames destructured requires (shorthand, aliased, with a default) and the shorthand's uses", () => {
    expect(js('const { slug, other } = require("./slug");\nslug(other);\nconst o = { slug };\n')?.content).toBe(
      'const { slugify, other } = require("./slug");\nslugify(other);\nconst o = { slug: slugify };\n',
    );
    expect(js('const { slug: s } = require("./slug");\ns();\n')?.content).toBe('const { slugify: s } = require("./slug");\ns();\n');
    expect(js('const { slug = null } = require("./slug");\nslug();\n')?.content).toBe('const { slugify = null } = require("./slug");\nslugify();\n');
  });

  it("renames member accesses on a required module, a rest element, an awaited import() and a namespace's destructuring", () => {
    expect(js('const n = require("./slug").slug("x") + require("./slug").other;\n')?.content).toBe('const n = require("./slug").slugify("x") + require("./slug").other;\n');
    expect(js('const { other, ...rest } = require("./slug");\nrest.slug();\n')?.content).toBe('const { other, ...rest } = require("./slug");\nrest.slugify();\n');
    expect(js('const s = (await import("./slug.js")).slug;\n')?.content).toBe('const s = (await import("./slug.js")).slugify;\n');
    expect(js('import * as S from "./slug";\nconst { slug } = S;\nslug();\n')?.content).toBe('import * as S from "./slug";\nconst { slugify } = S;\nslugify();\n');
  });

  it("renames through TypeScript's import = require", () => {
    expect(rename('import S = require("./slug");\nS.slug("x");\n')?.content).toBe('import S = require("./slug");\nS.slugify("x");\n');
  });

  it("passes the symbol on through export * and module.exports = require", () => {
    expect(js('export * from "./slug";\n', "src/index.js")).toEqual({ content: 'export * from "./slug";\n', reexports: true });
    expect(js('module.exports = require("./slug");\n', "src/index.js")).toEqual({ content: 'module.exports = require("./slug");\n', reexports: true });
  });

  it("refuses what it cannot follow: export * as, import().then, a path alias naming the file", () => {
    expect(() => js('import * as S from "./slug";\nexport { S };\n')).toThrow(/exports the module's namespace \(line 2\)/);
    expect(() => js('export * as S from "./slug";\n')).toThrow(/src\/use\.js re-exports the module as `S` \(line 1\), whose users the engine cannot follow/);
    expect(() => js('import("./slug").then((m) => m.slug());\n')).toThrow(/loads the module in a way the engine cannot follow \(line 1\) and mentions `slug`/);
    expect(() => js('import { slug } from "@/lib/slug";\nslug();\n')).toThrow(/imports `slug` from `@\/lib\/slug` \(line 1\), a path the engine does not resolve/);
  });

  it("leaves what does not reach the symbol: a side-effect require, a package, a comment", () => {
    expect(js('require("./slug");\n// slug\n')).toBeNull();
    expect(js('import { slug } from "slug";\nimport { join } from "node:path";\nslug();\n')).toBeNull();
    expect(js('import("./slug").then(() => 1); // slug\n')).toBeNull();
  });
});
