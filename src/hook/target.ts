import { join, relative, resolve, sep } from "node:path";
import { nestedProjectOf } from "../project/root.js";
import { fileChange, type FileChange } from "./event.js";

// Which Writes and Edits the hook looks at, decided from the event alone: the hook asks this before
// it reads any config or ledger.

// Files that are not code a task would produce: dependencies, build output, lock files, dot-files,
// and the notes Claude keeps for itself (the plugin's own specs and plans: NEVER_DELEGATED).
// Checked with string operations: a regular expression is compiled on first use and again to
// machine code on its second, about 1.5% of a Node start in a hook that runs on every Write.
const IGNORED_DIRS = ["node_modules/", "dist/", "build/", "coverage/", ".next/", "out/"];
const IGNORED_NAMES = new Set(["package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb", "CLAUDE.md", "AGENTS.md", "CHANGELOG.md"]);

// Folders the engine never writes into, at any depth and in any case (spec/load.ts, safe-path.ts):
// a package's own Claude Code settings, a nested repository's files. Its refusal tells Claude to
// write such a file itself, so the hook must not refuse Claude too.
const NEVER_DELEGATED = new Set([".claude", ".git"]);

/** Whether a path from the project root (with `/`) is one of those. */
export function ignoredPath(rel: string): boolean {
  if (IGNORED_DIRS.some((d) => rel.startsWith(d))) return true;
  if ((rel.startsWith(".") || rel.includes("/.")) && rel.split("/").slice(0, -1).some((p) => NEVER_DELEGATED.has(p.toLowerCase()))) return true;
  const name = rel.slice(rel.lastIndexOf("/") + 1);
  return (name.length > 1 && name.startsWith(".")) || IGNORED_NAMES.has(name);
}

/** A tool call as the hook receives it: the tool's name and its input, unchecked. */
export interface ToolCall {
  tool_name: string;
  tool_input: unknown;
}

/**
 * The call with its file's path made absolute against the hook's folder. Claude Code sends an
 * absolute one; a relative one must not be read against the folder of whatever process judges it
 * (the resident helper runs in `/`).
 */
export function fromFolder(call: ToolCall, cwd: string): ToolCall {
  const input = call.tool_input as { file_path?: unknown } | null;
  if (typeof input !== "object" || input === null || typeof input.file_path !== "string") return call;
  return { ...call, tool_input: { ...input, file_path: resolve(cwd, input.file_path) } };
}

export interface Target {
  change: FileChange;
  /** The file's path from the project root, with `/`. */
  rel: string;
}

/**
 * Whether a tool call could be one worth a decision: a Write or Edit of a file inside the project
 * that a task would produce. Pure, reads nothing: the hook asks it before it reads any config or
 * ledger, so a Write of a lock file or under node_modules costs no more than reading the event.
 */
export function preToolUseTarget(input: ToolCall, root: string, cwd?: string): Target | null {
  const change = fileChange(input);
  if (!change) return null;
  const rel = relative(root, change.path).split(sep).join("/");
  if (!rel || rel.startsWith("..") || (ignoredPath(rel) && !inWorkingCheckout(root, rel, cwd))) return null;
  return { change, rel };
}

/**
 * Whether a path the project's rules leave alone is a file of the checkout the session works in,
 * by that checkout's rules: Claude Code puts its worktrees under `.claude/worktrees/<name>/` and
 * works there while its project folder stays the repository's; the commands Claude runs run there,
 * and `run` writes the file as any other. Another checkout under `.claude/` (a skill's repository)
 * stays Claude's: delegated from the session's folder, `run` refuses it. Looked for only below a
 * `.claude/` or `.git/` folder: most ignored paths cost no file-system call.
 */
function inWorkingCheckout(root: string, rel: string, cwd: string | undefined): boolean {
  if (cwd === undefined || !rel.split("/").slice(0, -1).some((p) => NEVER_DELEGATED.has(p.toLowerCase()))) return false;
  const nested = nestedProjectOf(root, rel);
  if (nested === null || ignoredPath(rel.slice(nested.length + 1))) return false;
  const checkout = join(root, nested);
  return cwd === checkout || cwd.startsWith(`${checkout}${sep}`);
}
