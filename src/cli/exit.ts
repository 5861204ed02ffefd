/**
 * Exits as soon as what was printed is out. Waiting for the event loop to drain instead costs
 * every command tens of milliseconds (idle keep-alive connections to the model server, timers)
 * with nothing left to do: the command has returned, and a background worker is its own process.
 * Only the entry files (bin.ts, statusline-main.ts) call it.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

/** `local-delegate report | head`: the reader going away is not an error worth a stack trace. */
export function exitOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    });
  }
}
