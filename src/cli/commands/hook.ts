import { MAX_HOOK_INPUT } from "../../hook/event.js";
import { defaultCliPath, runHook } from "../../hook/run-hook.js";
import { isHelpFlag } from "../command-names.js";
import type { CliIO } from "../io.js";

/**
 * `local-delegate hook`: the same handler Claude Code runs from dist/hook.cjs, for a person to try:
 * `echo '{"hook_event_name":"PreToolUse",...}' | local-delegate hook`. Always exits 0, like the hook.
 */
export async function hookCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv.some(isHelpFlag)) {
    io.stdout("local-delegate hook < EVENT.json   (prints the hook's JSON answer, or nothing)\n");
    return 0;
  }
  const input = await io.readStdin({ what: "hook event", maxBytes: MAX_HOOK_INPUT });
  if (!input.ok) return 0;
  const out = await runHook(input.value, { env: io.env, cwd: io.cwd, cliPath: defaultCliPath() });
  if (out) io.stdout(`${JSON.stringify(out)}\n`);
  return 0;
}
