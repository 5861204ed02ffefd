import { main } from "./main.js";
import { processIO } from "./io.js";
import { testPauseHook } from "./test-pause.js";

const controller = new AbortController();
// Ctrl-C or a job's cancel: stop the model call and the test command, restore files, then exit.
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => controller.abort());
}
// `local-delegate report | head`: the reader going away is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });
}
const io = { ...processIO(), signal: controller.signal, onWriteStep: testPauseHook(process.env.LOCAL_DELEGATE_TEST_PAUSE) };
main(process.argv.slice(2), io).then(exitWhenFlushed, () => exitWhenFlushed(1));

/**
 * Exits as soon as what was printed is out. Waiting for the event loop to drain instead costs
 * every command tens of milliseconds (idle keep-alive connections to the model server, timers)
 * with nothing left to do: the command has returned, and a background worker is its own process.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
