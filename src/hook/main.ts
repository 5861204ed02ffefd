import { readSync } from "node:fs";
import { defaultCliPath, runHook } from "./run-hook.js";

// The Claude Code hook entry (dist/hook.cjs). Reads the event on stdin, prints at most one JSON
// object, and always exits 0: a broken hook must never block Claude.
const MAX_INPUT = 16 * 1024 * 1024;

/**
 * stdin read with plain read(2) calls: a stream over the pipe would load Node's stream and
 * socket machinery, a good part of this hook's start-up, for one small JSON object.
 */
function readStdin(): string | null {
  const chunks: Buffer[] = [];
  let size = 0;
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") continue;
      if ((e as NodeJS.ErrnoException).code === "EOF") break;
      return null;
    }
    if (n === 0) break;
    size += n;
    if (size > MAX_INPUT) return null;
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<void> {
  const input = readStdin();
  if (input === null) return;
  const out = await runHook(input, { env: process.env, cwd: process.cwd(), cliPath: defaultCliPath() });
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
