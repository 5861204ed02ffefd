// `statusline`: Claude Code runs this after every assistant message (settings: statusLine), so it
// must be quick and quiet. It reads what is already known (the health cache the session hook keeps,
// the ledger's tail) and asks the server only when the cache is stale, for at most PROBE_MS. It
// never loads the tokenizer, and on any error it prints nothing and exits 0.
import { createColors } from "picocolors";
import * as z from "zod";
import { loadConfig } from "../../config/load.js";
import { ledgerPath } from "../../ledger/append.js";
import { entriesOf } from "../../ledger/store.js";
import { readLedgerTail } from "../../ledger/tail.js";
import { cachedHealth, healthTarget } from "../../model/targets.js";
import { dataDir, findProjectRoot } from "../../project/root.js";
import { today } from "../../report/aggregate.js";
import { tokens } from "../../report/format.js";
import { stateDir } from "../context.js";
import type { CliIO } from "../io.js";
import { isHelpFlag } from "../command-names.js";

/** A cached health result younger than this is shown as is. */
const FRESH_MS = 60_000;
/** The longest the status line waits for the server when the cache is stale. */
export const PROBE_MS = 300;
/** How much of the ledger's end is read for today's figures. */
const TAIL_BYTES = 512 * 1024;
const STDIN_WAIT_MS = 200;

const StatusInput = z.looseObject({
  cwd: z.string().nullish(),
  workspace: z.looseObject({ current_dir: z.string().nullish(), project_dir: z.string().nullish() }).nullish(),
});

export const usage = "local-delegate statusline < SESSION.json   (Claude Code's status line runs it: one short line; see docs/savings.md)";

/** `now` and `probeMs` are parameters so a test can fix the day and give a loaded machine more time. */
export async function statuslineCommand(argv: string[], io: CliIO, now = new Date(), probeMs = PROBE_MS): Promise<number> {
  if (argv.some(isHelpFlag)) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  try {
    const line = await statusLine(io, now, probeMs);
    if (line) io.stdout(`${line}\n`);
  } catch {
    // Silent on error: a broken status line must not clutter Claude Code's screen.
  }
  return 0;
}

async function statusLine(io: CliIO, now: Date, probeMs: number): Promise<string | null> {
  const input = parseInput(await readInput(io));
  const root = findProjectRoot(input?.workspace?.project_dir || input?.workspace?.current_dir || input?.cwd || io.cwd);
  const cfg = loadConfig({ root, env: io.env });
  if (!cfg.ok) return null;
  const health = await cachedHealth(stateDir(io.env), healthTarget(cfg.value.config), FRESH_MS, probeMs, now);
  const t = today(entriesOf(readLedgerTail(ledgerPath(dataDir(root)), TAIL_BYTES)).entries, now, root);
  const pc = createColors(!io.env.NO_COLOR);
  const server = health.up ? `${pc.green("●")} local ${health.model ?? "up, no model loaded"}` : `${pc.red("○")} local server down`;
  const day = t.delegated ? `today ${t.delegated} delegated · ${tokens(t.claude_saved)} Claude tokens saved` : pc.dim("today 0 delegated");
  return `${server} · ${day}`;
}

/** Claude Code sends its JSON at once; a person trying the command at a terminal sends none. */
async function readInput(io: CliIO): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => {
      timedOut = true;
      resolve("");
    }, STDIN_WAIT_MS);
  });
  try {
    return await Promise.race([io.readStdin().then((r) => (r.ok ? r.value : "")), timeout]);
  } finally {
    clearTimeout(timer);
    // An unfinished read of a terminal would keep the process alive after the line is printed.
    if (timedOut && process.stdin.isTTY) process.stdin.destroy();
  }
}

function parseInput(text: string): z.output<typeof StatusInput> | null {
  if (!text.trim()) return null;
  try {
    const p = StatusInput.safeParse(JSON.parse(text));
    return p.success ? p.data : null;
  } catch {
    return null;
  }
}

