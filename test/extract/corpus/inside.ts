import { UTILS_PY, fence, type CorpusCase } from "./fixtures.js";

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

export const INSIDE_CASES: CorpusCase[] = [
  { name: "a fenced prompt builder whose f-string holds a <file> tag", source: "code that builds prompts for models", path: "prompt.py", answer: "Here's `prompt.py`:\n\n" + fence("python", PROMPT_PY), expected: PROMPT_PY },
  { name: "a bare prompt builder whose f-string holds a <file> tag", source: "code that builds prompts for models, told to answer with code only", path: "prompt.py", answer: PROMPT_PY, expected: PROMPT_PY },
  { name: "a fenced file whose template literal holds a <file> tag at a line start", source: "code that builds prompts for models", path: "src/prompt.ts", answer: fence("ts", PROMPT_TS), expected: PROMPT_TS },
  { name: "a <file> tag around a fence holding such a builder", source: "Claude-style file tags", path: "prompt.py", answer: `<file path="prompt.py">\n${fence("python", PROMPT_PY)}\n</file>\n`, expected: PROMPT_PY },
  { name: "a <file> tag after prose on its line", source: "chat models using file tags", path: "utils.py", answer: `Here it is: <file path="utils.py">\n${UTILS_PY}</file>\n`, expected: UTILS_PY },
];
