import { readFileSync } from "node:fs";
import { countLines } from "../util/lines.js";
import type { FileChange } from "./event.js";
import { preToolUseTarget, type ToolCall } from "./target.js";

// What a Write or an Edit leaves in the file, worked out before the judging is loaded: most tool
// calls are small Edits, Claude's own fixes and integration, and for those the hook reads one file
// and stops, never parsing the classifier (dist/hook-write.cjs) nor reading the config or ledger.

/** A tool call worth judging: a file in the project and the whole text it will hold. */
export interface WriteCall {
  /** The file's path from the project root, with `/`. */
  rel: string;
  written: string;
}

export type ReadFile = (abs: string) => string | null;

/** The call's file and written text, or null for a call the hook lets through unjudged; `cwd` is the session's folder. */
export function writeCall(input: ToolCall, root: string, readFile: ReadFile = readTextOrNull, cwd?: string): WriteCall | null {
  const target = preToolUseTarget(input, root, cwd);
  if (!target) return null;
  const written = writtenContent(target.change, readFile);
  return written === null ? null : { rel: target.rel, written };
}

/** The file content a Write or Edit leaves, when it creates or rewrites most of the file. */
function writtenContent(change: FileChange, readFile: ReadFile): string | null {
  if (change.edits === undefined) return change.content;
  const current = readFile(change.path);
  // Claude Code fills an existing empty (or blank) file from an Edit of "" as it creates a new one.
  if (current === null || !current.trim()) return change.edits.map((e) => e.new_string).join("\n");
  // Claude Code edits a CRLF file as LF text and writes its line endings back: an Edit's lines
  // are matched against the file as Claude Code matches them, or a rewrite would pass unjudged.
  let result = current.includes("\r\n") ? current.split("\r\n").join("\n") : current;
  let added = 0;
  for (const e of change.edits) {
    if (!e.old_string || !result.includes(e.old_string)) return null;
    if (e.replace_all) {
      const parts = result.split(e.old_string);
      result = parts.join(e.new_string);
      added += (parts.length - 1) * countLines(e.new_string);
    } else {
      result = result.replace(e.old_string, () => e.new_string);
      added += countLines(e.new_string);
    }
  }
  // A small edit is a fix or integration: Claude's work. Rewriting most of a file is writing it.
  const total = countLines(result);
  return total >= 8 && added * 2 >= total ? result : null;
}

function readTextOrNull(p: string): string | null {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return null;
  }
}
