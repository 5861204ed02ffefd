import { outline } from "../lang/outline.js";
import { fileBlock } from "./blocks.js";
import { estimateTokens } from "./tokens.js";

// How much of each context file a prompt shows within the context budget, and what the model is
// told of what it was not shown.

export interface ContextFile {
  rel: string;
  language: string;
  text: string;
}

/**
 * What the model is told of the files it was not shown whole. A file left out is named: told
 * nothing of it (and not to import what it is not shown), a model writes its own copy of it.
 */
export function shortenedNote(cuts: ReadonlySet<Fit["how"]>, leftOut: string[]): string {
  const said: string[] = [];
  if (cuts.has("signatures")) {
    said.push('Some context files were shortened to fit: where a file says shown="signatures only", its function bodies exist but are not shown. Use its names and types as given.');
  }
  if (cuts.has("head")) {
    said.push('Where a file says shown="first lines only", the rest of it exists but is not shown.');
  }
  if (leftOut.length) said.push(`These project files exist but are not shown, for lack of room: ${leftOut.join(", ")}.`);
  return said.length ? `\n${said.join("\n")}\n` : "";
}

/** How a context file went in: whole, as its outline, as its first lines, or left out. */
export interface Fit {
  block: string | null;
  tokens: number;
  how: "whole" | "signatures" | "head" | "out";
}

/** One context file within `left` tokens: whole, else its outline, else its first lines, else left out (said in `notes`). */
export async function fitFile(f: ContextFile, left: number, notes: string[]): Promise<Fit> {
  const whole = estimateTokens(f.text);
  if (whole <= left) return { block: fileBlock(f.rel, f.text, ""), tokens: whole, how: "whole" };
  // With the budget spent, parsing a large file for its outline only costs time (seconds for
  // megabytes of code): it is left out.
  if (left < 50) {
    notes.push(`${f.rel}: left out, the context budget was used up`);
    return { block: null, tokens: 0, how: "out" };
  }
  const sig = await outline(f.text, f.language);
  if (sig !== null && estimateTokens(sig) <= left) {
    notes.push(`${f.rel}: over the context budget, only its signatures and doc comments were sent`);
    return { block: fileBlock(f.rel, sig, ' shown="signatures only"'), tokens: estimateTokens(sig), how: "signatures" };
  }
  const head = headThatFits(f.text, left);
  if (head) {
    notes.push(`${f.rel}: over the context budget, only its first lines were sent`);
    return { block: fileBlock(f.rel, head, ' shown="first lines only"'), tokens: estimateTokens(head), how: "head" };
  }
  notes.push(`${f.rel}: left out, the context budget was used up`);
  return { block: null, tokens: 0, how: "out" };
}

function headThatFits(text: string, tokens: number): string {
  if (tokens < 50) return "";
  const lines = text.split("\n");
  let out = "";
  // Counted line by line: re-counting the whole head for each line would be quadratic.
  let used = 0;
  for (const line of lines) {
    used += estimateTokens(`${line}\n`);
    if (used > tokens - 10) break;
    out += `${line}\n`;
  }
  return out ? `${out}/* … (cut) */` : "";
}

