import { HELLO_PY, UTILS_PY, fence, refuse, type CorpusCase } from "./fixtures.js";

// CommonMark's fenced code blocks (spec 0.31, section 4.5): ``` or ~~~, at least three; up to
// three spaces of indentation; the closing fence of the same character and at least as long,
// nothing after it but spaces; the opening indentation removed from each content line; a fence
// cannot open inside a block. Plus fences that belong to the file: ``` lines in string literals.

const COMPOSE_YAML = "services:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\"\n";
const FOUR_INSIDE = 'def help() -> str:\n    return """\n```\nnot a fence here\n"""\n';
const LONG_STRING = 'USAGE = """\n```bash\npip install slugger\n```\n"""\n\n\ndef usage() -> str:\n    return USAGE\n';
const BARE_STRING = 'USAGE = """\n```\npip install slugger\n```\n"""\n\n\ndef usage() -> str:\n    return USAGE\n';
// A template literal cannot hold a raw ``` (it would end the literal); a block comment can.
const JS_COMMENT = "/*\nUsage:\n\n```js\nrun();\n```\n*/\nexport function run() {\n  return 1;\n}\n";
const JS_BARE_COMMENT = "/*\nUsage:\n```\nrun();\n```\n*/\nexport function run() {\n  return 1;\n}\n";
const GO_COMMENT = "package doc\n\n/*\nRun it:\n```\ngo run .\n```\n*/\nfunc Size() int { return 1 }\n";
const HEREDOC = "#!/bin/sh\ncat > README.md <<'EOF'\n# Tool\n\n```sh\n./tool --help\n```\nEOF\necho done\n";
const BARE_HEREDOC = "#!/bin/sh\ncat > README.md <<'EOF'\n# Tool\n```\n./tool --help\n```\nEOF\necho done\n";
const YAML_SCALAR = "name: Bug report\ndescription: |\n  Paste the log:\n  ```\n  here\n  ```\nlabels: [bug]\n";
const DOCSTRING = 'def f():\n    """Example:\n\n    ```\n    f()\n    ```\n    """\n    return 1\n';
const C_COMMENT = "/*\nBuild:\n```\nmake tool\n```\n*/\nint main(void) { return 0; }\n";
const CUT = /a fence line inside the file ended the block early; put the file in a longer fence/;

