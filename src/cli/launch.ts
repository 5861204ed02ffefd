// dist/cli.js: starts the CLI (dist/cli-main.cjs, built from bin.ts) through V8's code cache, kept in
// the user's state folder (util/code-cache.ts). Parsing and compiling the 2 MB bundle took about
// 40 ms of each command's start; with the cache a run reads the compiled code instead.
// The first run of each command after an install or an update of local-delegate or Node writes it.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { codeCacheFile } from "../project/state-dir.js";
import { runBundle } from "../util/code-cache.js";
import { LAUNCHER_IMPORT } from "../util/esm-import.js";
import { COMMAND_NAMES, HIDDEN_COMMAND_NAMES, isHelpFlag, PLAN_SUBCOMMANDS } from "./command-names.js";

const COMMANDS = new Set<string>([...COMMAND_NAMES, ...HIDDEN_COMMAND_NAMES]);

/**
 * The cache a command line uses: one per command (and per `plan` subcommand), since each compiles
 * different code; anything else (`--help`, a mistyped word) shares one.
 */
function cacheName(argv: readonly string[]): string {
  const [cmd, sub] = argv;
  if (!cmd || !COMMANDS.has(cmd)) return "cli";
  return cmd === "plan" && (PLAN_SUBCOMMANDS as readonly (string | undefined)[]).includes(sub) ? `cli-plan-${sub}` : `cli-${cmd}`;
}

const argv = process.argv.slice(2);
const bundle = join(dirname(fileURLToPath(import.meta.url)), "cli-main.cjs");
// The bundle runs no import() of its own (util/esm-import.ts): an ES module it needs is imported from here.
(globalThis as { [LAUNCHER_IMPORT]?: unknown })[LAUNCHER_IMPORT] = (specifier: string) => import(specifier);
let save: (complete: boolean) => void;
try {
  ({ save } = runBundle(bundle, codeCacheFile(process.env, cacheName(argv))));
} catch (e) {
  // dist/cli.js copied alone (as if it were the status line) finds no bundle beside it: say so, not a stack.
  if ((e as NodeJS.ErrnoException).code !== "ENOENT" || (e as NodeJS.ErrnoException).path !== bundle) throw e;
  process.stderr.write(`local-delegate: ${bundle} is missing: dist/cli.js runs only beside the rest of dist/ (reinstall the plugin; the status line is dist/statusline.js, which runs alone)\n`);
  process.exit(1);
}
// Every command ends through process.exit (exit.ts), once its output is out. A run that asked for
// help or failed compiled only part of its command: its cache gives way to the next complete run's.
process.once("exit", (code) => save(code === 0 && !argv.some(isHelpFlag)));
