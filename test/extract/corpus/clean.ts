import { APP_TS, HELLO_PY, MAIN_PY, SLUG_TS, UTILS_PY, fence, refuse, type CorpusCase } from "./fixtures.js";

// The common clean shapes, which must keep working, and answers cut short. A refusal costs a
// retry, so these are not refused; a cut answer is never written.

const GO_TAGS = "package user\n\ntype User struct {\n\tName string `json:\"name\"`\n\tAge  int    `json:\"age\"`\n}\n";
const JS_REGEX = "export const quote = (s) => s.replace(/[\"'`]/g, \"\\\\$&\");\nexport const n = 1;\n";
const PY_APOSTROPHES = "# Don't strip: it's the user's text.\ndef keep(s: str) -> str:\n    return s  # isn't changed\n";
const TS_TEMPLATE = "export const greet = (n: string) => `Hi ${n.length > 3 ? `${n}!` : n}`;\nexport const x = 1;\n";
const HANDLER_TS = 'export function notFound() {\n  return { status: 404, body: { code: "NOT_FOUND", message: "User not found" } };\n}\n';
const CLIENT_PY = 'def ask(client, prompt):\n    return client.chat([{"role": "user", "content": prompt}])\n';
const INSTALL_SH = "#!/usr/bin/env bash\nset -euo pipefail\nnpm ci\nnpm run build\n";
const USAGE_PY = "from utils import slugify\n\nfor title in ['A b', 'C d', 'E f']:\n    print(slugify(title))\n";
const LOGGING_PY = "import logging\n\n\ndef setup():\n    logging.basicConfig(level=logging.INFO)\n";
const VERSION_TS = 'export const VERSION = "1.2.0";\n';
const SERVER_CONFIG_TS = 'import { base } from "../config";\n\nexport const server = { ...base, port: 8080 };\n';
const REEXPORT_TS = 'export { Button } from "./Button";\n';
const SIGNATURE = "Signature:\n" + fence("ts", "function slugify(input: string): string\n");

