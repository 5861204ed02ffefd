// Answers that small local models really give when asked for one file. Each entry names the target
// file, the raw answer text (what arrives in `message.content`), and the file a correct extractor
// should write — or `null` when the only right move is to refuse.
//
// Conventions the `expected` values follow (the extractor has to match them, or these change):
// - expected content is LF-only and ends in exactly one newline;
// - a first-line comment that merely names the target path is metadata, not file content, and is dropped;
// - code that names another file is refused (null); so is a fence that never closes, unless the answer
//   ended normally (finish_reason "stop") and nothing inside the block starts another one.

export interface MessyAnswer {
  name: string;
  /** The file the task asked for. */
  path: string;
  /** The assistant message exactly as the model sent it. */
  content: string;
  /** What a correct extractor writes; null when it must refuse. */
  expected: string | null;
  /** Script the fake server with this, when the behaviour comes with a cut-off. */
  finishReason?: "stop" | "length";
}

export const SLUGIFY_PATH = "src/utils/slugify.ts";

// String.raw keeps the regex escapes as the model typed them.
export const SLUGIFY_TS = String.raw`export function slugify(input: string): string {
  return input
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
`;

const fence = (tag: string, body: string): string => "```" + tag + "\n" + body + "```";

// Instruction-tuned chat models open with a pleasantry and close with an offer of more help.
export const CHATTER_AROUND: MessyAnswer = {
  name: "chatter-around",
  path: SLUGIFY_PATH,
  content:
    "Sure! Here's a clean implementation of `slugify` that strips accents and collapses separators:\n\n" +
    fence("typescript", SLUGIFY_TS) +
    "\n\nThis handles Unicode input like `\"Crème Brûlée\"` → `\"creme-brulee\"`. Let me know if you'd like tests too!\n",
  expected: SLUGIFY_TS,
};

// Qwen/DeepSeek coders often show the signature first, then the file, then a usage example.
export const SEVERAL_FENCES: MessyAnswer = {
  name: "several-fences",
  path: SLUGIFY_PATH,
  content:
    "The function has this signature:\n\n" +
    fence("ts", "function slugify(input: string): string\n") +
    "\n\nHere is the complete file `src/utils/slugify.ts`:\n\n" +
    fence("ts", SLUGIFY_TS) +
    "\n\nExample usage:\n\n" +
    fence("ts", 'import { slugify } from "./slugify";\n\nconsole.log(slugify("Hello, World!")); // "hello-world"\n') +
    "\n",
  expected: SLUGIFY_TS,
};

// Small models that were mostly trained on Python label any code block "python".
export const WRONG_LANGUAGE_TAG: MessyAnswer = {
  name: "wrong-language-tag",
  path: SLUGIFY_PATH,
  content: "Here is the code:\n\n" + fence("python", SLUGIFY_TS) + "\n",
  expected: SLUGIFY_TS,
};

// Base and lightly tuned models often open a bare fence.
export const NO_LANGUAGE_TAG: MessyAnswer = {
  name: "no-language-tag",
  path: SLUGIFY_PATH,
  content: fence("", SLUGIFY_TS) + "\n",
  expected: SLUGIFY_TS,
};

// Models copy the "file: path" framing of the prompt into the code as a comment.
export const PATH_COMMENT_FIRST_LINE: MessyAnswer = {
  name: "path-comment-first-line",
  path: SLUGIFY_PATH,
  content: fence("ts", "// src/utils/slugify.ts\n" + SLUGIFY_TS) + "\n",
  expected: SLUGIFY_TS,
};

// Reasoning models served without a reasoning parser (Ollama raw, llama.cpp --reasoning-format none,
// LM Studio with the separate-reasoning setting off) put their thinking inline, drafts and all.
export const THINK_BEFORE_ANSWER: MessyAnswer = {
  name: "think-before-answer",
  path: SLUGIFY_PATH,
  content:
    "<think>\nThe user wants a slugify function. A first draft:\n\n" +
    fence("js", "function slugify(s) { return s.toLowerCase().split(' ').join('-') }\n") +
    "\n\nBut that keeps punctuation and accents. Better to normalize to NFKD and strip combining marks.\n</think>\n\n" +
    fence("ts", SLUGIFY_TS) +
    "\n",
  expected: SLUGIFY_TS,
};

