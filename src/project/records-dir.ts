import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stateDir } from "./state-dir.js";
import { makeFolders } from "../util/fs.js";

// Where each model's measured record lives, once per user for every project: in the folder Claude
// Code keeps for the plugin (`CLAUDE_PLUGIN_DATA`, which survives plugin updates) when the plugin
// runs under Claude Code, else in the user state folder. Claude Code gives that folder's path to
// hooks only, not to the Bash calls where Claude runs the CLI, nor to a terminal: the SessionStart
// hook notes it in the state folder (`plugin-data`), so every process of the user finds the same
// records. node:fs only: the hook reads through this.

const POINTER = "plugin-data";

/** The folder of the per-user model records (ledger/user-record.ts). */
export function userRecordsDir(env: NodeJS.ProcessEnv, state = stateDir(env)): string {
  return join(env.CLAUDE_PLUGIN_DATA || notedPluginData(state) || state, "records");
}

/** The plugin's data folder a hook noted, while it exists (an uninstall removes it). */
function notedPluginData(state: string): string | null {
  try {
    const dir = readFileSync(join(state, POINTER), "utf8").trim();
    return dir && existsSync(dir) ? dir : null;
  } catch {
    return null;
  }
}

/** Notes `CLAUDE_PLUGIN_DATA` for the processes that do not get it; written only when it changes. Best effort. */
export function notePluginData(env: NodeJS.ProcessEnv, state = stateDir(env)): void {
  const dir = env.CLAUDE_PLUGIN_DATA;
  if (!dir) return;
  const file = join(state, POINTER);
  try {
    if (readFileSync(file, "utf8") === dir && existsSync(dir)) return;
  } catch {
    // None yet.
  }
  try {
    // Claude Code makes the folder when it is first named; its docs do not promise when.
    makeFolders(dir);
    makeFolders(state);
    writeFileSync(file, dir);
  } catch {
    // Without the note, a terminal's CLI keeps its records in the state folder.
  }
}
