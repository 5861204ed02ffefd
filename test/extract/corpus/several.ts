import { APP_TS, MAIN_PY, SLUG_TS, TEST_UTILS_PY, UTILS_PY, fence, refuse, type CorpusCase } from "./fixtures.js";

// Answers that hold several files, or several versions of one: models asked for one file often
// volunteer the module it imports, its tests, or a second "improved" version.

const twoFiles = (intro1: string, intro2: string) => `${intro1}\n${fence("python", UTILS_PY)}\n\n${intro2}\n${fence("python", MAIN_PY)}\n`;
const V2 = UTILS_PY.replace('"-".join', '"_".join');
// A model that corrects itself in a second, unnamed block: the second version is the fix.
const BUGGY = "def mean(xs):\n    xs.sort()\n    return sum(xs) / len(xs)\n";
const corrected = (first: string, second: string) => fence("python", first) + "\n\nWait, that's wrong. Here's the corrected version:\n\n" + fence("python", second) + "\n";
const TWO_VERSIONS = /2 different code blocks that could each be .*; answer with exactly one block holding the whole file/;
const STACK_REST = "    def peek(self):\n        return self.items[-1]\n\n    def __len__(self):\n        return len(self.items)\n";
const CLASS_PY = "class Stack:\n    def __init__(self):\n        self.items = []\n\n    def push(self, x):\n        self.items.append(x)\n\n    def pop(self):\n        return self.items.pop()\n";

