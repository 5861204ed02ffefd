import { chmodSync, writeFileSync } from "node:fs";
import { optionName, PLUGIN_OPTION_KEYS } from "../config/layers.js";

/**
 * Passes the plugin's options on to the session's shell. Claude Code hands them
 * (`CLAUDE_PLUGIN_OPTION_<KEY>`) to hooks only: a command's `!` lines and Claude's Bash calls,
 * where the CLI runs, get none (docs/dev/claude-client-notes.md). A SessionStart hook may write
 * `export` lines to `CLAUDE_ENV_FILE`, which the client applies to every later Bash command of
 * the session: so `run`, `qualify` and `report` read the config the hook reads. An option the user
 * cleared is unset again. The file may then hold the API key: it is made the user's alone.
 *
 * A session that starts afresh (`startup`) has no earlier export to undo: with no option set, the
 * file is left alone, which spares the common session start a write and a chmod (a tenth of its
 * cost over a bare Node start). A resumed, cleared or compacted one may follow exports of this
 * session's earlier start, and gets its `unset` lines.
 */
export function passOptionsOn(env: NodeJS.ProcessEnv, source: string | null): void {
  const file = env.CLAUDE_ENV_FILE;
  if (!file) return;
  const names = PLUGIN_OPTION_KEYS.map(optionName);
  if (source === "startup" && !names.some((n) => env[n])) return;
  const lines = names.map((name) => {
    const value = env[name];
    return value ? `export ${name}=${shellQuote(value)}\n` : `unset ${name}\n`;
  });
  try {
    // appendFileSync is this with more steps, and one more function for the hook to compile.
    writeFileSync(file, lines.join(""), { flag: "a", mode: 0o600 });
    chmodSync(file, 0o600);
  } catch {
    // The commands then read the config without the plugin's options, as outside Claude Code.
  }
}

/** One word for a POSIX shell, whatever the text holds. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
