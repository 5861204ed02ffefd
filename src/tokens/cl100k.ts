// The cl100k_base tokenizer as its own bundle (dist/tokens.js), for two uses:
// - imported (lazily) wherever a count is needed;
// - run as a worker thread by `run`, so that its 0.1 s of loading (a 100k-entry table) happens on
//   the other core while the run talks to the model, not after it.
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { isMainThread, parentPort } from "node:worker_threads";

export { countTokens };

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on("message", (m: { id: number; texts: string[] }) => {
    port.postMessage({ id: m.id, counts: m.texts.map((t) => (t ? countTokens(t) : 0)) });
  });
}
