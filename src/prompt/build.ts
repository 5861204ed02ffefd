import type { TaskKind } from "../spec/schema.js";
import { testConvention } from "../lang/conventions.js";
import { fenceTagsFor, languageInfo } from "../lang/languages.js";
import { render } from "./render.js";
import { outline } from "../lang/outline.js";
import { estimateTokens } from "./tokens.js";
import codeTemplate from "./templates/code.md?raw";
import docTemplate from "./templates/doc.md?raw";
import refactorTemplate from "./templates/refactor.md?raw";
import retryTemplate from "./templates/retry.md?raw";
import systemTemplate from "./templates/system.md?raw";
import testTemplate from "./templates/test.md?raw";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ContextFile {
  rel: string;
  language: string;
  text: string;
}

export interface PromptInput {
  kind: TaskKind;
  description: string;
  outputFile: string;
  language: string;
  constraints: string[];
  rename?: { from: string; to: string } | undefined;
  /** The output file's current content, or null when it does not exist yet. */
  existing: string | null;
  context: ContextFile[];
  /** Estimated tokens allowed for context files. */
  budget: number;
}

export interface Prompt {
  messages: ChatMessage[];
  /** What the prompt had to leave out or shorten, said to the model and recorded for the user. */
  notes: string[];
  estimatedTokens: number;
}

const TEMPLATES: Record<TaskKind, string> = { code: codeTemplate, test: testTemplate, refactor: refactorTemplate, doc: docTemplate };

export function fenceTag(language: string): string {
  return fenceTagsFor(language)[0] ?? "text";
}

/**
 * The fence to ask for: a Markdown file holds ``` blocks of its own, which a ``` fence around it
 * would close early, so it is asked for inside ```` (CommonMark: an inner fence must be shorter).
 */
export function fenceFor(language: string): string {
  return language === "markdown" ? "````" : "```";
}

/**
 * The messages for a first attempt. Pure: every file's text is passed in. Async only because a
 * context file over the budget is outlined with its language's parser, loaded on first use.
 */
export async function buildPrompt(input: PromptInput): Promise<Prompt> {
  const tag = fenceTag(input.language);
  const notes: string[] = [];
  // A refactor's own file is the subject, not context: it is never cut.
  const existingInline = input.kind === "refactor" ? input.existing ?? "" : null;
  // When a code, test or doc task rewrites an existing file, that file goes first in the context.
  const rewrites = input.existing !== null && input.kind !== "refactor";
  const context =
    rewrites && input.existing !== null
      ? [{ rel: input.outputFile, language: input.language, text: input.existing }, ...input.context.filter((c) => c.rel !== input.outputFile)]
      : input.context;
  const ctx = await renderContext(context, input.budget, notes, rewrites);

  const existingNote =
    input.existing === null
      ? "This file does not exist yet."
      : input.kind === "refactor"
        ? "The current file is shown below."
        : `This file exists; its current content is in the context as ${input.outputFile}. Write the complete new version.`;

  const user = render(TEMPLATES[input.kind], {
    DESCRIPTION: input.description.trim(),
    OUTPUT_FILE: input.outputFile,
    LANGUAGE: input.language,
    FENCE_TAG: tag,
    FENCE: fenceFor(input.language),
    EXISTING_NOTE: existingNote,
    CONSTRAINTS: input.constraints.length ? `\n<constraints>\n${input.constraints.map((c) => `- ${c}`).join("\n")}\n</constraints>\n` : "",
    CONTEXT: ctx,
    CURRENT_FILE: existingInline ?? "",
    TEST_CONVENTION: testConvention(input.language) ?? `the usual test framework of ${languageInfo(input.language)?.name ?? input.language}`,
    RENAME: input.rename
      ? `\nRename the exported symbol \`${input.rename.from}\` to \`${input.rename.to}\` everywhere in this file (declaration and every use). Other files are updated for you.\n`
      : "",
  });
  const system = render(systemTemplate, { OUTPUT_FILE: input.outputFile, FENCE_TAG: tag });
  const messages: ChatMessage[] = [
    { role: "system", content: system.trim() },
    { role: "user", content: squeezeBlankLines(user).trim() },
  ];
  return { messages, notes, estimatedTokens: messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0) };
}

/** The messages for a retry: the first exchange, then the failure, so the model sees its own answer. */
export function buildRetry(first: Prompt, previousAnswer: string, problem: string, errors: string, outputFile: string, language: string): Prompt {
  const retry = render(retryTemplate, {
    OUTPUT_FILE: outputFile,
    PROBLEM: problem,
    ERRORS: errors.trim() || "(no output)",
    FENCE_TAG: fenceTag(language),
    FENCE: fenceFor(language),
  });
  const messages: ChatMessage[] = [
    ...first.messages,
    { role: "assistant", content: previousAnswer },
    { role: "user", content: retry.trim() },
  ];
  return { messages, notes: first.notes, estimatedTokens: messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0) };
}

/**
 * Context files go in whole while they fit the budget. A file that does not fit is reduced to its
 * outline (exports, signatures, doc comments) rather than cut mid-way, and the prompt says so, so
 * the model knows the bodies exist and does not rewrite them.
 */
async function renderContext(files: ContextFile[], budget: number, notes: string[], firstIsSubject = false): Promise<string> {
  if (!files.length) return "";
  let left = budget;
  const blocks: string[] = [];
  for (const [i, f] of files.entries()) {
    const whole = estimateTokens(f.text);
    // The file being rewritten is the subject, not context: shown only its signatures, a model
    // would write it back without its bodies. It goes in whole; the fit check refuses a prompt
    // that then cannot fit the loaded context.
    if (whole <= left || (firstIsSubject && i === 0)) {
      blocks.push(fileBlock(f.rel, f.text, ""));
      left = Math.max(0, left - whole);
      continue;
    }
    // With the budget spent, parsing a large file for its outline only costs time (seconds for
    // megabytes of code): it is left out.
    if (left < 50) {
      notes.push(`${f.rel}: left out, the context budget was used up`);
      continue;
    }
    const sig = await outline(f.text, f.language);
    if (sig !== null && estimateTokens(sig) <= left) {
      blocks.push(fileBlock(f.rel, sig, ' shown="signatures only"'));
      left -= estimateTokens(sig);
      notes.push(`${f.rel}: over the context budget, only its signatures and doc comments were sent`);
      continue;
    }
    const head = headThatFits(f.text, left);
    if (head) {
      blocks.push(fileBlock(f.rel, head, ' shown="first lines only"'));
      left -= estimateTokens(head);
      notes.push(`${f.rel}: over the context budget, only its first lines were sent`);
    } else {
      notes.push(`${f.rel}: left out, the context budget was used up`);
    }
  }
  const trimmed = notes.length
    ? "\nSome context files were shortened to fit: where a file says shown=\"signatures only\", its function bodies exist but are not shown. Use its names and types as given.\n"
    : "";
  return `\n<context>\n${blocks.join("\n")}\n</context>\n${trimmed}`;
}

function fileBlock(rel: string, text: string, attr: string): string {
  return `<file path="${rel}"${attr}>\n${text.replace(/\s+$/, "")}\n</file>`;
}

function headThatFits(text: string, tokens: number): string {
  if (tokens < 50) return "";
  const lines = text.split("\n");
  let out = "";
  for (const line of lines) {
    if (estimateTokens(out + line + "\n") > tokens - 10) break;
    out += `${line}\n`;
  }
  return out ? `${out}/* … (cut) */` : "";
}

function squeezeBlankLines(s: string): string {
  return s.replace(/\n{3,}/g, "\n\n");
}
