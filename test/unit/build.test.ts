import { describe, expect, it } from "vitest";
import { buildPrompt, buildRetry, fenceTag } from "../../src/prompt/build.js";
import { TASK_KINDS } from "../../src/spec/schema.js";
import { promptInput } from "../support/prompt-input.js";

const input = promptInput;

const user = (p: { messages: { role: string; content: string }[] }) => p.messages.find((m) => m.role === "user")!.content;
const system = (p: { messages: { role: string; content: string }[] }) => p.messages.find((m) => m.role === "system")!.content;

/** A TypeScript module of about `n` functions: a public API with private helpers and long bodies. */
function bigModule(n: number): string {
  const parts = ['import { readFileSync } from "node:fs";\n'];
  for (let i = 0; i < n; i++) {
    parts.push(`/** Adds ${i}. */\nexport function add${i}(x: number): number {\n${"  x = x + 1;\n".repeat(20)}  return helper${i}(x);\n}\n`);
    parts.push(`function helper${i}(x: number): number {\n${"  x = x * 2;\n".repeat(20)}  return x;\n}\n`);
  }
  return parts.join("\n");
}

describe("buildPrompt", () => {
  it.each(TASK_KINDS)("the %s template renders with no leftover placeholder", async (kind) => {
    const p = (await buildPrompt(
      input({
        kind,
        existing: kind === "refactor" ? "export const a = 1;\n" : null,
        constraints: ["no dependencies"],
        context: [{ rel: "src/types.ts", language: "typescript", text: "export type Slug = string;\n" }],
        rename: kind === "refactor" ? { from: "a", to: "b" } : undefined,
      }),
    ));
    expect(p.messages.map((m) => m.role)).toEqual(["system", "user"]);
    for (const m of p.messages) {
      expect(m.content).not.toMatch(/\{\{|\}\}/);
      expect(m.content).not.toMatch(/\n{3,}/);
      expect(m.content).toBe(m.content.trim());
    }
    // The request names the file and the fence tag; the system prompt names neither, so that it
    // is the same for every task and a server's prompt cache keeps it across tasks.
    expect(user(p)).toContain("`src/slugify.ts`");
    expect(user(p)).toContain("```typescript block");
    expect(system(p)).not.toContain("slugify");
    expect(system(p)).toBe(system(await buildPrompt(input({ kind: "doc", outputFile: "docs/x.md", language: "markdown" }))));
    expect(p.estimatedTokens).toBeGreaterThan(0);
  });

  it("each kind says what it is for", async () => {
    expect(user((await buildPrompt(input({ kind: "test" }))))).toContain("Write unit tests.");
    expect(user((await buildPrompt(input({ kind: "doc" }))))).toContain("Write documentation.");
    expect(user((await buildPrompt(input({ kind: "refactor", existing: "x" }))))).toContain("Refactor `src/slugify.ts`.");
    expect(user((await buildPrompt(input({ kind: "code" }))))).toContain("<task>\nWrite a slugify function.\n</task>");
  });

  it("lists the constraints, and leaves the block out when there are none", async () => {
    const p = user((await buildPrompt(input({ constraints: ["no regex", "export default"] }))));
    expect(p).toContain("<constraints>\n- no regex\n- export default\n</constraints>");
    expect(user((await buildPrompt(input())))).not.toContain("<constraints>");
  });

  it("puts context files in whole when they fit, in order", async () => {
    const p = (await buildPrompt(
      input({
        context: [
          { rel: "src/a.ts", language: "typescript", text: "export const a = 1;\n\n\n" },
          { rel: "src/b.ts", language: "typescript", text: "export const b = 2;\n" },
        ],
      }),
    ));
    const u = user(p);
    expect(u).toContain('<context>\n<file path="src/a.ts">\nexport const a = 1;\n</file>\n<file path="src/b.ts">\nexport const b = 2;\n</file>\n</context>');
    expect(p.notes).toEqual([]);
    expect(u).not.toContain("shortened");
  });

  it("says the file is new when it does not exist", async () => {
    expect(user((await buildPrompt(input())))).toContain("This file does not exist yet.");
  });

  it("cuts an over-budget JS/TS file to its signatures and says so", async () => {
    const text = bigModule(30);
    const p = (await buildPrompt(input({ budget: 1_500, context: [{ rel: "src/math.ts", language: "typescript", text }] })));
    const u = user(p);
    expect(u).toContain('<file path="src/math.ts" shown="signatures only">');
    expect(u).toContain("export function add29(x: number): number { … }");
    expect(u).toContain("/** Adds 7. */");
    expect(u).not.toContain("helper3(x: number)");
    expect(u).not.toContain("x = x * 2");
    expect(u).toContain('shown="signatures only", its function bodies exist but are not shown');
    expect(p.notes).toEqual(["src/math.ts: over the context budget, only its signatures and doc comments were sent"]);
  });

  it("cuts an over-budget Go or Python file to its signatures too (tree-sitter)", async () => {
    const go = `package mathx\n\n${Array.from({ length: 30 }, (_, i) => `// Add${i} adds ${i}.\nfunc Add${i}(x int) int {\n${"\tx = x * 2\n".repeat(20)}\treturn x + ${i}\n}\n`).join("\n")}`;
    const u = user(await buildPrompt(input({ budget: 1_500, context: [{ rel: "mathx/add.go", language: "go", text: go }] })));
    expect(u).toContain('<file path="mathx/add.go" shown="signatures only">\npackage mathx');
    expect(u).toContain("// Add29 adds 29.\nfunc Add29(x int) int { … }");
    expect(u).not.toContain("x = x * 2");
    const py = Array.from({ length: 30 }, (_, i) => `def add${i}(x: int) -> int:\n    """Adds ${i}."""\n${"    x = x * 2\n".repeat(20)}    return x + ${i}\n`).join("\n");
    const v = user(await buildPrompt(input({ budget: 1_500, context: [{ rel: "mathx.py", language: "python", text: py }] })));
    expect(v).toContain('def add29(x: int) -> int:\n    """Adds 29."""\n    ...');
    expect(v).not.toContain("x = x * 2");
  });

  it("sends the first lines of an over-budget file it cannot outline", async () => {
    const text = Array.from({ length: 400 }, (_, i) => `line ${i}: some configuration value`).join("\n");
    const p = (await buildPrompt(input({ budget: 300, context: [{ rel: "notes.txt", language: "text", text }] })));
    const u = user(p);
    expect(u).toContain('<file path="notes.txt" shown="first lines only">\nline 0: some configuration value\nline 1:');
    expect(u).toContain("/* … (cut) */");
    expect(u).not.toContain("line 399");
    expect(p.notes).toEqual(["notes.txt: over the context budget, only its first lines were sent"]);
  });

  it("with a budget of 0 leaves every non-empty file out, with a note for each", async () => {
    const p = (await buildPrompt(
      input({
        budget: 0,
        context: [
          { rel: "src/a.ts", language: "typescript", text: "export const a = 1;\n" },
          { rel: "b.md", language: "markdown", text: "# B\n" },
        ],
      }),
    ));
    expect(p.notes).toEqual(["src/a.ts: left out, the context budget was used up", "b.md: left out, the context budget was used up"]);
    expect(user(p)).not.toContain('<file path="src/a.ts"');
    expect(user(p)).not.toContain("export const a = 1");
  });

  it("spends the budget in order: a later file is cut when an earlier one used it up", async () => {
    const small = "export const a = 1;\n";
    const big = bigModule(10);
    const p = (await buildPrompt(
      input({
        budget: Math.ceil(small.length / 3.2) + 5,
        context: [
          { rel: "src/a.ts", language: "typescript", text: small },
          { rel: "src/big.ts", language: "typescript", text: big },
        ],
      }),
    ));
    expect(user(p)).toContain('<file path="src/a.ts">');
    expect(p.notes).toEqual(["src/big.ts: left out, the context budget was used up"]);
  });

  it("puts the existing output file last in the context for code, test and doc, nearest the task", async () => {
    for (const kind of ["code", "test", "doc"] as const) {
      const p = (await buildPrompt(
        input({
          kind,
          existing: "export const old = 1;\n",
          context: [
            { rel: "src/other.ts", language: "typescript", text: "export const other = 2;\n" },
            { rel: "src/slugify.ts", language: "typescript", text: "stale copy\n" },
          ],
        }),
      ));
      const u = user(p);
      expect(u).toContain("This file exists; its current content is in the context as src/slugify.ts. Write the complete new version.");
      expect(u.indexOf('<file path="src/slugify.ts">\nexport const old = 1;')).toBeGreaterThan(-1);
      expect(u.indexOf('<file path="src/slugify.ts">')).toBeGreaterThan(u.indexOf('<file path="src/other.ts">'));
      expect(u.indexOf('<file path="src/slugify.ts">')).toBeLessThan(u.indexOf("</context>"));
      // Listed once, with its current content, not the copy passed as context.
      expect(u.split('<file path="src/slugify.ts"').length).toBe(2);
      expect(u).not.toContain("stale copy");
    }
  });

  it("never cuts the existing output file of a rewrite: the model must see what it rewrites", async () => {
    const existing = bigModule(30);
    const p = (await buildPrompt(
      input({ kind: "doc", existing, budget: 1_500, context: [{ rel: "src/other.ts", language: "typescript", text: "export const other = 2;\n" }] }),
    ));
    const u = user(p);
    expect(u).toContain(`<file path="src/slugify.ts">\n${existing.trimEnd()}\n</file>`);
    expect(u).not.toContain('src/slugify.ts" shown=');
    // It used the budget up, so the other file is left out, and the note says so.
    expect(p.notes).toEqual(["src/other.ts: left out, the context budget was used up"]);
  });

  it("puts a refactor's file inline, whole, whatever the budget", async () => {
    const existing = bigModule(20);
    const p = (await buildPrompt(input({ kind: "refactor", existing, budget: 0, context: [] })));
    const u = user(p);
    expect(u).toContain(`<current_file path="src/slugify.ts">\n${existing}`);
    expect(u).not.toContain('<file path="src/slugify.ts"');
    expect(p.notes).toEqual([]);
  });

  it("adds the rename instruction to a refactor", async () => {
    const u = user((await buildPrompt(input({ kind: "refactor", existing: "export function slug() {}\n", rename: { from: "slug", to: "slugify" } }))));
    expect(u).toContain("Rename the exported symbol `slug` to `slugify` everywhere in this file");
    expect(user((await buildPrompt(input({ kind: "refactor", existing: "x" }))))).not.toContain("Rename the exported symbol");
  });

  it("uses the language's fence tag", async () => {
    expect(fenceTag("python")).toBe("python");
    expect(fenceTag("bash")).toBe("bash");
    expect(fenceTag("text")).toBe("text");
    expect(user((await buildPrompt(input({ outputFile: "a.py", language: "python" }))))).toContain("```python block");
  });

  it("is pure: the input is not changed", async () => {
    const i = input({ existing: "x", context: [{ rel: "a.ts", language: "typescript", text: "y" }] });
    const copy = structuredClone(i);
    (await buildPrompt(i));
    expect(i).toEqual(copy);
  });
});

