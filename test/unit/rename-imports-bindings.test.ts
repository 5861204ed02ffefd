import { describe, expect, it } from "vitest";
import { renameImportedSymbol } from "../../src/refactor/rename-imports.js";

// The file's own uses of the imported name are renamed on Babel's tree: only the name, never what
// Babel counts as part of the identifier's node (a type annotation, `?`), and never what reads a
// different thing than the import (a destructured property, a member of an enum or a class).

const job = (language = "typescript") => ({ importerRel: "src/use.ts", targets: new Set(["src/date.ts"]), from: "parseDate", to: "parseIsoDate", language });
function rename(source: string, language = "typescript") {
  const { language: lang, ...j } = job(language);
  const r = renameImportedSymbol(source, lang, j);
  if (!r.ok) throw new Error(r.error.message);
  return r.value?.content;
}

describe("renaming an importer's uses keeps everything around the name", () => {
  it("keeps a type annotation and the optional mark of a binding that shares the name", () => {
    expect(rename('import { parseDate } from "./date";\nexport function g(parseDate?: string, n: number = 1) { return parseDate; }\nlet parseDateCopy: typeof parseDate = parseDate;\n')).toBe(
      'import { parseIsoDate } from "./date";\nexport function g(parseIsoDate?: string, n: number = 1) { return parseIsoDate; }\nlet parseDateCopy: typeof parseIsoDate = parseIsoDate;\n',
    );
  });

  it("keeps the annotation of an inner variable of the same name", () => {
    expect(rename('import { parseDate } from "./date";\nexport function g() { const parseDate: (s: string) => Date = (s) => new Date(s); return parseDate; }\n')).toBe(
      'import { parseIsoDate } from "./date";\nexport function g() { const parseIsoDate: (s: string) => Date = (s) => new Date(s); return parseIsoDate; }\n',
    );
  });
});

describe("a new name the importer already uses", () => {
  it("is refused: the renamed import would take over a parameter, a local or a global of that name", () => {
    expect(() => rename('import { parseDate } from "./date";\nexport function g(parseIsoDate: string) { return parseDate(parseIsoDate); }\n')).toThrow(
      /^`parseDate` cannot be renamed whole: src\/use\.ts already uses the name `parseIsoDate` \(line 2\), which the renamed import would shadow/,
    );
    expect(() => rename('const { parseDate } = require("./date");\nexports.at = (s) => parseDate(s) || parseIsoDate(s);\n', "javascript")).toThrow(/already uses the name `parseIsoDate` \(line 2\)/);
    expect(() => rename('import { parseDate } from "./date";\nimport parseIsoDate from "./iso";\nparseDate(parseIsoDate);\n')).toThrow(/already uses the name `parseIsoDate` \(line 2\)/);
  });

  it("is no obstacle as a property, a key, a method or through a namespace", () => {
    expect(rename('import { parseDate } from "./date";\nconst o = { parseIsoDate: 1 };\no.parseIsoDate = parseDate("x");\nclass C { parseIsoDate() {} #parseIsoDate = 1; }\n')).toBe(
      'import { parseIsoDate } from "./date";\nconst o = { parseIsoDate: 1 };\no.parseIsoDate = parseIsoDate("x");\nclass C { parseIsoDate() {} #parseIsoDate = 1; }\n',
    );
    expect(rename('import * as D from "./date";\nconst parseIsoDate = 1;\nD.parseDate(parseIsoDate);\n')).toBe('import * as D from "./date";\nconst parseIsoDate = 1;\nD.parseIsoDate(parseIsoDate);\n');
  });
});

