import { userRecordsDir } from "./records-dir.js";
import { dataDir, findProjectRoot } from "./root.js";
import { stateDir } from "./state-dir.js";

/** Where a command or a background job works: the project, its data folder, the user's state folder. */
export interface CommandContext {
  root: string;
  data: string;
  stateDir: string;
  /** The user's model records, shared by every project (records-dir.ts). */
  records: string;
}

export function contextFor(cwd: string, env: NodeJS.ProcessEnv): CommandContext {
  const root = findProjectRoot(cwd);
  const state = stateDir(env);
  return { root, data: dataDir(root), stateDir: state, records: userRecordsDir(env, state) };
}
