// The file a task rewrites is shown to the model byte for byte: blank lines are part of the file
// (PEP 8's two blank lines, a string literal, a Markdown hard break), and a model shown one
// blank line where the file has two writes one back, breaking lint or changing a string's value.
import { describe, expect, it } from "vitest";
import { buildPrompt } from "../../src/prompt/build.js";
import { promptInput } from "../support/prompt-input.js";

const py = 'import os\n\n\ndef a():\n    return """x\n\n\n\ny"""\n\n\ndef b():\n    return os.sep\n';

describe("the file being rewritten, in the prompt", () => {
  it("a refactor shows the current file with its blank lines as they are", async () => {
    const p = await buildPrompt(promptInput({ kind: "refactor", language: "python", outputFile: "m.py", existing: py, description: "Rename nothing." }));
    expect(p.messages[1]!.content).toContain(py);
  });

  it("a code task shows the existing file and context files with their blank lines", async () => {
    const ctx = { rel: "lib/util.py", language: "python", text: "X = 1\n\n\nY = 2\n" };
    const p = await buildPrompt(promptInput({ language: "python", outputFile: "m.py", existing: py, context: [ctx] }));
    const u = p.messages[1]!.content;
    expect(u).toContain(py.trimEnd());
    expect(u).toContain("X = 1\n\n\nY = 2");
  });

  it("the template's own gaps are still closed: no constraints, no rename, no run of blank lines", async () => {
    const p = await buildPrompt(promptInput({ kind: "refactor", language: "python", outputFile: "m.py", existing: "x = 1\n" }));
    expect(p.messages[1]!.content).not.toMatch(/\n{3,}/);
    const c = await buildPrompt(promptInput({ constraints: [] }));
    expect(c.messages[1]!.content).not.toMatch(/\n{3,}/);
  });
});