// Asked for JSON output, models comply and then keep talking after the closing brace.
export const JSON_THEN_TRAILING_TEXT: MessyAnswer = {
  name: "json-then-trailing-text",
  path: SLUGIFY_PATH,
  content:
    JSON.stringify({ path: SLUGIFY_PATH, content: SLUGIFY_TS }) +
    "\n\nThe function lowercases the input and replaces runs of non-alphanumerics with a dash.",
  expected: SLUGIFY_TS,
};

// The same JSON, but wrapped in a ```json fence out of habit.
export const JSON_IN_FENCE: MessyAnswer = {
  name: "json-in-fence",
  path: SLUGIFY_PATH,
  content: fence("json", JSON.stringify({ path: SLUGIFY_PATH, content: SLUGIFY_TS }, null, 2) + "\n") + "\n",
  expected: SLUGIFY_TS,
};

// With several context files in the prompt, small models sometimes rewrite one of those instead.
export const CODE_FOR_WRONG_FILE: MessyAnswer = {
  name: "code-for-wrong-file",
  path: SLUGIFY_PATH,
  content:
    "Here's the updated file:\n\n" +
    fence(
      "ts",
      "// src/utils/format-date.ts\nexport function formatDate(d: Date): string {\n  return d.toISOString().slice(0, 10);\n}\n",
    ) +
    "\n",
  expected: null,
};

// Told "output only the code", many models do exactly that: no fence at all.
export const BARE_CODE: MessyAnswer = {
  name: "bare-code",
  path: SLUGIFY_PATH,
  content: SLUGIFY_TS,
  expected: SLUGIFY_TS,
};

// max_tokens ran out mid-file: the fence never closes and finish_reason is "length".
export const TRUNCATED_UNCLOSED_FENCE: MessyAnswer = {
  name: "truncated-unclosed-fence",
  path: SLUGIFY_PATH,
  content: "```ts\n" + SLUGIFY_TS.slice(0, SLUGIFY_TS.indexOf(".toLowerCase()")) + ".toLow",
  expected: null,
  finishReason: "length",
};

// Models trained on agent transcripts (and prompts that show XML examples) wrap the file in a tag.
export const FILE_TAG: MessyAnswer = {
  name: "file-tag",
  path: SLUGIFY_PATH,
  content: `I'll create the file now.\n\n<file path="${SLUGIFY_PATH}">\n${SLUGIFY_TS}</file>\n`,
  expected: SLUGIFY_TS,
};

const SLUGIFY_DOC = [
  "# slugify",
  "",
  "Turns any title into a URL-safe slug.",
  "",
  "```ts",
  'import { slugify } from "../src/utils/slugify";',
  "",
  'slugify("Crème Brûlée, 2nd Edition"); // "creme-brulee-2nd-edition"',
  "```",
  "",
  "Accents are stripped; runs of other characters become one dash.",
  "",
].join("\n");

// Asked for a Markdown file that itself contains a code block, careful models use a four-backtick
// outer fence so the inner ``` does not close it. A naive ```-matcher cuts the doc in half.
export const FOUR_BACKTICK_MARKDOWN: MessyAnswer = {
  name: "four-backtick-markdown",
  path: "docs/slugify.md",
  content: "Here is the documentation page:\n\n````markdown\n" + SLUGIFY_DOC + "````\n",
  expected: SLUGIFY_DOC,
};

// Models fine-tuned on Windows-heavy data, or served through some Windows front-ends, answer in CRLF.
export const CRLF_LINE_ENDINGS: MessyAnswer = {
  name: "crlf-line-endings",
  path: SLUGIFY_PATH,
  content: ("Here you go:\n\n" + fence("ts", SLUGIFY_TS) + "\n").replace(/\n/g, "\r\n"),
  expected: SLUGIFY_TS,
};

export const MESSY_ANSWERS: readonly MessyAnswer[] = [
  CHATTER_AROUND,
  SEVERAL_FENCES,
  WRONG_LANGUAGE_TAG,
  NO_LANGUAGE_TAG,
  PATH_COMMENT_FIRST_LINE,
  THINK_BEFORE_ANSWER,
  JSON_THEN_TRAILING_TEXT,
  JSON_IN_FENCE,
  CODE_FOR_WRONG_FILE,
  BARE_CODE,
  TRUNCATED_UNCLOSED_FENCE,
  FILE_TAG,
  FOUR_BACKTICK_MARKDOWN,
  CRLF_LINE_ENDINGS,
];