export const SEVERAL_CASES: CorpusCase[] = [
  { name: "two named files, target second", source: "aider whole-file format", path: "main.py", answer: twoFiles("utils.py", "main.py"), expected: MAIN_PY },
  { name: "two named files, target first", source: "aider whole-file format", path: "utils.py", answer: twoFiles("utils.py", "main.py"), expected: UTILS_PY },
  { name: "headings name three files", source: "GPT-4o project answers", path: "tests/test_utils.py", answer: `## utils.py\n${fence("python", UTILS_PY)}\n## main.py\n${fence("python", MAIN_PY)}\n## tests/test_utils.py\n${fence("python", TEST_UTILS_PY)}\n`, expected: TEST_UTILS_PY },
  { name: "named files, none of them the target", source: "chat models", path: "app.py", answer: twoFiles("**utils.py**", "**main.py**"), expected: refuse(/the answer is for utils\.py, main\.py, not app\.py/) },
  {
    name: "another file named, ours plainly in our language and unnamed",
    source: "Qwen2.5-Coder (helper first, then 'and the main file')",
    path: "src/app.ts",
    answer: "First, the helper `src/slugify.ts`:\n" + fence("ts", SLUG_TS) + "\n\nAnd the app module that uses it:\n" + fence("ts", APP_TS),
    expected: APP_TS,
  },
  {
    name: "another file named, the unnamed block introduced as something else",
    source: "chat models",
    path: "src/app.ts",
    answer: "`src/slugify.ts`:\n" + fence("ts", SLUG_TS) + "\n\nAnd a helper for it:\n" + fence("ts", APP_TS),
    expected: refuse(/the answer names src\/slugify\.ts but not src\/app\.ts; put src\/app\.ts in one block under its name/),
  },
  {
    name: "another file named, the unnamed block untagged",
    source: "Llama 3 instruct",
    path: "hello.py",
    answer: "`foo.js`:\n" + fence("js", "export const foo = 1;\n") + "\n\nThen:\n" + fence("", "node foo.js\n"),
    expected: refuse(/the answer is for foo\.js, not hello\.py/),
  },
  {
    name: "another file named, then a shell block",
    source: "chat models",
    path: "hello.py",
    answer: "`foo.js`:\n" + fence("js", "export const foo = 1;\n") + "\n\n" + fence("bash", "node foo.js\n"),
    expected: refuse(/the answer is for foo\.js, not hello\.py/),
  },
  {
    name: "another file named, two unnamed blocks in our language",
    source: "chat models",
    path: "main.py",
    answer: "utils.py\n" + fence("python", UTILS_PY) + "\n\nOne way:\n" + fence("python", MAIN_PY) + "\n\nAnother way:\n" + fence("python", MAIN_PY.replace("print", "return")),
    expected: refuse(/the answer names utils\.py but not main\.py; put main\.py in one block under its name/),
  },
  { name: "an unnamed corrected version that drops a line", source: "models that self-correct mid-answer", path: "stats.py", answer: corrected(BUGGY, "def mean(xs):\n    return sum(xs) / len(xs)\n"), expected: refuse(TWO_VERSIONS) },
  { name: "an unnamed corrected version that shortens a line", source: "models that self-correct mid-answer", path: "keys.py", answer: corrected("def key(name):\n    return name.strip().lower()\n", "def key(name):\n    return name.strip()\n"), expected: refuse(TWO_VERSIONS) },
  { name: "a named first version, then an unnamed corrected one", source: "models that self-correct mid-answer", path: "stats.py", answer: "**stats.py**\n" + corrected(BUGGY, "def mean(xs):\n    return sum(sorted(xs)) / len(xs)\n"), expected: refuse(/gives stats\.py and then another version of it/) },
  { name: "a first version named by its path comment, then an unnamed corrected one", source: "models that self-correct mid-answer", path: "stats.py", answer: corrected("# stats.py\n" + BUGGY, "def mean(xs):\n    return sum(xs) / len(xs)\n"), expected: refuse(/gives stats\.py and then another version of it/) },
  { name: "an unnamed draft, then the named final version", source: "models that self-correct mid-answer", path: "stats.py", answer: fence("python", BUGGY) + "\n\nNo, the final stats.py:\n" + fence("python", "def mean(xs):\n    return sum(xs) / len(xs)\n"), expected: "def mean(xs):\n    return sum(xs) / len(xs)\n" },
  { name: "a named file, then the top of it again as the key change", source: "chat models explaining a change", path: "utils.py", answer: "**utils.py**\n" + fence("python", CLASS_PY) + "\n\nThe key change is in the constructor:\n" + fence("python", "class Stack:\n    def __init__(self):\n        self.items = []\n"), expected: CLASS_PY },
  { name: "a named file, then code that calls it", source: "chat models", path: "utils.py", answer: "**utils.py**\n" + fence("python", UTILS_PY) + "\n\nThen:\n" + fence("python", "from utils import slugify\n\nprint(slugify(\"Hello World\"))\n"), expected: UTILS_PY },
  { name: "a named first part, then the rest of the file in a second block", source: "Llama 3 and DeepSeek-Coder splitting a long file", path: "stack.py", answer: "**stack.py**\n" + fence("python", CLASS_PY) + "\n\nContinuing with the rest of the class:\n" + fence("python", STACK_REST), expected: refuse(/splits stack\.py over several blocks/) },
  { name: "an unnamed first part, then the named continuation", source: "Llama 3 splitting a long file", path: "stack.py", answer: "Here is the code:\n" + fence("python", CLASS_PY) + "\n\n**stack.py (continued)**\n" + fence("python", STACK_REST), expected: refuse(/splits stack\.py over several blocks/) },
  { name: "the file, then a line to add at the bottom", source: "chat models adding to their own answer", path: "utils.py", answer: fence("python", UTILS_PY) + "\n\nAlso add at the bottom:\n" + fence("python", "SEP = \"-\"\n"), expected: refuse(/splits utils\.py over several blocks/) },
  { name: "a named file, then code to add at the end of the app", source: "chat models", path: "utils.py", answer: "**utils.py**\n" + fence("python", UTILS_PY) + "\n\nThen add this at the end of your app:\n" + fence("python", MAIN_PY), expected: UTILS_PY },
  { name: "a named file, then code that calls it from the rest of the app", source: "chat models", path: "utils.py", answer: "**utils.py**\n" + fence("python", UTILS_PY) + "\n\nThen call it from the rest of your app:\n" + fence("python", MAIN_PY), expected: UTILS_PY },
  { name: "an unnamed corrected version that drops the first line", source: "models that drop an unused import", path: "stats.py", answer: corrected("import os\n" + BUGGY, BUGGY), expected: refuse(TWO_VERSIONS) },
  { name: "the file, then an excerpt of whole lines from inside it", source: "models pointing at the key lines", path: "stack.py", answer: fence("python", CLASS_PY) + "\n\nThe key part is:\n" + fence("python", "    def push(self, x):\n        self.items.append(x)\n"), expected: CLASS_PY },
  {
    name: "two different versions of the target",
    source: "models that self-correct mid-answer",
    path: "utils.py",
    answer: "Here's `utils.py`:\n" + fence("python", UTILS_PY) + "\n\nWait, slugs should use underscores. Here's the fixed `utils.py`:\n" + fence("python", V2),
    expected: refuse(/the answer holds 2 different blocks for utils\.py; answer with exactly one/),
  },
  { name: "the same version of the target twice", source: "models that repeat themselves", path: "utils.py", answer: "utils.py\n" + fence("python", UTILS_PY) + "\n\nFinal `utils.py`:\n" + fence("python", UTILS_PY), expected: UTILS_PY },
  {
    name: "the file, then tests for it",
    source: "DeepSeek-Coder (volunteers tests)",
    path: "utils.py",
    answer: "Here is `utils.py`:\n" + fence("python", UTILS_PY) + "\n\nAnd here are some tests for `utils.py`:\n" + fence("python", TEST_UTILS_PY),
    expected: UTILS_PY,
  },
  { name: "tests for the module, the target being the tests", source: "chat models", path: "tests/test_utils.py", answer: "Here are the tests for `utils.py`:\n\n" + fence("python", TEST_UTILS_PY), expected: TEST_UTILS_PY },
  { name: "only tests for the module, the target being the module", source: "chat models", path: "utils.py", answer: "Here are the tests for `utils.py`:\n\n" + fence("python", TEST_UTILS_PY), expected: refuse(/the answer is for tests of utils\.py, not utils\.py/) },
  {
    name: "module first, then its tests, target the tests",
    source: "chat models",
    path: "tests/test_utils.py",
    answer: "`utils.py`:\n" + fence("python", UTILS_PY) + "\n\nAnd the tests for `utils.py`:\n" + fence("python", TEST_UTILS_PY),
    expected: TEST_UTILS_PY,
  },
  { name: "<file> tags for two files", source: "Claude-style file tags", path: "main.py", answer: `<file path="utils.py">\n${UTILS_PY}</file>\n<file path="main.py">\n${MAIN_PY}</file>\n`, expected: MAIN_PY },
  { name: "<file> tag for another file only", source: "Claude-style file tags", path: "app.py", answer: `<file path="utils.py">\n${UTILS_PY}</file>\n`, expected: refuse(/not app\.py/) },
  {
    name: "first-line path comments name each block",
    source: "OpenAI o-series multi-file answers",
    path: "src/app.ts",
    answer: fence("ts", "// src/slugify.ts\n" + SLUG_TS) + "\n\n" + fence("ts", "// src/app.ts\n" + APP_TS),
    expected: APP_TS,
  },
  { name: "one block holding two files under path comments, target first", source: "chat models pasting a project into one fence", path: "utils.py", answer: "Here are both files:\n\n" + fence("python", "# utils.py\n" + UTILS_PY + "\n# main.py\n" + MAIN_PY), expected: refuse(/one block is labelled both utils\.py and main\.py/) },
  { name: "one block holding two files under path comments, target second", source: "chat models pasting a project into one fence", path: "main.py", answer: fence("python", "# utils.py\n" + UTILS_PY + "\n# main.py\n" + MAIN_PY), expected: refuse(/one block is labelled both utils\.py and main\.py/) },
  { name: "two files under path comments with no fence", source: "models told to output only code", path: "utils.py", answer: "# utils.py\n" + UTILS_PY + "\n# main.py\n" + MAIN_PY, expected: refuse(/one block is labelled both utils\.py and main\.py/) },
  { name: "a block labelled with the target whose comments mention another file in a sentence", source: "chat models", path: "utils.py", answer: fence("python", "# utils.py\n# Used by main.py\n" + UTILS_PY), expected: "# Used by main.py\n" + UTILS_PY },
  { name: "a sentence that mentions two files introduces the only block", source: "chat models", path: "main.py", answer: "`main.py` uses `slugify` from `utils.py`:\n" + fence("python", MAIN_PY), expected: MAIN_PY },
  { name: "JSON object for another file", source: "JSON-mode answers", path: "main.py", answer: JSON.stringify({ path: "utils.py", content: UTILS_PY }), expected: refuse(/the answer is for utils\.py, not main\.py/) },
];