export const CLEAN_CASES: CorpusCase[] = [
  { name: "one fenced block", source: "every chat model", path: "hello.py", answer: fence("python", HELLO_PY), expected: HELLO_PY },
  { name: "chatter before and after", source: "Qwen2.5-Coder, Llama 3", path: "hello.py", answer: "Sure! Here is the script:\n\n" + fence("python", HELLO_PY) + "\n\nIt prints a greeting. Let me know if you need more!", expected: HELLO_PY },
  { name: "Here is the complete code for the target, then an explanation list", source: "Qwen2.5-Coder", path: "hello.py", answer: "Here is the complete code for `hello.py`:\n\n" + fence("python", HELLO_PY) + "\n\n### Explanation\n- `main()` prints.\n- The guard runs it.\n", expected: HELLO_PY },
  { name: "untagged fence, then a paragraph", source: "base models, Llama 2", path: "utils.py", answer: fence("", UTILS_PY) + "\nThis code defines a slugify function.\n", expected: UTILS_PY },
  { name: "JSON {file_path, code}", source: "JSON-mode answers", path: "utils.py", answer: JSON.stringify({ file_path: "utils.py", code: UTILS_PY }), expected: UTILS_PY },
  { name: "JSON {code} alone, no path", source: "JSON-mode answers", path: "utils.py", answer: fence("json", JSON.stringify({ code: UTILS_PY })), expected: UTILS_PY },
  { name: "JSON {code} with no path, then an install command", source: "JSON-mode answers", path: "utils.py", answer: fence("json", JSON.stringify({ code: UTILS_PY })) + "\n\n" + fence("bash", "pip install slugify\n"), expected: UTILS_PY },
  { name: "JSON {path, content} in a fence, then an install command", source: "JSON-mode answers", path: "utils.py", answer: fence("json", JSON.stringify({ path: "utils.py", content: UTILS_PY })) + "\n\n" + fence("bash", "pip install slugify\n"), expected: UTILS_PY },
  {
    name: "the file, then an example JSON response holding a \"code\" string",
    source: "chat models documenting an API handler",
    path: "src/handler.ts",
    answer: "Here's the handler:\n\n" + fence("ts", HANDLER_TS) + '\n\nExample response:\n\n' + fence("json", '{ "code": "NOT_FOUND", "message": "User not found" }\n'),
    expected: HANDLER_TS,
  },
  { name: "the file tagged in a sibling language, then an example JSON response", source: "small models that mis-tag", path: "src/handler.ts", answer: fence("js", HANDLER_TS) + "\n\nResponse:\n" + fence("json", '{ "code": "NOT_FOUND" }\n'), expected: HANDLER_TS },
  { name: "the file, then an example chat message holding a \"content\" string", source: "chat models writing LLM clients", path: "client.py", answer: fence("python", CLIENT_PY) + "\n\nEach message looks like:\n\n" + fence("json", '{"role": "user", "content": "Hello"}\n'), expected: CLIENT_PY },
  { name: "bare code", source: "models told to output only code", path: "utils.py", answer: UTILS_PY, expected: UTILS_PY },
  { name: "bare code with a path comment", source: "models told to output only code", path: "src/slugify.ts", answer: "// src/slugify.ts\n" + SLUG_TS, expected: SLUG_TS },
  { name: "signature, file, usage: the file dominates", source: "DeepSeek-Coder", path: "src/slugify.ts", answer: SIGNATURE + "\n\n" + fence("ts", SLUG_TS + "\nexport const SEP = \"-\";\n") + "\n\nThen call `slugify(\"a b\")`.\n", expected: SLUG_TS + "\nexport const SEP = \"-\";\n" },
  { name: "the file, then an install command", source: "chat models", path: "src/app.ts", answer: fence("bash", "npm i slugify\n") + "\n\n" + fence("ts", APP_TS), expected: APP_TS },
  { name: "the file, then its output", source: "chat models", path: "hello.py", answer: fence("python", HELLO_PY) + "\n\nOutput:\n" + fence("", "Hello, world!\n"), expected: HELLO_PY },
  { name: "'the install script', then an untagged chmod line", source: "chat models writing shell scripts", path: "install.sh", answer: "Here's the install script:\n\n" + fence("bash", INSTALL_SH) + "\n\nMake it executable:\n\n" + fence("", "chmod +x install.sh\n"), expected: INSTALL_SH },
  { name: "the script, then a usage example", source: "chat models writing shell scripts", path: "install.sh", answer: fence("bash", INSTALL_SH) + "\n\nExample usage:\n" + fence("bash", "./install.sh\n"), expected: INSTALL_SH },
  { name: "an untagged file, then a smaller usage example", source: "base models", path: "utils.py", answer: fence("", UTILS_PY) + "\n\nExample usage:\n" + fence("python", "print(slugify('A b'))\n"), expected: UTILS_PY },
  { name: "an untagged file, then a larger tagged usage example: either may be the file", source: "base models", path: "utils.py", answer: fence("", UTILS_PY) + "\n\nExample usage:\n" + fence("python", USAGE_PY), expected: refuse(/2 different code blocks that could each be utils\.py/) },
  { name: "the only block tagged with the wrong language", source: "small models trained mostly on Python", path: "src/slugify.ts", answer: fence("python", SLUG_TS), expected: SLUG_TS },
  { name: "a path comment naming the target is dropped", source: "OpenAI-style path comments", path: "utils.py", answer: fence("python", "# utils.py\n" + UTILS_PY), expected: UTILS_PY },
  { name: "CRLF answer", source: "Windows front-ends", path: "utils.py", answer: (fence("python", UTILS_PY) + "\n").replace(/\n/g, "\r\n"), expected: UTILS_PY },
  { name: "two unrelated implementations of the same size", source: "models offering alternatives", path: "utils.py", answer: "Option 1:\n" + fence("python", UTILS_PY) + "\n\nOption 2:\n" + fence("python", "import re\n\n\ndef slugify(text):\n    return re.sub(r\"\\W+\", \"-\", text).lower()\n"), expected: refuse(/2 different code blocks that could each be utils\.py/) },
  {
    name: "the file, then volunteered tests with no name",
    source: "Qwen2.5-Coder, DeepSeek-Coder",
    path: "utils.py",
    answer: fence("python", UTILS_PY) + "\n\nAnd here are some tests:\n" + fence("python", "import pytest\nfrom utils import slugify\n\n\ndef test_a():\n    assert slugify('A b') == 'a-b'\n\n\ndef test_b():\n    assert slugify('') == ''\n"),
    expected: UTILS_PY,
  },
  { name: "the file, then an untagged directory tree", source: "chat models", path: "src/app.ts", answer: fence("ts", APP_TS) + "\n\nLayout:\n" + fence("", "src/\n  app.ts\n  slugify.ts\n"), expected: APP_TS },
  {
    name: "a module and its tests, unnamed, the target being the tests",
    source: "chat models",
    path: "tests/test_utils.py",
    answer: fence("python", UTILS_PY) + "\n\nTests:\n" + fence("python", "from utils import slugify\n\n\ndef test_slugify():\n    assert slugify('A b') == 'a-b'\n"),
    expected: refuse(/2 different code blocks that could each be tests\/test_utils\.py/),
  },
  {
    name: "an unnamed module, then a larger unnamed caller that imports it",
    source: "chat models showing how to use the file",
    path: "src/slugify.ts",
    answer: fence("ts", SLUG_TS) + "\n\nThen in your app:\n" + fence("ts", APP_TS + "\nexport const a = title(\"x\");\nexport const b = title(\"y\");\nexport const c = title(\"z\");\n"),
    expected: SLUG_TS,
  },
  {
    name: "a one-line re-export, then larger code that imports it",
    source: "Qwen2.5-Coder asked for an index file",
    path: "src/components/index.ts",
    answer: fence("ts", REEXPORT_TS) + "\n\nNow your other modules can import from the folder:\n" + fence("ts", "import { Button } from \"./components\";\n\nconst b = new Button();\nb.render();\n"),
    expected: REEXPORT_TS,
  },
  {
    name: "a one-line file, then larger code that does not import it",
    source: "Qwen2.5-Coder asked for a constant",
    path: "src/version.ts",
    answer: fence("ts", VERSION_TS) + "\n\nThen show it in the footer:\n" + fence("ts", "import { VERSION } from \"../version\";\n\nexport function footer(): string {\n  return `v${VERSION}`;\n}\n"),
    expected: refuse(/2 different code blocks that could each be src\/version\.ts/),
  },
  {
    name: "an unnamed file, then code that imports it, introduced by the file's name",
    source: "DeepSeek-Coder, Llama 3",
    path: "utils.py",
    answer: fence("python", UTILS_PY) + "\n\nHere's how to use `utils.py` in your project:\n" + fence("python", MAIN_PY),
    expected: UTILS_PY,
  },
  {
    name: "a file named like a standard module that imports that module",
    source: "Django apps with a logging.py",
    path: "app/logging.py",
    answer: "**app/logging.py**\n" + fence("python", LOGGING_PY) + "\n\nThen in settings:\n" + fence("python", "from app.logging import setup\n\nsetup()\n"),
    expected: LOGGING_PY,
  },
  {
    name: "a named file that imports a same-named module from its parent folder",
    source: "TS projects with layered config",
    path: "src/server/config.ts",
    answer: "**src/server/config.ts**\n" + fence("ts", SERVER_CONFIG_TS) + "\n\nRun it:\n" + fence("ts", "console.log(\"ok\");\n"),
    expected: SERVER_CONFIG_TS,
  },
  { name: "the install script, then a tagged one-line chmod", source: "chat models writing shell scripts", path: "install.sh", answer: "Here's the script:\n\n" + fence("bash", INSTALL_SH) + "\n\nMake it executable:\n\n" + fence("bash", "chmod +x install.sh\n"), expected: INSTALL_SH },
  { name: "the file, then its key line again", source: "chat models explaining the change", path: "src/slugify.ts", answer: fence("ts", SLUG_TS) + "\n\nThe key line:\n" + fence("ts", '  return input.toLowerCase().replace(/[^a-z0-9]+/g, "-");\n'), expected: SLUG_TS },
  { name: "Go struct tags in backticks", source: "Go files", path: "user.go", answer: fence("go", GO_TAGS), expected: GO_TAGS },
  { name: "a JS regex holding quotes and a backtick", source: "JS files", path: "src/quote.js", answer: fence("js", JS_REGEX), expected: JS_REGEX },
  { name: "apostrophes in Python comments", source: "Python files", path: "keep.py", answer: fence("python", PY_APOSTROPHES), expected: PY_APOSTROPHES },
  { name: "nested template literals", source: "TS files", path: "src/greet.ts", answer: fence("ts", TS_TEMPLATE), expected: TS_TEMPLATE },
  { name: "an abbreviated file", source: "models that elide unchanged code", path: "utils.py", answer: fence("python", UTILS_PY + "\n# ... rest of the code unchanged\n"), expected: refuse(/abbreviates the file/) },
  { name: "prose only", source: "refusing models", path: "utils.py", answer: "I'm sorry, I can't help with that.", expected: refuse(/no code block or file content/) },
];

