import { main } from "./main.js";
import { processIO } from "./io.js";

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
const io = { ...processIO(), signal: controller.signal };
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
