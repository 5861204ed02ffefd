// Before the model is called: can the lint and test commands run at all? A command that is not
// installed, a project script that is missing or a test file that is not there would fail every
// attempt, and the failure would be written down as the model's. Only what is sure is refused:
// a line this reading cannot follow (substitutions, control flow) is let through.
import { basename, delimiter, resolve } from "node:path";
import { ok, type Failure, type Result } from "../errors.js";
import { program, refuse, rel, statOf, type Preflight } from "./preflight-base.js";
import { checkTool } from "./preflight-tools.js";
import { BUILTINS, KEYWORDS, simpleCommands } from "./shell-words.js";

export interface PreflightOptions {
  /** The spec field the command comes from, named in the error. */
  field: "lint_command" | "test_command";
  /** The project root; paths in messages are relative to it (default: cwd). */
  root?: string | undefined;
  /** Project-relative path of the file the run writes: a command may name it before it exists. */
  outputFile?: string | undefined;
}

/** Whether `command`'s programs (and the files it names for an interpreter) are there to run. */
export function preflightCommand(command: string, cwd: string, env: NodeJS.ProcessEnv, opts: PreflightOptions): Result<void> {
  if (process.platform === "win32") return ok(undefined);
  const root = opts.root ?? cwd;
  const ctx: Preflight = {
    field: opts.field,
    root,
    outputAbs: opts.outputFile ? resolve(root, opts.outputFile) : null,
    path: (env.PATH ?? "").split(delimiter).map((d) => d || "."),
    depth: 0,
    via: null,
  };
  const f = checkLine(command, cwd, ctx);
  return f ? { ok: false, error: f } : ok(undefined);
}

/** Each command of a line, in order, until one is sure not to run or the reading is unsure. */
export function checkLine(line: string, cwd: string, ctx: Preflight): Failure | null {
  const cmds = simpleCommands(line);
  if (!cmds) return null;
  let dir = cwd;
  for (const c of cmds) {
    // After `||` comes a fallback for when the first part fails, which it may be meant to.
    if (c.after === "||") break;
    const words = unwrap(c.words, dir, ctx);
    if (words === "unsure") break;
    if (words && "code" in words) return words;
    if (!words.length) continue;
    const [cmd, ...args] = words;
    if (cmd === null || cmd === undefined || KEYWORDS.has(cmd)) break;
    if (cmd === "cd") {
      const to = args[0];
      if (to === null || to === undefined || to === "-" || args.length > 1) break;
      const next = resolve(dir, to);
      if (!statOf(next)?.isDirectory()) return refuse(ctx, `\`cd ${to}\`: there is no folder ${rel(ctx, next)}`);
      dir = next;
      continue;
    }
    if (BUILTINS.has(cmd)) continue;
    const f = program(cmd, dir, ctx) ?? checkTool(cmd, args, dir, ctx, checkLine);
    if (f) return f;
  }
  return null;
}

const WRAPPER_FLAGS: Record<string, { flags: RegExp; valued: RegExp; positional?: number }> = {
  env: { flags: /^(-i|-0|--ignore-environment|--null|-|--)$|^--unset=/, valued: /^(-u|--unset)$/ },
  nice: { flags: /^-\d+$|^--adjustment=/, valued: /^-n$/ },
  nohup: { flags: /^--$/, valued: /^$/ },
  time: { flags: /^-p$/, valued: /^$/ },
  exec: { flags: /^--$/, valued: /^$/ },
  timeout: { flags: /^(--preserve-status|--foreground|-v|--verbose)$|^--(signal|kill-after)=/, valued: /^(-s|-k)$/, positional: 1 },
};

/** The words of the program a command runs: assignments dropped, `env`, `timeout`… looked through. */
function unwrap(input: (string | null)[], dir: string, ctx: Preflight): (string | null)[] | Failure | "unsure" {
  let words = input;
  for (let round = 0; round < 4; round++) {
    let i = 0;
    while (i < words.length && words[i] !== null && /^[A-Za-z_]\w*=/.test(words[i]!)) i++;
    words = words.slice(i);
    const cmd = words[0];
    if (cmd === null) return "unsure";
    if (cmd === "command" && words[1]?.startsWith("-")) return "unsure";
    if (cmd === "command") {
      words = words.slice(1);
      continue;
    }
    const spec = cmd !== undefined ? WRAPPER_FLAGS[basename(cmd)] : undefined;
    if (!spec || cmd === undefined) return words;
    if (cmd !== "time" && cmd !== "exec") {
      const f = program(cmd, dir, ctx);
      if (f) return f;
    }
    let j = 1;
    for (; j < words.length; j++) {
      const w = words[j];
      if (w === null || w === undefined) return "unsure";
      if (spec.valued.test(w)) j++;
      else if (!spec.flags.test(w)) {
        if (w.startsWith("-")) return "unsure";
        break;
      }
    }
    words = words.slice(j + (spec.positional ?? 0));
  }
  return words;
}