describe("buildRetry", () => {
  it("keeps the first exchange, adds the previous answer and the errors", async () => {
    const first = (await buildPrompt(input({ budget: 0, context: [{ rel: "a.ts", language: "typescript", text: "export const a = 1;" }] })));
    const answer = "```typescript\nexport const slugify = (\n```";
    const r = buildRetry(first, answer, "its syntax is invalid", "line 2:1: Unexpected token\n", "src/slugify.ts", "typescript");
    expect(r.messages.slice(0, 2)).toEqual(first.messages);
    expect(r.messages[2]).toEqual({ role: "assistant", content: answer });
    const last = r.messages[3]!;
    expect(last.role).toBe("user");
    expect(last.content).toContain("Your previous answer for `src/slugify.ts` did not pass: its syntax is invalid");
    expect(last.content).toContain("<errors>\nline 2:1: Unexpected token\n</errors>");
    expect(last.content).toContain("```typescript block");
    expect(last.content).not.toContain("{{");
    expect(r.notes).toEqual(first.notes);
    expect(r.estimatedTokens).toBeGreaterThan(first.estimatedTokens);
  });

  it("says there was no output when the errors are empty", async () => {
    const r = buildRetry((await buildPrompt(input())), "a", "tests failed", "  \n", "src/slugify.ts", "typescript");
    expect(r.messages.at(-1)!.content).toContain("<errors>\n(no output)\n</errors>");
  });
});
