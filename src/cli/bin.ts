import "./zod-jitless.js";
import { main } from "./main.js";
import { exitOnBrokenPipe, exitWhenFlushed } from "./exit.js";
import { processIO } from "./io.js";
import { testPauseHook } from "./test-pause.js";

const controller = new AbortController();
// Ctrl-C or a job's cancel: stop the model call and the test command, restore files, then exit.
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.once(sig, () => controller.abort());
}
exitOnBrokenPipe();
// Assigned, not spread: a spread would read io.cwd, a getter that throws where the folder is gone.
const io = Object.assign(processIO(controller.signal), { onWriteStep: testPauseHook(process.env.LOCAL_DELEGATE_TEST_PAUSE) });
main(process.argv.slice(2), io).then(exitWhenFlushed, () => exitWhenFlushed(1));