export const COMMONMARK_CASES: CorpusCase[] = [
  { name: "tilde fence", source: "CommonMark 4.5 (example 120)", path: "hello.py", answer: fence("python", HELLO_PY, "~~~"), expected: HELLO_PY },
  { name: "four backticks around a ``` line", source: "CommonMark 4.5 (example 122)", path: "help.py", answer: fence("python", FOUR_INSIDE, "````"), expected: FOUR_INSIDE },
  { name: "four backticks closed by three", source: "CommonMark 4.5: closing fence at least as long", path: "hello.py", answer: "````python\n" + HELLO_PY + "```\n", expected: refuse(/opens with ```` but closes with ```/) },
  { name: "closing fence longer than the opening", source: "CommonMark 4.5 (example 125)", path: "hello.py", answer: "```python\n" + HELLO_PY + "`````\n", expected: HELLO_PY },
  { name: "~~~ does not close ```", source: "CommonMark 4.5 (example 123)", path: "notes.md", answer: "```markdown\n# Notes\n~~~\nx\n~~~\n```\n", expected: "# Notes\n~~~\nx\n~~~\n" },
  { name: "closing fence indented three spaces", source: "CommonMark 4.5 (example 133)", path: "hello.py", answer: "```python\n" + HELLO_PY + "   ```\n", expected: HELLO_PY },
  { name: "closing fence indented four spaces is content", source: "CommonMark 4.5 (example 134)", path: "hello.py", answer: "```python\n" + HELLO_PY + "    ```\n", expected: refuse(/never closes/) },
  { name: "closing fence with trailing spaces", source: "CommonMark 4.5", path: "hello.py", answer: "```python\n" + HELLO_PY + "```   \n", expected: HELLO_PY },
  { name: "a fence line with text after it does not close", source: "CommonMark 4.5 (example 136)", path: "hello.py", answer: "```python\n" + HELLO_PY + "```python\n", expected: refuse(/never closes and holds the start of another block/) },
  { name: "indented fence in a list item", source: "CommonMark 4.5 (example 131) in a list", path: "src/a.py", answer: "1. Create `src/a.py`:\n\n   ```python\n   def f():\n       return 1\n   ```\n\n2. Run it.\n", expected: "def f():\n    return 1\n" },
  { name: "indented fence in a list item, the code flush left", source: "models that indent the fence only", path: "ci.yaml", answer: "1. Create `ci.yaml`:\n\n   ```yaml\n" + COMPOSE_YAML + "   ```\n", expected: COMPOSE_YAML },
  { name: "indented fence in a list item, the code indented with it", source: "CommonMark 4.5 (example 131) in a list", path: "ci.yaml", answer: "1. Create `ci.yaml`:\n\n   ```yaml\n" + COMPOSE_YAML.replace(/^/gm, "   ") + "   ```\n", expected: COMPOSE_YAML },
  { name: "inline triple backticks in prose are not a fence", source: "CommonMark 4.5 (example 138)", path: "hello.py", answer: "Wrap code in ```python``` blocks, like so:\n" + fence("python", HELLO_PY), expected: HELLO_PY },
  { name: "an empty block, then the file", source: "chat models", path: "hello.py", answer: fence("", "") + "\n" + fence("python", HELLO_PY), expected: HELLO_PY },
  { name: "fenced info string with attributes", source: "Pandoc / kramdown attributes", path: "utils.py", answer: fence("{.python .numberLines}", UTILS_PY), expected: UTILS_PY },
  { name: "a tagged fence inside a Python string", source: "Python files that embed Markdown", path: "usage.py", answer: "Here's `usage.py`:\n" + fence("python", LONG_STRING), expected: LONG_STRING },
  { name: "a bare fence inside a Python string", source: "Python files that embed Markdown", path: "usage.py", answer: "Here's `usage.py`:\n" + fence("python", BARE_STRING), expected: refuse(CUT) },
  { name: "the same, in a four-backtick fence", source: "CommonMark 4.5: the fix models are told", path: "usage.py", answer: fence("python", BARE_STRING, "````"), expected: BARE_STRING },
  { name: "a tagged fence inside a JS block comment", source: "JS files with Markdown in comments", path: "src/run.js", answer: fence("js", JS_COMMENT), expected: JS_COMMENT },
  { name: "a bare fence inside a JS block comment", source: "JS files with Markdown in comments", path: "src/run.js", answer: fence("js", JS_BARE_COMMENT), expected: refuse(CUT) },
  { name: "a bare fence inside a Go block comment", source: "Go files with help text in comments", path: "doc/help.go", answer: fence("go", GO_COMMENT), expected: refuse(CUT) },
  { name: "a heredoc writing a README with a tagged block", source: "shell scripts that write docs", path: "mkdocs.sh", answer: fence("sh", HEREDOC), expected: HEREDOC },
  { name: "a heredoc with a bare inner block", source: "shell scripts that write docs", path: "mkdocs.sh", answer: fence("bash", BARE_HEREDOC), expected: refuse(CUT) },
  { name: "a YAML block scalar holding a bare fence", source: "GitHub issue forms", path: ".github/ISSUE_TEMPLATE/bug.yml", answer: fence("yaml", YAML_SCALAR), expected: refuse(CUT) },
  { name: "a bare fence inside a Python string, no name", source: "Python files that embed Markdown", path: "usage.py", answer: fence("python", BARE_STRING), expected: refuse(CUT) },
  { name: "a bare fence inside a C block comment", source: "C files with Markdown in comments", path: "src/tool.c", answer: fence("c", C_COMMENT), expected: refuse(CUT) },
  { name: "lowercase chatter between the file and a command", source: "chat models", path: "a.py", answer: fence("python", "x = 1\ny = 2\n") + "\nthen run\n" + fence("", "python a.py\n"), expected: "x = 1\ny = 2\n" },
  { name: "a docstring whose fences are indented four spaces", source: "CommonMark 4.5: four spaces do not close", path: "f.py", answer: fence("python", DOCSTRING), expected: DOCSTRING },
  { name: "the file, a bold label, then its output in a bare block", source: "chat models showing what the program prints", path: "hello.py", answer: fence("python", HELLO_PY) + "\n\n**Output:**\n" + fence("", "Hello, world!\n") + "\n", expected: HELLO_PY },
  { name: "the file, an Output heading, then a bare block", source: "chat models showing what the program prints", path: "hello.py", answer: fence("python", HELLO_PY) + "\n\n### Output\n" + fence("", "Hello, world!\n") + "\n", expected: HELLO_PY },
  { name: "the file in four backticks, a bold label, then its output", source: "models following the longer-fence advice", path: "hello.py", answer: fence("python", HELLO_PY, "````") + "\n\n**Output:**\n" + fence("", "Hello, world!\n") + "\n", expected: HELLO_PY },
  { name: "a one-line file beside a larger untagged tree", source: "chat models showing the layout", path: "src/index.ts", answer: fence("ts", 'export * from "./slugify";\n') + "\n\n**Project structure:**\n" + fence("", "src/\n  index.ts\n  slugify.ts\n") + "\n", expected: refuse(/2 different code blocks/) },
];