export const TRUNCATION_CASES: CorpusCase[] = [
  { name: "finish_reason length", source: "OpenAI-compatible servers at max_tokens", path: "utils.py", answer: fence("python", UTILS_PY), finishReason: "length", expected: refuse(/cut off at the output token limit/, "TRUNCATED") },
  { name: "no closing fence, answer finished", source: "small models that drop the last fence", path: "utils.py", answer: "```python\n" + UTILS_PY, expected: UTILS_PY },
  { name: "no closing fence, no finish reason", source: "servers that omit finish_reason", path: "utils.py", answer: "```python\n" + UTILS_PY, finishReason: null, expected: refuse(/never closes and the answer did not end normally/) },
  { name: "unclosed block whose last line opens a new fence", source: "answers cut between two blocks", path: "utils.py", answer: "```python\n" + UTILS_PY + "\nTests:\n```python\n", expected: refuse(/never closes and holds the start of another block/) },
  { name: "unclosed block holding a whole later block", source: "models that forget one closing fence", path: "utils.py", answer: "```python\n" + UTILS_PY + "\nAnd a test:\n```python\nassert slugify('a b') == 'a-b'\n```\n", expected: refuse(/never closes and holds the start of another block/) },
  { name: "the file closed, the next block cut", source: "answers cut after the file", path: "utils.py", answer: fence("python", UTILS_PY) + "\n\nExample:\n```python\n", expected: UTILS_PY },
  { name: "unclosed, ended by a leaked DeepSeek end-of-sentence token", source: "DeepSeek-Coder behind a server with the wrong chat template", path: "utils.py", answer: "```python\n" + UTILS_PY + "<｜end▁of▁sentence｜>", expected: UTILS_PY },
  { name: "unclosed and cut inside a string", source: "answers cut mid-file", path: "usage.py", answer: '```python\nUSAGE = """\nRun it with\n', expected: refuse(/ends inside a """ string/) },
  { name: "unclosed, cut inside a template literal", source: "answers cut mid-file", path: "src/t.ts", answer: "```ts\nexport const t = `\nline one\n", expected: refuse(/ends inside a ` string/) },
];
