import { pcErr as pc } from "../util/colors.js";
import type { EngineEvent } from "../engine/events.js";
import { isDone, type StepResult } from "./summary.js";

/**
 * A plan's progress on stderr while a person watches (never when Claude runs it): a line per
 * finished task, and under them one line redrawn in place with the tasks under way.
 */
export function planProgress(write: (s: string) => void, total: number) {
  const running = new Map<string, string>();
  let done = 0;
  let last = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const work = [...running].map(([id, step]) => `${pc.bold(id)} ${step}`).join(pc.dim(" · "));
    write(`\r\x1b[2K${pc.dim("local-delegate plan")} ${done}/${total}${work ? ` ${pc.dim("·")} ${work}` : ""}`);
  };
  return {
    onStart(id: string) {
      running.set(id, "starting");
      draw(true);
    },
    onEvent(id: string, e: EngineEvent) {
      const step = describe(e);
      if (step === null) return;
      running.set(id, step);
      draw(e.type !== "progress");
    },
    onFinish(s: StepResult, doneNow: number) {
      running.delete(s.id);
      done = doneNow;
      const ok = isDone(s.status);
      const mark = ok ? pc.green("✓") : s.status === "blocked" || s.status === "skipped" ? pc.yellow("·") : pc.red("✗");
      const what = s.status === "success" ? `${s.attempts} attempt${s.attempts === 1 ? "" : "s"}${s.tests === "passed" ? ", tests passed" : ""}` : s.error ?? "";
      write(`\r\x1b[2K${mark} ${s.id} ${pc.dim(s.status)} ${s.file ?? ""}${what ? pc.dim(` (${what.slice(0, 100)})`) : ""}\n`);
      draw(true);
    },
    done() {
      write("\r\x1b[2K");
    },
  };
}

function describe(e: EngineEvent): string | null {
  switch (e.type) {
    case "attempt":
      return e.of > 1 ? `attempt ${e.n}/${e.of}` : "waiting for the first token";
    case "progress":
      return `${e.tokens} tokens, ${e.tokensPerSecond.toFixed(1)} tok/s`;
    case "retry":
      return pc.yellow("retrying");
    case "verify":
      return e.step === "tests" ? "running tests" : "running lint";
    case "wait":
      return pc.yellow("waiting for a server");
    case "failover":
      return pc.yellow(`failing over from ${e.from}`);
    default:
      return null;
  }
}
