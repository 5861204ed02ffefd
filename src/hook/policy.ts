import type { HealthRecord } from "../model/health-cache.js";

/**
 * What Claude reads at the start of every session, and so pays for on every request: the rule,
 * the limits, and the one way to delegate. Kept to a few sentences on purpose (the whole plugin
 * adds under 850 characters per request); the command's own text, read only when used, says how.
 */
export function sessionPolicy(h: HealthRecord | null, baseUrl: string, opts: { unmeasured?: boolean } = {}): string {
  if (!h?.up) {
    return `local-delegate: no local model server answers at ${baseUrl}, so write code yourself. /local-delegate:local-status says how to start one.`;
  }
  const model = h.model ? `local model ${h.model}` : "a local model";
  return [
    `local-delegate: ${model} is up. Plan first; send each atomic file to it instead of writing it yourself:`,
    "10–50 lines, ≤2 imports, one file, stateless, testable (utils, constants, types, unit tests, docs).",
    "Use skill local-delegate:local-code per file, or the local-delegator agent for multi-file work.",
    "Keep hooks, reducers, state, integration and bug fixes.",
    // Once, until the model has a record: the set-up's last step, offered where the user looks.
    ...(opts.unmeasured ? [UNMEASURED] : []),
  ].join(" ");
}

/** The one sentence a session starts with while the model has no record anywhere. */
export const UNMEASURED = "It has no record yet: tell the user /local-delegate:local-status offers to qualify it.";

// Word lists, not case-insensitive regular expressions: a fresh process compiles each of those on
// first use, about 1% of a Node start apiece, in a hook that runs on every prompt.
const CODE_VERBS = new Set(["implement", "add", "create", "write", "build", "make", "generate", "refactor", "extract", "scaffold", "port", "convert", "introduce", "support"]);
const CODE_NOUNS = new Set([
  ...["function", "functions", "component", "module", "util", "utils", "utility", "helper", "helpers", "test", "tests", "class"],
  ...["endpoint", "api", "feature", "type", "types", "interface", "schema", "constant", "constants", "config", "script", "page"],
  ...["hook", "file", "files", "doc", "docs", "readme", "parser", "validator", "cli", "command"],
]);

/** Whether a prompt asks for code to be written (then a one-line reminder is worth its tokens). */
export function asksForCode(prompt: string): boolean {
  const p = prompt.trim();
  if (p.startsWith("/")) return false; // a slash command says what it wants itself
  // Claude Code sends a background task's end (a Bash, a subagent) as a prompt: not the user asking.
  if (p.startsWith("<task-notification>")) return false;
  // Whole words, as `\b…\b` would find them: runs of letters, digits and `_`.
  const words = p.toLowerCase().match(/\w+/g) ?? [];
  return words.some((w) => CODE_VERBS.has(w)) && words.some((w) => CODE_NOUNS.has(w));
}

export const PROMPT_REMINDER =
  "local-delegate: decompose this; send atomic files (utils, constants, types, tests, docs) to the local model (local-delegate:local-code), not your own Write.";
