import { HELLO_PY, UTILS_PY, fence, refuse, type CorpusCase } from "./fixtures.js";

// Markers other tools' prompts teach: smolagents ends code with ```<end_code> (older releases)
// or wraps it in <code>…</code>; aider's diff formats answer with SEARCH/REPLACE edit blocks;
// reasoning models think in <think> first. None of them is part of a file, and an edit is not a
// whole file.

const HTML = `<!doctype html>
<p>Use <code>slugify()</code>:</p>
<pre>
<code>
slugify("a b")
</code>
</pre>
`;

const HUNKS = "@@ -2,3 +2,3 @@\n set -euo pipefail\n-npm install\n+npm ci\n npm run build\n";
const PARSE_PY = "# Reads answers shaped like\n#   <file path=\"a.py\">...</file>\nimport re\n\nPATTERN = re.compile(r'<file path=\"([^\"]+)\">(.*?)</file>', re.S)\n";
const TEMPLATE_PY = 'TEMPLATE = """\n<think>\n{reasoning}\n</think>\n{answer}\n"""\n';
// gpt-oss (harmony format) served without a parser for it: the analysis channel's draft, then the
// final channel, whose first line is the marker's own ("…<|message|>```python").
const DRAFT_PY = "import sys\n\n" + HELLO_PY + "\nprint(sys.argv)\n";
const HARMONY_FINAL = "<|end|><|start|>assistant<|channel|>final<|message|>";
const HARMONY_TS = 'export const FINAL = "<|channel|>final<|message|>";\n';
const toolCall = (name: string, args: Record<string, string>) => JSON.stringify({ name, arguments: args });
const PACKAGE_JSON = '{\n  "name": "slugger",\n  "version": "1.0.0"\n}\n';
const I18N_JSON = '{\n  "content": "Content",\n  "file": "File"\n}\n';
const POST_JSON = '{\n  "title": "Hello",\n  "content": "First post"\n}\n';
const CALL_TS = 'export const call = { name: "write_file", arguments: { path: "a.txt", content: "hi" } };\n';
const STRIP_TS = 'export const strip = (s: string): string => s.replace(/<think>[\\s\\S]*?<\\/think>/g, "");\nexport const OPEN = "<think>";\n';

