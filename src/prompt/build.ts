import type { TaskKind } from "../spec/schema.js";
import { testConvention } from "../lang/conventions.js";
import { fenceTagsFor, languageInfo } from "../lang/languages.js";
import { fileBlock, tagFor } from "./blocks.js";
import { fitFile, shortenedNote, type ContextFile, type Fit } from "./fit-file.js";
import { render } from "./render.js";
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

export type { ContextFile } from "./fit-file.js";

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
  /**
   * Context files other tasks of the same plan also read, in the order all of them list those
   * first, so that their prompts begin alike. Files not named here follow in the task's order.
   */
  shared?: readonly string[] | undefined;
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
 *
 * Laid out so that prompts share their beginning, which a server that caches the prompt's prefix
 * (llama.cpp, LM Studio) then processes once: a system prompt that names no task, then the context
 * files (those other tasks of the plan also read first, in the plan's order), and the task itself
 * last. A retry appends to this prompt, never changes it (`buildRetry`).
 */
export async function buildPrompt(input: PromptInput): Promise<Prompt> {
  const tag = fenceTag(input.language);
  const notes: string[] = [];
  const { files, listed, subject } = orderContext(input);
  const ctx = await renderContext(files, listed, subject, input.budget, notes);

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
    // Marked here, filled in after the template's blank runs are closed: the files go in as they are.
    CONTEXT: VERBATIM.CONTEXT,
    CURRENT_FILE: VERBATIM.CURRENT_FILE,
    CURRENT_TAG: tagFor("current_file", input.kind === "refactor" ? (input.existing ?? "") : ""),
    TEST_CONVENTION: testConvention(input.language) ?? `the usual test framework of ${languageInfo(input.language)?.name ?? input.language}`,
    RENAME: input.rename
      ? `\nRename the exported symbol \`${input.rename.from}\` to \`${input.rename.to}\` everywhere in this file (declaration and every use). Other files are updated for you.\n`
      : "",
  });
  const messages: ChatMessage[] = [
    { role: "system", content: SYSTEM },
    // A refactor's own file is the subject, not context: it is never cut.
    { role: "user", content: fillVerbatim(squeezeBlankLines(user), { CONTEXT: ctx, CURRENT_FILE: input.kind === "refactor" ? (input.existing ?? "") : "" }).trim() },
  ];
  return { messages, notes, estimatedTokens: messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0) };
}

/** The same for every task, so that every prompt begins alike. */
const SYSTEM = systemTemplate.trim();

/**
 * The context files in prompt order: those shared with other tasks of the plan, in the plan's
 * order; then the task's own, as listed; and, when a code, test or doc task rewrites an existing
 * file, that file (the subject) last, nearest the task and apart from what other tasks share.
 */
function orderContext(input: PromptInput): { files: ContextFile[]; listed: ContextFile[]; subject: ContextFile | null } {
  const rewrites = input.existing !== null && input.kind !== "refactor";
  const subject = rewrites ? { rel: input.outputFile, language: input.language, text: input.existing ?? "" } : null;
  // The file being rewritten is shown whole on its own (last, or as a refactor's current file):
  // listed as context too, it would be shown twice, cut, with budget the other files needed.
  const listed = input.existing !== null ? input.context.filter((c) => c.rel !== input.outputFile) : input.context;
  const rank = new Map((input.shared ?? []).map((rel, i) => [rel, i]));
  const shared = listed.filter((c) => rank.has(c.rel)).sort((a, b) => rank.get(a.rel)! - rank.get(b.rel)!);
  return { files: [...shared, ...listed.filter((c) => !rank.has(c.rel))], listed, subject };
}

/** The messages for a retry: the first exchange, then the failure, so the model sees its own answer. */
export function buildRetry(first: Prompt, previousAnswer: string, problem: string, errors: string, outputFile: string, language: string): Prompt {
  const shown = wellFormed(errors.trim()) || "(no output)";
  const retry = render(retryTemplate, {
    OUTPUT_FILE: outputFile,
    PROBLEM: problem,
    ERRORS: shown,
    // Test output may print `</errors>` itself (a test of a prompt, of a tag parser): the block
    // must not seem to end there and the rest pass for the instructions.
    ERRORS_TAG: tagFor("errors", shown),
    FENCE_TAG: fenceTag(language),
    FENCE: fenceFor(language),
  });
  const messages: ChatMessage[] = [
    ...first.messages,
    { role: "assistant", content: wellFormed(previousAnswer) },
    { role: "user", content: retry.trim() },
  ];
  return { messages, notes: first.notes, estimatedTokens: messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0) };
}

/**
 * The text with any half of a surrogate pair made U+FFFD. What a retry shows was cut to a length
 * (the answer at 16 000 characters, a test's output line at 300) wherever an emoji fell: sent
 * alone, its half is JSON that llama-server's parser refuses and a string vLLM cannot encode, and
 * the retry ended on a server error instead of being answered.
 */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/**
 * Context files go in whole while they fit the budget. A file that does not fit is reduced to its
 * outline (exports, signatures, doc comments) rather than cut mid-way, and the prompt says so, so
 * the model knows the bodies exist and does not rewrite them. The file being rewritten (`subject`)
 * always goes in whole, last, and is counted first: shown only its signatures, a model would write
 * it back without its bodies (the fit check refuses a prompt that then cannot fit the context).
 */
async function renderContext(files: ContextFile[], listed: ContextFile[], subject: ContextFile | null, budget: number, notes: string[]): Promise<string> {
  if (!files.length && !subject) return "";
  let left = Math.max(0, budget - (subject ? estimateTokens(subject.text) : 0));
  // The budget goes in the task's own order (its first files matter most), whatever order the
  // prompt then lists them in: sharing a prefix with other tasks must not change which file is cut.
  const shown = new Map<ContextFile, string>();
  const cuts = new Set<Fit["how"]>();
  const leftOut: string[] = [];
  for (const f of listed) {
    const fit = await fitFile(f, left, notes);
    if (fit.block) shown.set(f, fit.block);
    else leftOut.push(f.rel);
    cuts.add(fit.how);
    left -= fit.tokens;
  }
  const blocks = files.flatMap((f) => (shown.has(f) ? [shown.get(f)!] : []));
  if (subject) blocks.push(fileBlock(subject.rel, subject.text, ""));
  return `<context>\n${blocks.join("\n")}\n</context>\n${shortenedNote(cuts, leftOut)}`;
}

/**
 * Stand-ins for the values that hold file text while the rendered template is squeezed: a run of
 * blank lines in a file is part of it (PEP 8's two blank lines, a string literal), and a model
 * shown one blank line where the file has two writes the file back changed. NUL never occurs in a
 * template, and the fill is one pass, so text inside a file is never taken for a stand-in.
 */
const VERBATIM = { CONTEXT: "\u0000CONTEXT\u0000", CURRENT_FILE: "\u0000CURRENT_FILE\u0000" } as const;

function fillVerbatim(text: string, files: Record<keyof typeof VERBATIM, string>): string {
  return text.replace(/\u0000(CONTEXT|CURRENT_FILE)\u0000/g, (_, name: keyof typeof VERBATIM) => files[name]);
}

function squeezeBlankLines(s: string): string {
  return s.replace(/\n{3,}/g, "\n\n");
}
