import { describe, expect, it } from "vitest";
import { extractFile } from "../../src/extract/extract.js";
import { inferLanguage } from "../../src/lang/languages.js";

// A rewrite that leaves out what it did not change, in each comment style models write it in, is
// not the whole file; a comment of the file's own that only reads alike is.

const take = (path: string, body: string) => {
  const f = body.includes("```") ? "````" : "```";
  const r = extractFile(`${f}\n${body}\n${f}\n`, { outputFile: path, language: inferLanguage(path), finishReason: "stop" });
  return r.ok ? { wrote: r.value.content } : { refused: r.error.message };
};

const ELIDED: Array<[string, string]> = [
  ["a.py", "# ... rest of the file unchanged ..."],
  ["a.py", "# rest unchanged"],
  ["a.py", "# ... (unchanged) ..."],
  ["a.py", "# (rest of the code remains the same)"],
  ["a.py", "# ... other imports ..."],
  ["a.py", "# ..."],
  ["a.py", "    pass  # existing implementation unchanged"],
  ["a.ts", "// ..."],
  ["a.ts", "// ... rest of the class"],
  ["a.ts", "/* ... */"],
  ["a.ts", "// Rest of component unchanged"],
  ["a.ts", "// ... code omitted for brevity"],
  ["a.tsx", "      {/* ... existing JSX ... */}"],
  ["db/schema.sql", "-- ... rest of the file unchanged ..."],
  ["init.lua", "-- ... existing code ..."],
  ["Main.hs", "{- rest of the file -}"],
  ["setup.cfg", "; ... rest of the file unchanged"],
  ["paper.tex", "% ... existing sections ..."],
  ["main.ml", "(* ... rest of the code ... *)"],
  ["build.bat", "REM ... rest of the file unchanged"],
  ["index.html", "<!-- unchanged -->"],
  ["style.css", "/* ... existing styles ... */"],
  ["ci.yaml", "# ... existing jobs ..."],
  ["README.md", "<!-- rest of the document unchanged -->"],
  ["README.md", "(rest of the document unchanged)"],
  // The same said in a sentence, a bracket of dots, or "truncated".
  ["a.ts", "// Rest of the code is the same as before"],
  ["a.py", "# The rest stays as it was"],
  ["a.ts", "// (rest of file as in your original)"],
  ["a.ts", "// (unchanged from before)"],
  ["a.ts", "// tests identical to the original"],
  ["a.py", "# ... (truncated)"],
  ["a.ts", "// (truncated for brevity)"],
  ["a.py", "# [... rest of file ...]"],
  ["a.ts", "// [...]"],
  ["a.ts", "// Keep all other existing code"],
  ["a.ts", "// Your existing code here"],
  ["a.py", "# ... (no changes below)"],
  ["a.py", "# No changes to the rest of the file"],
];

const KEPT: Array<[string, string]> = [
  ["a.ts", "const o = {\n  ...rest,\n  ...existing,\n  ...other,\n};"],
  ["a.rs", "fn f() -> Foo {\n    Foo {\n        a: 1,\n        ..original\n    }\n}"],
  ["a.py", "def f(s):\n    # Return the input unchanged\n    return s"],
  ["a.py", "# Parse the rest of the line as the value\nx = 1"],
  ["a.py", "# Names shortened for brevity\nx = 1"],
  ["a.ts", "// Other methods are inherited from Base.\nexport class A {}"],
  ["db/schema.sql", "-- Rest of the migration adds indexes\nCREATE INDEX i ON t(a);"],
  ["ci.yaml", "# Same as above\ntimeout: 30"],
  ["README.md", "# Usage\n\n```js\napp.use(x);\n// ... rest of the code\n```\n\n## Unchanged\n\nWait for it..."],
  ["a.py", "# Same as before, but with a timeout\nx = 1"],
  ["a.py", "# Truncated to 80 columns\nx = s[:80]"],
  ["a.ts", "// no changes needed here\nexport const a = 1;"],
  ["a.py", "# Output is identical to the input\nx = 1"],
  ["a.ts", "// Behaviour unchanged from before\nexport const a = 1;"],
  ["a.ts", "// [...a] copies the array\nexport const b = [...a];"],
];

describe("a file that leaves part of itself out", () => {
  it.each(ELIDED)("%s with %j is refused", (path, line) => {
    expect(take(path, `first = 1\n${line}\nlast = 2`)).toEqual({ refused: expect.stringMatching(/abbreviates the file/) });
  });
  it.each(KEPT)("%s with %j is written", (path, body) => {
    expect(take(path, body)).toEqual({ wrote: `${body}\n` });
  });
});

describe("reading a long comment line", () => {
  // Runs of spaces and dots once made the expression try every split: 800 spaces took a minute.
  it("takes no time over runs of spaces, dots and words", () => {
    const lines = ["// ..." + " ".repeat(600) + "...x", "// " + ".".repeat(5000) + "x", "... " + "rest, ".repeat(5000) + "x", "// ... " + "rest other ".repeat(5000)];
    for (const l of lines) expect(take("a.ts", `export const a = 1;\n${l}\n`)).toHaveProperty("wrote");
  }, 5000);
});