export const MARKER_CASES: CorpusCase[] = [
  { name: "smolagents Thought/Code with ```<end_code>", source: "smolagents CodeAgent (pre-1.17 prompt)", path: "hello.py", answer: "Thought: I will write the script.\nCode:\n```py\n" + HELLO_PY + "```<end_code>\n", expected: HELLO_PY },
  { name: "<end_code> on the line after the closing fence", source: "smolagents, models that break the line", path: "hello.py", answer: "Code:\n" + fence("py", HELLO_PY) + "\n<end_code>\n", expected: HELLO_PY },
  { name: "smolagents <code>…</code> tags, no fence", source: "smolagents CodeAgent (1.17+ prompt)", path: "hello.py", answer: "Thought: write it.\n<code>\n" + HELLO_PY + "</code>\n", expected: HELLO_PY },
  { name: "<code> tags around a fence", source: "models mixing both smolagents formats", path: "hello.py", answer: "<code>\n" + fence("python", HELLO_PY) + "\n</code>\n", expected: HELLO_PY },
  { name: "closing fence followed by </code>", source: "models mixing both smolagents formats", path: "hello.py", answer: "<code>\n```python\n" + HELLO_PY + "```</code>\n", expected: HELLO_PY },
  { name: "an HTML file's own <code> lines stay", source: "HTML targets", path: "index.html", answer: "Here's the page:\n" + fence("html", HTML), expected: HTML },
  {
    name: "aider SEARCH/REPLACE block for the target",
    source: "aider diff edit format",
    path: "utils.py",
    answer: "utils.py\n```python\n<<<<<<< SEARCH\n    return \"-\".join(text.lower().split())\n=======\n    return \"_\".join(text.lower().split())\n>>>>>>> REPLACE\n```\n",
    expected: refuse(/SEARCH\/REPLACE edit, not the whole file; write the whole of utils\.py/),
  },
  {
    name: "aider SEARCH/REPLACE with no fence",
    source: "aider diff edit format (models that drop the fence)",
    path: "utils.py",
    answer: "utils.py\n<<<<<<< SEARCH\ndef slugify(text):\n=======\ndef slugify(text: str) -> str:\n>>>>>>> REPLACE\n",
    expected: refuse(/SEARCH\/REPLACE edit/),
  },
  { name: "merge-conflict markers in the file", source: "models trained on conflicted repos", path: "utils.py", answer: fence("python", "<<<<<<< HEAD\n" + UTILS_PY + "=======\ndef slugify(t):\n    return t\n>>>>>>> feature\n"), expected: refuse(/merge-conflict markers/) },
  {
    name: "a unified diff instead of the file",
    source: "aider udiff format, Codex-style patches",
    path: "utils.py",
    answer: fence("diff", "--- a/utils.py\n+++ b/utils.py\n@@ -1,2 +1,2 @@\n def slugify(text: str) -> str:\n-    return \"-\".join(text.lower().split())\n+    return \"_\".join(text.lower().split())\n"),
    expected: refuse(/a diff, not the whole file/),
  },
  { name: "diff hunks with no ---/+++ header", source: "models that answer with the change only", path: "build.sh", answer: "Here's the change:\n\n" + fence("diff", HUNKS), expected: refuse(/a diff, not the whole file; write the whole of build\.sh/) },
  { name: "diff hunks in an untagged block", source: "models that answer with the change only", path: "build.sh", answer: fence("", HUNKS), expected: refuse(/a diff, not the whole file/) },
  { name: "a ```diff block of +/- lines with no hunk header", source: "models that answer with the change only", path: "build.sh", answer: fence("diff", "-npm install\n+npm ci\n"), expected: refuse(/a diff, not the whole file/) },
  { name: "a patch file written as a diff", source: "tasks that ask for a patch", path: "fix.patch", answer: fence("diff", HUNKS), expected: HUNKS },
  { name: "<file path> with a fence inside", source: "Claude-style file tags", path: "hello.py", answer: `<file path="hello.py">\n${fence("python", HELLO_PY)}\n</file>`, expected: HELLO_PY },
  { name: "<file path> around a file that holds </file> itself", source: "code that parses file tags", path: "src/parse.py", answer: `<file path="src/parse.py">\n${PARSE_PY}</file>\n`, expected: PARSE_PY },
  { name: "<file> tags for two files, the first holding </file> itself", source: "code that parses file tags", path: "src/parse.py", answer: `<file path="src/parse.py">\n${PARSE_PY}</file>\n<file path="main.py">\n${HELLO_PY}</file>\n`, expected: PARSE_PY },
  { name: "<file> tags for two files on one line's end and the next", source: "Claude-style file tags", path: "main.py", answer: `<file path="utils.py">\n${UTILS_PY}</file><file path="main.py">\n${HELLO_PY}</file>\n`, expected: HELLO_PY },
  { name: "Cline/Roo write_to_file tool call", source: "Cline / Roo Code XML tool format", path: "utils.py", answer: `I'll create the file.\n\n<write_to_file>\n<path>utils.py</path>\n<content>\n${UTILS_PY}</content>\n</write_to_file>\n`, expected: UTILS_PY },
  { name: "Cline write_to_file for another file", source: "Cline / Roo Code XML tool format", path: "main.py", answer: `<write_to_file>\n<path>utils.py</path>\n<content>\n${UTILS_PY}</content>\n</write_to_file>\n`, expected: refuse(/the answer is for utils\.py, not main\.py/) },
  { name: "Claude artifact titled with the path", source: "Claude artifacts", path: "hello.py", answer: `<antArtifact identifier="hello" type="application/vnd.ant.code" language="python" title="hello.py">\n${HELLO_PY}</antArtifact>`, expected: HELLO_PY },
  { name: "Qwen <tool_call> writing the file", source: "Qwen2.5-Coder / Qwen3 answering with a tool call as text", path: "utils.py", answer: `<tool_call>\n${toolCall("write_file", { path: "utils.py", content: UTILS_PY })}\n</tool_call>`, expected: UTILS_PY },
  { name: "Qwen <tool_call>s for two files, ours second", source: "Qwen2.5-Coder / Qwen3 answering with tool calls as text", path: "main.py", answer: `<tool_call>\n${toolCall("write_file", { path: "utils.py", content: UTILS_PY })}\n</tool_call>\n<tool_call>\n${toolCall("write_file", { path: "main.py", content: HELLO_PY })}\n</tool_call>`, expected: HELLO_PY },
  { name: "Qwen <tool_call> writing another file", source: "Qwen2.5-Coder / Qwen3 answering with a tool call as text", path: "main.py", answer: `<tool_call>\n${toolCall("write_file", { path: "utils.py", content: UTILS_PY })}\n</tool_call>`, expected: refuse(/the answer is for utils\.py, not main\.py/) },
  { name: "a bare tool call with camel-case filePath", source: "Qwen2.5-Coder in OpenCode (its write tool's arguments)", path: "utils.py", answer: toolCall("write", { filePath: "/home/u/p/utils.py", content: UTILS_PY }), expected: UTILS_PY },
  { name: "a tool call whose arguments are a JSON string", source: "OpenAI-style function call written as text", path: "utils.py", answer: JSON.stringify({ name: "write_file", arguments: JSON.stringify({ path: "utils.py", content: UTILS_PY }) }), expected: UTILS_PY },
  { name: "Qwen3-Coder XML tool call", source: "Qwen3-Coder's tool format, unparsed by the server", path: "utils.py", answer: `<tool_call>\n<function=write_file>\n<parameter=path>\nutils.py\n</parameter>\n<parameter=content>\n${UTILS_PY}</parameter>\n</function>\n</tool_call>`, expected: UTILS_PY },
  { name: "a tool call writing a JSON target", source: "Qwen2.5-Coder answering with a tool call as text", path: "package.json", answer: toolCall("write_file", { path: "package.json", content: PACKAGE_JSON }), expected: PACKAGE_JSON },
  { name: "a path/content object for a JSON target", source: "JSON-mode answers", path: "package.json", answer: fence("json", JSON.stringify({ path: "package.json", content: PACKAGE_JSON })), expected: PACKAGE_JSON },
  { name: "a JSON target whose own keys are content and file", source: "translation files", path: "locales/en.json", answer: fence("json", I18N_JSON), expected: I18N_JSON },
  { name: "a JSON target with a content string among its keys", source: "data files", path: "posts/1.json", answer: fence("json", POST_JSON), expected: POST_JSON },
  { name: "a file that builds a tool call itself", source: "code that calls tools", path: "src/call.ts", answer: fence("ts", CALL_TS), expected: CALL_TS },
  {
    name: "Codex apply_patch edit",
    source: "OpenAI Codex CLI apply_patch format",
    path: "utils.py",
    answer: "*** Begin Patch\n*** Update File: utils.py\n@@\n-    return \"-\".join(text.lower().split())\n+    return \"_\".join(text.lower().split())\n*** End Patch\n",
    expected: refuse(/apply_patch edit, not the whole file/),
  },
  { name: "<think> with a draft, then the answer", source: "DeepSeek-R1 distills, QwQ (no reasoning parser)", path: "hello.py", answer: "<think>\nDraft:\n```python\nprint('hi')\n```\nBetter with a main guard.\n</think>\n\n" + fence("python", HELLO_PY), expected: HELLO_PY },
  { name: "only the closing </think> survives", source: "servers that strip the opening tag", path: "hello.py", answer: "Let me think... a draft:\n```python\nprint('hi')\n```\n</think>\n" + fence("python", HELLO_PY), expected: HELLO_PY },
  { name: "reasoning ends mid-line with </think>", source: "Qwen3 / DeepSeek-R1 served without a reasoning parser", path: "hello.py", answer: "Okay, a main guard is cleaner.</think>\n\n" + fence("python", HELLO_PY), expected: HELLO_PY },
  { name: "a file that handles <think> tags itself", source: "code that post-processes model output", path: "src/strip.ts", answer: "Here's `src/strip.ts`:\n" + fence("ts", STRIP_TS), expected: STRIP_TS },
  { name: "a prompt template holding </think> at a line end", source: "code that builds prompts for reasoning models", path: "tmpl.py", answer: fence("python", TEMPLATE_PY), expected: TEMPLATE_PY },
  { name: "a lone </think> after reasoning, then a file holding </think> itself", source: "servers that strip the opening tag", path: "tmpl.py", answer: "A template constant will do.\n</think>\n\n" + fence("python", TEMPLATE_PY), expected: TEMPLATE_PY },
  { name: "gpt-oss channels, the final message on the marker's line", source: "gpt-oss on servers without a harmony parser (tokens kept)", path: "hello.py", answer: "<|channel|>analysis<|message|>Draft:\n" + fence("python", DRAFT_PY) + "\nDrop the debug print." + HARMONY_FINAL + fence("python", HELLO_PY) + "<|return|>", expected: HELLO_PY },
  { name: "gpt-oss channels, the final message on its own lines", source: "gpt-oss on servers without a harmony parser (tokens kept)", path: "hello.py", answer: "<|channel|>analysis<|message|>Draft:\n" + fence("python", DRAFT_PY) + "\nDrop it." + HARMONY_FINAL + "\n" + fence("python", HELLO_PY) + "\n", expected: HELLO_PY },
  { name: "gpt-oss channels with their tokens dropped", source: "gpt-oss on llama-server (special tokens not printed)", path: "hello.py", answer: "analysisDraft:\n" + fence("python", DRAFT_PY) + "\nDrop it.assistantfinal" + fence("python", HELLO_PY), expected: HELLO_PY },
  { name: "gpt-oss analysis that never reaches the final channel", source: "gpt-oss on servers without a harmony parser", path: "hello.py", answer: "<|channel|>analysis<|message|>Draft:\n" + fence("python", HELLO_PY) + "\nNow the final", expected: refuse(/only reasoning/) },
  { name: "a file that holds harmony markers itself", source: "code that parses gpt-oss output", path: "src/harmony.ts", answer: "Here's `src/harmony.ts`:\n" + fence("ts", HARMONY_TS), expected: HARMONY_TS },
  { name: "<think> never closes", source: "reasoning models cut by the server", path: "hello.py", answer: "<think>\nI could write\n```python\nprint('hi')\n```\n", expected: refuse(/only reasoning/) },
];