describe("a destructured property of the same name", () => {
  it("keeps the property it reads when it has a default", () => {
    expect(rename('import { parseDate } from "./date";\nexport function g({ parseDate = null }: { parseDate?: unknown }) { return parseDate; }\nexport function h(o: object) { const { parseDate = 1 } = o as { parseDate?: number }; return parseDate; }\n')).toBe(
      'import { parseIsoDate } from "./date";\nexport function g({ parseDate: parseIsoDate = null }: { parseDate?: unknown }) { return parseIsoDate; }\nexport function h(o: object) { const { parseDate: parseIsoDate = 1 } = o as { parseDate?: number }; return parseIsoDate; }\n',
    );
  });
});

describe("members that share the name", () => {
  it("leaves enum members, method overloads and abstract methods alone", () => {
    const src = [
      'import { parseDate } from "./date";',
      "enum E { parseDate = 1 }",
      "abstract class C { parseDate(a: string): void; parseDate(a: unknown) {} }",
      "abstract class D { abstract parseDate(): void; }",
      "export const y = E.parseDate + parseDate(\"x\");",
      "",
    ].join("\n");
    expect(rename(src)).toBe(src.replace('import { parseDate }', 'import { parseIsoDate }').replace('+ parseDate("x")', '+ parseIsoDate("x")'));
  });

  it("refuses a constructor parameter that is also a class property: renaming it would rename the property", () => {
    expect(() => rename('import { parseDate } from "./date";\nexport class C {\n  constructor(private parseDate: string) {}\n  get x() { return this.parseDate + parseDate("x"); }\n}\n')).toThrow(
      /^`parseDate` cannot be renamed whole: src\/use\.ts declares a class property `parseDate` in a constructor's parameters \(line 3\)/,
    );
  });
});

describe("a namespace read with brackets", () => {
  it("renames ns[\"from\"], the module's export by its name, and leaves other keys and objects alone", () => {
    expect(rename('import * as D from "./date";\nexport const a = D["parseDate"]("x") ?? D?.[\'parseDate\'] ?? D["other"];\nconst o = { parseDate: 1 };\no["parseDate"];\n')).toBe(
      'import * as D from "./date";\nexport const a = D["parseIsoDate"]("x") ?? D?.[\'parseIsoDate\'] ?? D["other"];\nconst o = { parseDate: 1 };\no["parseDate"];\n',
    );
    expect(rename('import D = require("./date");\nD["parseDate"]("x");\n')).toBe('import D = require("./date");\nD["parseIsoDate"]("x");\n');
  });

  it("reads a default import of the module as its exports object, as require gives it", () => {
    expect(rename('import date from "./date";\ndate.parseDate("x");\n')).toBe('import date from "./date";\ndate.parseIsoDate("x");\n');
    expect(rename('import date from "./date";\nconst { parseDate } = date;\nparseDate("x");\n')).toBe('import date from "./date";\nconst { parseIsoDate } = date;\nparseIsoDate("x");\n');
    expect(rename('import date from "./date";\ndate.other("parseDate");\n')).toBeUndefined();
    expect(rename('import date from "./other";\ndate.parseDate("x");\n')).toBeUndefined();
    // Unlike a namespace, a default import passed on or exported is a value of its own: no refusal.
    expect(rename('import date from "./date";\nexport { date };\nexport const d = wrap(date);\nfunction parseDate() {}\n')).toBeUndefined();
  });

  it("renames typeof ns.from in a type, and leaves the namespace's other types alone", () => {
    expect(rename('import * as D from "./date";\nexport type P = ReturnType<typeof D.parseDate>;\nexport const n: D.parseDate.Options | D.Other = {};\nD.parseDate("x");\n')).toBe(
      'import * as D from "./date";\nexport type P = ReturnType<typeof D.parseIsoDate>;\nexport const n: D.parseIsoDate.Options | D.Other = {};\nD.parseIsoDate("x");\n',
    );
  });
});

