// Shared pieces of the extraction corpus: the case shape and the files the answers carry.

export interface CorpusCase {
  name: string;
  /** Where the shape comes from: a tool's documented format, a model family's habit, a spec rule. */
  source: string;
  /** The file the task asked for. */
  path: string;
  /** The assistant message as the model sent it. */
  answer: string;
  /** The file written, byte for byte; or the refusal, whose message must match. */
  expected: string | Refusal;
  /** Defaults to "stop". */
  finishReason?: string | null;
}

export interface Refusal {
  refuse: RegExp;
  code?: "EXTRACT_FAILED" | "TRUNCATED";
}

export const refuse = (re: RegExp, code?: Refusal["code"]): Refusal => (code ? { refuse: re, code } : { refuse: re });

/** A fenced block: opening fence with info string, body (ending in a newline), closing fence. */
export const fence = (info: string, body: string, f = "```"): string => `${f}${info}\n${body}${f}`;

export const HELLO_PY = `def main():
    print("Hello, world!")


if __name__ == "__main__":
    main()
`;

export const FOO_JS = `export function foo(a, b) {
  return a + b;
}
`;

export const UTILS_PY = `def slugify(text: str) -> str:
    return "-".join(text.lower().split())
`;

export const MAIN_PY = `from utils import slugify


def run(title: str) -> None:
    print(slugify(title))
`;

export const TEST_UTILS_PY = `from utils import slugify


def test_slugify():
    assert slugify("Hello World") == "hello-world"
`;

export const APP_TS = `import { slugify } from "./slugify";

export function title(input: string): string {
  return slugify(input).toUpperCase();
}
`;

export const SLUG_TS = `export function slugify(input: string): string {
  return input.toLowerCase().replace(/[^a-z0-9]+/g, "-");
}
`;

export const README = `# slugger

Turns titles into URL slugs.

## Install

\`\`\`bash
npm install slugger
\`\`\`

## Use

\`\`\`js
import { slugify } from "slugger";
slugify("Hello World"); // "hello-world"
\`\`\`

MIT licensed.
`;

/** A README whose only inner block is untagged (a directory tree, as models often write it). */
export const README_TREE = `# layout

\`\`\`
src/
  index.ts
\`\`\`

That is all.
`;
