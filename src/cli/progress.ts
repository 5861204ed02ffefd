import { pcErr as pc } from "../util/colors.js";
import type { EngineEvent } from "../engine/events.js";

/**
 * One line on stderr, redrawn in place, while a person watches: model, attempt, tokens, speed.
 * Returns the event handler and a function that clears the line before the result is printed.
 */
export function progressLine(write: (s: string) => void, label: string): { onEvent: (e: EngineEvent) => void; done: () => void } {
  let model = "";
  let attempt = "";
  let step = "starting";
  let last = 0;
  let shown = false;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const parts = [pc.bold(label), model, attempt, step].filter(Boolean);
    write(`\r\x1b[2K${pc.dim("local-delegate")} ${parts.join(pc.dim(" · "))}`);
    shown = true;
  };
  return {
    onEvent: (e) => {
      switch (e.type) {
        case "model":
          model = e.model;
          break;
        case "attempt":
          attempt = e.of > 1 ? `attempt ${e.n}/${e.of}` : "";
          step = "waiting for the first token";
          break;
        case "progress":
          step = `${e.tokens} tokens, ${e.tokensPerSecond.toFixed(1)} tok/s`;
          break;
        case "retry":
          step = pc.yellow(`retrying: ${e.reason.slice(0, 60)}`);
          break;
        case "write":
          step = `writing ${e.file}`;
          break;
        case "verify":
          step = e.step === "tests" ? "running tests" : "running lint";
          break;
        case "wait":
          step = pc.yellow(`waiting: ${e.what}`);
          break;
        case "failover":
          step = pc.yellow(`${e.from} failed (${e.reason.slice(0, 40)}), trying the next server`);
          break;
      }
      draw(e.type !== "progress");
    },
    done: () => {
      if (shown) write("\r\x1b[2K");
    },
  };
}
