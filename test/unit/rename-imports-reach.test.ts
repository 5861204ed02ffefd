import { describe, expect, it } from "vitest";
import { renameImportedSymbol } from "../../src/refactor/rename-imports.js";

// Ways an importer names the renamed export other than an identifier of its own: each must follow
// the rename, or the rename reports success while the importer still names the old export.

const job = { importerRel: "src/use.tsx", targets: new Set(["src/icons.tsx"]), from: "Check", to: "CheckIcon" };
function rename(source: string, language = "tsx", importerRel = job.importerRel) {
  const r = renameImportedSymbol(source, language, { ...job, importerRel });
  if (!r.ok) throw new Error(r.error.message);
  return r.value?.content;
}

describe("a component reached through a namespace in JSX", () => {
  it("renames <ns.from>, its closing tag and a member below it", () => {
    expect(rename('import * as Icons from "./icons";\nexport const a = <Icons.Check size={1} />;\nexport const b = <Icons.Check.Small>x</Icons.Check.Small>;\n')).toBe(
      'import * as Icons from "./icons";\nexport const a = <Icons.CheckIcon size={1} />;\nexport const b = <Icons.CheckIcon.Small>x</Icons.CheckIcon.Small>;\n',
    );
  });

  it("leaves other components of the namespace, and another object's member of that name, alone", () => {
    expect(rename('import * as Icons from "./icons";\nimport * as UI from "./ui";\nexport const a = <><Icons.Other /><UI.Check /><Other.Check /></>;\n')).toBeUndefined();
  });
});

describe("a type that imports the module inline", () => {
  it("renames import(\"./x\").from and typeof import(\"./x\").from, and what hangs below them", () => {
    expect(rename('export type C = typeof import("./icons").Check;\nexport let p: import("./icons.js").Check.Props<number> | undefined;\n', "typescript", "src/use.ts")).toBe(
      'export type C = typeof import("./icons").CheckIcon;\nexport let p: import("./icons.js").CheckIcon.Props<number> | undefined;\n',
    );
  });

  it("leaves the module's other types, another module's type of that name and a member below another name alone", () => {
    expect(rename('export type A = import("./icons").Other;\nexport type B = import("./ui").Check;\nexport type C = import("./icons").Set.Check;\n', "typescript", "src/use.ts")).toBeUndefined();
  });
});
