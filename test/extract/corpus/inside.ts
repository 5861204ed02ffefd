import { UTILS_PY, fence, refuse, type CorpusCase } from "./fixtures.js";

// Markers of answer formats that a file holds as its own text: code that builds prompts for
// models or parses their answers writes <file path> tags, and the answer shows that code in a
// fence or bare. Taken for the answer's own markers, they put a piece of a string where the file
// should be, and that piece may still parse ("{body}" is a Python set).

const PROMPT_PY = `def wrap(path: str, body: str) -> str:
    return f'<file path="{path}">{body}</file>'


def wrap_all(files: list[tuple[str, str]]) -> str:
    return "\\n".join(wrap(p, b) for p, b in files)
`;
const PROMPT_TS = `const EXAMPLE = \`
<file path="src/example.ts">
console.log(1);
</file>
\`;

export function wrap(path: string, body: string): string {
  return \`<file path="\${path}">\\n\${body}\\n</file>\`;
}

export const help = () => EXAMPLE;
`;

// Edit formats held in a file's strings: the sample of a test for an edit parser, a patch a setup
// script pipes to `patch`. The file is not an edit, and refusing it refuses every retry alike.
const TEST_EDITS_PY = `from edits import parse_blocks

SAMPLE = """\\
greet.py
<<<<<<< SEARCH
print("hi")
=======
print("hello")
>>>>>>> REPLACE
"""


def test_parse_one_block():
    assert parse_blocks(SAMPLE) == [("greet.py", 'print("hi")\\n', 'print("hello")\\n')]
`;
const PATCH_TEST_TS = `import { expect, test } from "vitest";
import { applyPatch } from "../src/patch";

const PATCH = \`--- a/x.txt
+++ b/x.txt
@@ -1 +1 @@
-old
+new
\`;

test("applies a one-line change", () => {
  expect(applyPatch("old\\n", PATCH)).toBe("new\\n");
});
`;
const PATCH_SH = `#!/bin/sh
set -eu
patch -p1 <<'EOF'
--- a/config.ini
+++ b/config.ini
@@ -1 +1 @@
-debug = true
+debug = false
EOF
echo patched
`;

export const INSIDE_CASES: CorpusCase[] = [
  { name: "a fenced prompt builder whose f-string holds a <file> tag", source: "code that builds prompts for models", path: "prompt.py", answer: "Here's `prompt.py`:\n\n" + fence("python", PROMPT_PY), expected: PROMPT_PY },
  { name: "a bare prompt builder whose f-string holds a <file> tag", source: "code that builds prompts for models, told to answer with code only", path: "prompt.py", answer: PROMPT_PY, expected: PROMPT_PY },
  { name: "a fenced file whose template literal holds a <file> tag at a line start", source: "code that builds prompts for models", path: "src/prompt.ts", answer: fence("ts", PROMPT_TS), expected: PROMPT_TS },
  { name: "a <file> tag around a fence holding such a builder", source: "Claude-style file tags", path: "prompt.py", answer: `<file path="prompt.py">\n${fence("python", PROMPT_PY)}\n</file>\n`, expected: PROMPT_PY },
  { name: "a <file> tag after prose on its line", source: "chat models using file tags", path: "utils.py", answer: `Here it is: <file path="utils.py">\n${UTILS_PY}</file>\n`, expected: UTILS_PY },
  { name: "a test whose string holds a SEARCH/REPLACE sample", source: "tests of aider-style edit parsers", path: "tests/test_edits.py", answer: fence("python", TEST_EDITS_PY), expected: TEST_EDITS_PY },
  { name: "a test whose template literal holds a unified diff", source: "tests of patch tools", path: "test/patch.test.ts", answer: fence("ts", PATCH_TEST_TS), expected: PATCH_TEST_TS },
  { name: "a script piping a diff to patch through a here-document", source: "setup scripts", path: "scripts/fix-config.sh", answer: fence("sh", PATCH_SH), expected: PATCH_SH },
  { name: "a diff in a block tagged with the file's language, after a comment", source: "models that answer with the change only", path: "greet.py", answer: fence("python", "# the change:\n--- a/greet.py\n+++ b/greet.py\n@@ -1 +1 @@\n-print('hi')\n+print('hello')\n"), expected: refuse(/the answer is a diff, not the whole file/) },
  { name: "a SEARCH/REPLACE edit after a line that opens no string", source: "aider diff format", path: "greet.py", answer: fence("python", "greet.py\n<<<<<<< SEARCH\nprint('hi')\n=======\nprint('hello')\n>>>>>>> REPLACE\n"), expected: refuse(/SEARCH\/REPLACE edit/) },
];
