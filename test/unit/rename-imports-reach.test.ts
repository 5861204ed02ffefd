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
