import "./zod-jitless.js";
import { main } from "./main.js";
import { exitOnBrokenPipe, exitWhenFlushed } from "./exit.js";
import { processIO } from "./io.js";
import { testPauseHook } from "./test-pause.js";

const controller = new AbortController();
// Ctrl-C, a job's cancel, or the terminal gone (SIGHUP: a closed tab, a dropped ssh session):
// stop the model call and the test command, restore files, then exit. Left to its default,
// SIGHUP ended a run on the spot, the model's unverified file in place and its tests running on.
// A background worker has no terminal and outlives the one that started it: it ignores SIGHUP.
// Every press, not only the first: a second Ctrl-C while the test command is being stopped must
// not kill the run before it puts the files back (each wait after the abort is bounded).
const worker = process.argv[2] === "jobs" && process.argv[3] === "--worker";
for (const sig of worker ? (["SIGINT", "SIGTERM"] as const) : (["SIGINT", "SIGTERM", "SIGHUP"] as const)) {
  process.on(sig, () => controller.abort());
}
exitOnBrokenPipe();
// Assigned, not spread: a spread would read io.cwd, a getter that throws where the folder is gone.
const io = Object.assign(processIO(controller.signal), { onWriteStep: testPauseHook(process.env.LOCAL_DELEGATE_TEST_PAUSE) });
main(process.argv.slice(2), io).then(exitWhenFlushed, () => exitWhenFlushed(1));

