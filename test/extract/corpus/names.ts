import { FOO_JS, HELLO_PY, fence, refuse, type CorpusCase } from "./fixtures.js";

// A file name next to a fence says which file the block is. Aider's whole-file format puts the
// bare path on the line before the fence; chat models decorate it (bold, heading, backticks,
// "File:"), or put it in the info string (```js foo.js, ```python:src/a.py, ```js title="…").

const OTHER = /the answer is for (src\/)?foo\.js, not hello\.py/;
const A_TS = 'import { b } from "./b";\n\nexport function a(): number {\n  return b() + 1;\n}\n';
const B_TS = "export function b(): number {\n  return 41;\n}\n";
const steps = (h1: string, h2: string) => `${h1}\n\n${fence("ts", B_TS)}\n\n${h2}\n\n${fence("ts", A_TS)}\n`;

export const NAME_CASES: CorpusCase[] = [
  { name: "aider whole-file: path line, then the fence", source: "aider whole-file format", path: "hello.py", answer: "hello.py\n" + fence("python", HELLO_PY) + "\n", expected: HELLO_PY },
  { name: "another file's path line before the only block", source: "aider whole-file format", path: "hello.py", answer: "foo.js\n" + fence("js", FOO_JS) + "\n", expected: refuse(OTHER) },
  { name: "bold file name", source: "chat models (GPT, Qwen)", path: "hello.py", answer: "**foo.js**\n\n" + fence("javascript", FOO_JS), expected: refuse(OTHER) },
  { name: "heading file name", source: "chat models (GPT-4o, DeepSeek)", path: "hello.py", answer: "### foo.js\n\n" + fence("javascript", FOO_JS), expected: refuse(OTHER) },
  { name: "backticked file name alone", source: "chat models", path: "hello.py", answer: "`foo.js`\n" + fence("js", FOO_JS), expected: refuse(OTHER) },
  { name: "file name with a colon", source: "chat models", path: "hello.py", answer: "foo.js:\n" + fence("", FOO_JS), expected: refuse(OTHER) },
  { name: "File: label", source: "chat models", path: "hello.py", answer: "File: foo.js\n" + fence("js", FOO_JS), expected: refuse(OTHER) },
  { name: "Filename: label with a folder", source: "chat models", path: "hello.py", answer: "Filename: src/foo.js\n\n" + fence("js", FOO_JS), expected: refuse(OTHER) },
  { name: "Markdown H1 file name", source: "chat models", path: "hello.py", answer: "# foo.js\n\n" + fence("js", FOO_JS), expected: refuse(OTHER) },
  { name: "path after the language in the info string", source: "CommonMark info string, chat models", path: "hello.py", answer: fence("js foo.js", FOO_JS), expected: refuse(OTHER) },
  { name: "language:path info string for the target", source: "Continue / Cursor-style fences", path: "src/a.py", answer: "Here you go:\n" + fence("python:src/a.py", HELLO_PY), expected: HELLO_PY },
  { name: "language:path info string for another file", source: "Continue / Cursor-style fences", path: "hello.py", answer: fence("javascript:src/foo.js", FOO_JS), expected: refuse(OTHER) },
  { name: "title= attribute for another file", source: "Docusaurus/MDX code block titles", path: "hello.py", answer: fence('js title="foo.js"', FOO_JS), expected: refuse(OTHER) },
  { name: "title= attribute for the target", source: "Docusaurus/MDX code block titles", path: "src/foo.js", answer: fence('js title="src/foo.js"', FOO_JS), expected: FOO_JS },
  { name: "bare path as the info string", source: "chat models", path: "hello.py", answer: fence("hello.py", HELLO_PY), expected: HELLO_PY },
  { name: "bold target name", source: "chat models", path: "hello.py", answer: "**hello.py**\n\n" + fence("python", HELLO_PY) + "\n\nRun it with `python hello.py`.", expected: HELLO_PY },
  {
    name: "numbered heading, then a sentence, then the block",
    source: "GPT-4o multi-section answers",
    path: "src/app.py",
    answer: "### 1. `src/app.py`\n\nThe entry point prints a greeting.\n\n" + fence("python", HELLO_PY),
    expected: HELLO_PY,
  },
  { name: "Here's the updated `hello.py`:", source: "Qwen2.5-Coder, Llama 3 instruct", path: "hello.py", answer: "Here's the updated `hello.py`:\n\n" + fence("python", HELLO_PY) + "\n\nI added a main guard.", expected: HELLO_PY },
  { name: "Here's the updated file for another name", source: "Qwen2.5-Coder", path: "hello.py", answer: "Here's the updated `foo.js`:\n\n" + fence("javascript", FOO_JS), expected: refuse(OTHER) },
  { name: "path with a (new file) note", source: "chat models", path: "src/hello.py", answer: "`src/hello.py` (new file):\n" + fence("python", HELLO_PY), expected: HELLO_PY },
  { name: "a product name is not a file name", source: "chat models", path: "src/foo.js", answer: "Here is a Node.js module:\n\n" + fence("js", FOO_JS), expected: FOO_JS },
  { name: "a framework name ending in .js is not a file", source: "chat models", path: "src/server.js", answer: "Here's the Express.js server:\n" + fence("js", FOO_JS), expected: FOO_JS },
  { name: "App.js is not App.jsx", source: "React answers", path: "src/App.jsx", answer: "Here's the updated App.js:\n" + fence("jsx", FOO_JS), expected: refuse(/the answer is for App\.js, not src\/App\.jsx/) },
  { name: "aider whole-file with a four-backtick fence", source: "aider whole-file format (its ```` fence for files holding ```)", path: "hello.py", answer: "hello.py\n" + fence("python", HELLO_PY, "````") + "\n", expected: HELLO_PY },
  { name: "path and fence on one line", source: "aider (documented model habit)", path: "hello.py", answer: "hello.py ```python\n" + HELLO_PY + "```\n", expected: HELLO_PY },
  { name: "another path and fence on one line", source: "aider (documented model habit)", path: "hello.py", answer: "foo.js ```js\n" + FOO_JS + "```\n", expected: refuse(OTHER) },
  {
    name: "introduced as one file, first line names another",
    source: "chat models",
    path: "hello.py",
    answer: "`hello.py`:\n" + fence("python", "# greet.py\n" + HELLO_PY),
    expected: refuse(/labelled both (greet\.py and hello\.py|hello\.py and greet\.py); answer with one block for hello\.py only/),
  },
  { name: "first-line path comment for another file", source: "OpenAI-style path comments", path: "hello.py", answer: fence("python", "# tools/other.py\n" + HELLO_PY), expected: refuse(/not hello\.py/) },
  { name: "Windows-style path naming the target", source: "models trained on Windows repos", path: "src/foo.js", answer: "src\\foo.js\n" + fence("js", FOO_JS), expected: FOO_JS },
  { name: "./-prefixed target path", source: "chat models", path: "src/foo.js", answer: "**`./src/foo.js`**\n" + fence("js", FOO_JS), expected: FOO_JS },
  { name: "the base name of the target", source: "chat models", path: "src/utils/foo.js", answer: "foo.js\n" + fence("js", FOO_JS), expected: FOO_JS },
  { name: "'Step N: Create `path`' headings over two files", source: "chat models writing step-by-step answers", path: "src/a.ts", answer: steps("### Step 1: Create `src/b.ts`", "### Step 2: Create `src/a.ts`"), expected: A_TS },
  { name: "headings that start with the path and add words", source: "chat models", path: "src/a.ts", answer: steps("## `src/b.ts` (helper)", "## src/a.ts - the entry point"), expected: A_TS },
  { name: "a heading about running the target over a command", source: "chat models", path: "main.py", answer: fence("python", HELLO_PY) + "\n\n### Running `main.py`\n\n" + fence("python", "import main\nmain.main()\n"), expected: HELLO_PY },
  { name: "a same-named file in another folder", source: "chat models", path: "src/utils/foo.js", answer: "lib/foo.js\n" + fence("js", FOO_JS), expected: refuse(/the answer is for lib\/foo\.js, not src\/utils\/foo\.js/) },
];
