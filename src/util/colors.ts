import { createColors } from "picocolors";

export type Colors = ReturnType<typeof createColors>;

/**
 * The colours every human-facing renderer uses. picocolors decides on its own from the process's
 * environment (it turns colours on whenever `CI` is set), which is wrong twice over here: the CLI
 * runs with an injected environment, and output that Claude's Bash captures must stay free of
 * escape codes, which cost tokens and break parsing. So `main` decides once per command.
 */
export const pc: Colors = { ...createColors(false) };
/** For what goes to stderr (progress lines), which may be a terminal while stdout is a file. */
export const pcErr: Colors = { ...createColors(false) };

export function useColors(stdout: boolean, stderr = stdout): void {
  Object.assign(pc, createColors(stdout));
  Object.assign(pcErr, createColors(stderr));
}

/** NO_COLOR wins; FORCE_COLOR=0 refuses colour and any other value asks for it; otherwise only a terminal gets it. */
export function wantsColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force === "0" || force === "false") return false;
  if (force !== undefined && force !== "") return true;
  return isTTY && env.TERM !== "dumb";
}