describe("a module handed to code the engine cannot follow", () => {
  const test = (source: string, language = "typescript") => renameImportedSymbol(source, language, { ...job(), importerRel: "src/use.test.ts" });

  it("is refused when the file names the symbol: spied on, stubbed or mocked by its path", () => {
    const spied = test('import * as D from "./date";\nimport { vi } from "vitest";\nvi.spyOn(D, "parseDate").mockReturnValue(new Date(0));\nD.parseDate("x");\n');
    expect(!spied.ok && spied.error.message).toMatch(/^`parseDate` cannot be renamed whole: src\/use\.test\.ts hands the module to code the engine cannot follow \(line 3\) and mentions `parseDate`/);
    const mocked = test('import { when } from "./use";\nimport { vi } from "vitest";\nvi.mock("./date", () => ({ parseDate: vi.fn(() => 0) }));\nwhen("x");\n');
    expect(!mocked.ok && mocked.error.message).toMatch(/hands the module to code the engine cannot follow \(line 3\)/);
    const stubbed = test('const D = require("./date");\nsinon.stub(D, "parseDate");\n', "javascript");
    expect(!stubbed.ok && stubbed.error.message).toMatch(/\(line 2\)/);
  });

  it("goes ahead when the file never names the symbol, or only reads the namespace's members and types", () => {
    expect(test('import * as D from "./date";\nvi.spyOn(D, "other");\nvi.mock("./date");\n')).toEqual({ ok: true, value: null });
    // An automock keeps the module's names: the file's import and uses follow the rename.
    const automocked = test('import { parseDate } from "./date";\nvi.mock("./date");\nvi.mocked(parseDate).mockReturnValue(new Date(0));\n');
    expect(automocked.ok && automocked.value?.content).toBe('import { parseIsoDate } from "./date";\nvi.mock("./date");\nvi.mocked(parseIsoDate).mockReturnValue(new Date(0));\n');
    const actual = test('const actual = jest.requireActual("./date");\nexport const f = actual.parseDate;\n', "javascript");
    expect(!actual.ok && actual.error.message).toMatch(/hands the module to code the engine cannot follow \(line 1\)/);
    const typed = test('import * as D from "./date";\nexport type P = typeof D.parseDate;\nexport const n: D.Options = {};\nD.parseDate("x");\n');
    expect(typed.ok && typed.value?.content).toBe('import * as D from "./date";\nexport type P = typeof D.parseIsoDate;\nexport const n: D.Options = {};\nD.parseIsoDate("x");\n');
  });
});

describe("a file passing the symbol on that already exports the new name", () => {
  const barrel = (source: string) => renameImportedSymbol(source, "typescript", { ...job(), importerRel: "src/index.ts" });

  it("is refused: its importers would get its own export, or a duplicate one", () => {
    for (const [source, at] of [
      ['export * from "./date";\nexport function parseIsoDate(s: string) { return 0; }\n', 2],
      ['export * from "./date";\nexport { parseIsoDate } from "./iso";\n', 2],
      ['export { parseDate } from "./date";\nconst iso = 1;\nexport { iso as parseIsoDate };\n', 3],
      ['export { parseDate } from "./date";\nexport const parseIsoDate = 1;\n', 2],
    ] as const) {
      const r = barrel(source);
      expect(!r.ok && r.error.message, source).toMatch(new RegExp(`^\`parseDate\` cannot be renamed whole: src/index\\.ts already exports \`parseIsoDate\` \\(line ${at}\\), which would clash with the renamed one`));
    }
  });

  it("goes ahead when the new name is exported under another name, or the old one is not passed on", () => {
    const aliased = barrel('export * from "./date";\nexport { parseIsoDate as iso } from "./iso";\n');
    expect(aliased.ok && aliased.value).toEqual({ content: 'export * from "./date";\nexport { parseIsoDate as iso } from "./iso";\n', reexports: true });
    const renamedAway = barrel('export { parseDate as legacy } from "./date";\nexport const parseIsoDate = 1;\n');
    expect(renamedAway.ok && renamedAway.value).toEqual({ content: 'export { parseIsoDate as legacy } from "./date";\nexport const parseIsoDate = 1;\n', reexports: false });
  });
});
