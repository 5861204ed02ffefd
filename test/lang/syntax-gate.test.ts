import { spawnSync } from "node:child_process";
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { allLanguages, languageInfo } from "../../src/lang/languages.js";
import { checkSyntax } from "../../src/lang/syntax.js";
import { broken, correct, fixtures, NATIVE_ONLY, type Fixture } from "./fixtures/index.js";

/** Why a broken fixture cannot be refused here: only its language's checker sees the mistake, and it is not installed. */
function unrefusable(f: Fixture): string | null {
  if (!NATIVE_ONLY.has(relative("test/lang/fixtures", f.path))) return null;
  const tool = languageInfo(f.language)!.native!.argv[0]!;
  return spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0 ? null : `${tool} is not installed`;
}

const GATED = ["python", "go", "rust", "java", "kotlin", "csharp", "c", "cpp", "ruby", "php", "bash", "swift", "toml", "css", "scss", "html"];

describe("the tree-sitter syntax gate", () => {
  it("covers every language the issue names, each with correct and broken fixtures", () => {
    for (const id of GATED) {
      expect(allLanguages().find((l) => l.id === id)?.checker, id).toBe("tree-sitter");
      expect(correct(id).length, `${id}: correct fixtures`).toBeGreaterThan(0);
      expect(broken(id).length, `${id}: broken fixtures`).toBeGreaterThan(0);
    }
    expect(fixtures().filter((f) => Number.isNaN(f.line)).map((f) => f.path), "broken fixtures with no expected line").toEqual([]);
  });

  it.each(correct().map((f) => [f.path, f] as const))("accepts %s", async (_, f) => {
    const v = await checkSyntax(f.content, f.language, { file: f.path });
    // SCSS passes with a note that only its brackets were checked.
    expect(v).toMatchObject({ ok: true, checked: "tree-sitter" });
  });

  it.for(broken().map((f) => [f.path, f] as const))("refuses %s, naming the line", async ([, f], ctx) => {
    const why = unrefusable(f);
    if (why) ctx.skip(why);
    const v = await checkSyntax(f.content, f.language, { file: f.path });
    expect(v.ok).toBe(false);
    const message = v.ok ? "" : v.message;
    expect(message).toMatch(new RegExp(`^line ${f.line}:\\d+: \\S`));
    // The line itself follows, as Babel's messages show it, for the model's retry.
    expect(message).toContain(`\n  ${f.line} | ${f.content.split("\n")[f.line! - 1]!.trim()}`);
    expect(message.split("\n").length).toBeLessThanOrEqual(3);
  });
});
