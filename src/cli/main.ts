import type { CliIO } from "./io.js";

const COMMANDS: Record<string, { summary: string; load: () => Promise<(argv: string[], io: CliIO) => Promise<number>> }> = {
  run: { summary: "run one task spec: the local model writes and verifies one file", load: async () => (await import("./commands/run.js")).runCommand },
  doctor: { summary: "check the config and the model server, list models", load: async () => (await import("./commands/doctor.js")).doctorCommand },
};

export const VERSION = "0.1.0";

function help(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `local-delegate ${VERSION}: Claude plans, a local model writes the code.\n\nUsage: local-delegate <command> [options]\n\n${rows.join("\n")}\n\nEach command takes --help.\n`;
}

/** Returns the exit code; only bin.ts exits, so tests call this directly. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(help());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    io.stderr(`local-delegate: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await (await cmd.load())(rest, io);
  } catch (e) {
    // A bug, not a user error: one line, no stack trace, and a way to report it.
    io.stderr(`local-delegate: internal error in "${name}": ${e instanceof Error ? e.message : String(e)}\nPlease report it with the command you ran.\n`);
    return 1;
  }
}
