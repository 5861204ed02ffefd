import type { EngineEvent } from "../engine/events.js";

/** The engine's events as log lines, and a short "what it does now" for `status`. */
export function eventSink(log: (line: string) => void, step: (s: string) => void): (e: EngineEvent) => void {
  let lastTokens = 0;
  return (e) => {
    switch (e.type) {
      case "model":
        log(`model ${e.model} (${e.flavor}, context ${e.contextLength ?? "unknown"})`);
        return;
      case "attempt":
        lastTokens = 0;
        log(`attempt ${e.n}/${e.of}`);
        return step(`attempt ${e.n}/${e.of}: waiting for the first token`);
      case "progress":
        // A line every 5 s of generation is enough to see it move.
        if (e.elapsedMs - lastTokens >= 5_000) {
          lastTokens = e.elapsedMs;
          log(`${e.tokens} tokens, ${e.tokensPerSecond.toFixed(1)} tok/s`);
        }
        return step(`generating: ${e.tokens} tokens`);
      case "retry":
        log(`retry: ${e.reason}`);
        return step(`retrying: ${e.reason.slice(0, 80)}`);
      case "write":
        log(`writing ${e.file}`);
        return step(`writing ${e.file}`);
      case "verify":
        log(`running ${e.step}`);
        return step(e.step === "tests" ? "running tests" : "running lint");
      case "wait":
        log(`waiting: ${e.what}`);
        return step(`waiting: ${e.what}`);
    }
  };
}
