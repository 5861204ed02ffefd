// The command words, defined once for the two files that go by them: main.ts loads each one's
// module, and dist/cli.js (launch.ts) names each one's code cache after it, so that no mistyped word
// names a file.

/** The commands the help lists, in its order. */
export const COMMAND_NAMES = ["run", "plan", "classify", "ask", "doctor", "report", "rollback", "jobs", "status", "cancel", "qualify", "statusline", "hook"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Started by the session hook, not by people: not listed in the help. */
export const HIDDEN_COMMAND_NAMES = ["warm"] as const;
export type HiddenCommandName = (typeof HIDDEN_COMMAND_NAMES)[number];

/** Whether an argument asks for help; `help` as a word is a command's own (the CLI's, `plan`'s). */
export const isHelpFlag = (arg: string | undefined): boolean => arg === "--help" || arg === "-h";

/** `plan`'s subcommands, which compile different code (a check, or the engine). */
export const PLAN_SUBCOMMANDS = ["check", "run"] as const;
