import { EXIT, FailureError } from "../errors.js";
import { useColors, wantsColor } from "../util/colors.js";
import { COMMAND_NAMES, isHelpFlag, type CommandName, type HiddenCommandName } from "./command-names.js";
import type { CliIO } from "./io.js";

type Handler = (argv: string[], io: CliIO) => Promise<number>;

// Each command's module loads only when it runs, so a quick command (the hook, the status line)
// does not pay for the others.
const COMMANDS: Record<CommandName, { summary: string; load: () => Promise<Handler> }> = {
  run: { summary: "run one task spec: the local model writes and verifies one file", load: async () => (await import("./commands/run.js")).runCommand },
  plan: { summary: "check or run a plan of tasks (plan check PLAN | plan run PLAN)", load: async () => (await import("./commands/plan.js")).planCommand },
  classify: { summary: "say whether a task or file is for the local model, and why", load: async () => (await import("./commands/classify.js")).classifyCommand },
  ask: { summary: "send a question straight to the local model", load: async () => (await import("./commands/ask.js")).askCommand },
  doctor: { summary: "check the config and the model server, list models", load: async () => (await import("./commands/doctor.js")).doctorCommand },
  report: { summary: "delegation rate, first-pass success, tokens saved", load: async () => (await import("./commands/report.js")).reportCommand },
  rollback: { summary: "restore the files a task changed from its backups", load: async () => (await import("./commands/rollback.js")).rollbackCommand },
  jobs: { summary: "list this project's background jobs", load: async () => (await import("./commands/jobs.js")).jobsCommand },
  status: { summary: "a background job's result (--wait SECONDS to wait for it)", load: async () => (await import("./commands/status.js")).statusCommand },
  cancel: { summary: "stop a background job and restore its files", load: async () => (await import("./commands/cancel.js")).cancelCommand },
  qualify: { summary: "measure what the local model can be trusted with", load: async () => (await import("./commands/qualify.js")).qualifyCommand },
  statusline: { summary: "one short line for Claude Code's status line", load: async () => (await import("./commands/statusline.js")).statuslineCommand },
  hook: { summary: "the Claude Code hook (reads the event JSON on stdin)", load: async () => (await import("./commands/hook.js")).hookCommand },
};

/** Every command the help lists, in its order: each takes --help (a test runs them all). */
export function commandNames(): string[] {
  return [...COMMAND_NAMES];
}

/** Started by the session hook, not by people: not listed in the help. */
const HIDDEN: Record<HiddenCommandName, () => Promise<Handler>> = {
  warm: async () => (await import("./commands/warm.js")).warmCommand,
};

export const VERSION = "0.1.0";

function help(): string {
  const rows = COMMAND_NAMES.map((name) => `  ${name.padEnd(10)} ${COMMANDS[name].summary}`);
  return `local-delegate ${VERSION}: Claude plans, a local model writes the code.\n\nUsage: local-delegate <command> [options]\n\n${rows.join("\n")}\n\nEach command takes --help.\n`;
}

/** Returns the exit code; only bin.ts exits, so tests call this directly. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  useColors(wantsColor(io.env, io.stdoutIsTTY ?? false), wantsColor(io.env, io.stderrIsTTY));
  if (!name || isHelpFlag(name) || name === "help") {
    io.stdout(help());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : Object.hasOwn(HIDDEN, name) ? { summary: "", load: HIDDEN[name as HiddenCommandName] } : undefined;
  if (!cmd) {
    io.stderr(`local-delegate: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await (await cmd.load())(rest, io);
  } catch (e) {
    if (e instanceof FailureError) {
      io.stderr(`local-delegate: ${e.message}\n`);
      return EXIT.invalid;
    }
    // A bug, not a user error: one line, no stack trace, and a way to report it.
    io.stderr(`local-delegate: internal error in "${name}": ${e instanceof Error ? e.message : String(e)}\nPlease report it with the command you ran.\n`);
    return 1;
  }
}
