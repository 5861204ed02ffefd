// A full garbage collection on demand inside a test worker (vitest's workers run without
// --expose-gc): what drops a weakly held timeout at some random moment of a long run, made to
// happen now.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

export function forceGc(): void {
  gc();
}

/** Collects every `everyMs` until the returned stop is called. */
export function gcPressure(everyMs = 20): () => void {
  const t = setInterval(gc, everyMs);
  return () => clearInterval(t);
}
