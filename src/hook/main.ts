import { defaultCliPath, runHook } from "./run-hook.js";

// The Claude Code hook entry (dist/hook.js). Reads the event on stdin, prints at most one JSON
// object, and always exits 0: a broken hook must never block Claude.
const MAX_INPUT = 16 * 1024 * 1024;

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    size += (c as Buffer).length;
    if (size > MAX_INPUT) return;
    chunks.push(c as Buffer);
  }
  const out = await runHook(Buffer.concat(chunks).toString("utf8"), { env: process.env, cwd: process.cwd(), cliPath: defaultCliPath() });
  if (out) process.stdout.write(`${JSON.stringify(out)}\n`);
}

// A hook that hangs holds up Claude: give up (and allow) before Claude Code's own 10 s timeout.
setTimeout(() => process.exit(0), 8_000).unref();
main().then(
  () => {
    process.exitCode = 0;
  },
  () => {
    process.exitCode = 0;
  },
);
