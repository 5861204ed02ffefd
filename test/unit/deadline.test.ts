import { describe, expect, it } from "vitest";
import { Cancelled, DeadlineExceeded, startDeadline } from "../../src/model/deadline.js";
import { forceGc, gcPressure } from "../support/force-gc.js";

const never = () => new Promise<never>(() => {});

describe("startDeadline", () => {
  it("ends the wait, aborts its signal and runs the hard stops when it passes", async () => {
    const d = startDeadline(50, "timeout_ms");
    const stops: string[] = [];
    d.onEnd((why) => stops.push(why.name));
    const err = await d.race(never()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineExceeded);
    expect(err).toMatchObject({ ms: 50, setting: "timeout_ms" });
    expect(d.ended).toBe("expired");
    expect(d.signal.aborted).toBe(true);
    expect(stops).toEqual(["DeadlineExceeded"]);
    // A hard stop added late runs at once; a race started late fails at once.
    d.onEnd((why) => stops.push(`late ${why.name}`));
    expect(stops).toEqual(["DeadlineExceeded", "late DeadlineExceeded"]);
    await expect(d.race(Promise.resolve(1))).rejects.toBeInstanceOf(DeadlineExceeded);
  });

  it("holds when nothing but its own timer refers to it, through forced collections", async () => {
    // What AbortSignal.timeout behind a composite signal does not survive: here the only path to
    // the controller is the pending race and the timer.
    const stop = gcPressure(5);
    try {
      const started = Date.now();
      const err = await startDeadline(300, "timeout_ms")
        .race(never())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeadlineExceeded);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      stop();
    }
  });

  it("aborts the signal it hands to libraries even when only they hold it", async () => {
    let signal: AbortSignal | null = startDeadline(100, "timeout_ms").signal;
    const aborted = new Promise<string>((resolve) => signal!.addEventListener("abort", (ev) => resolve(((ev.target as AbortSignal).reason as Error).name)));
    signal = null;
    forceGc();
    expect(await aborted).toBe("DeadlineExceeded");
  });

  it("a cancel from the caller ends it as cancelled, not expired", async () => {
    const parent = new AbortController();
    const d = startDeadline(60_000, "timeout_ms", parent.signal);
    const p = d.race(never());
    parent.abort();
    await expect(p).rejects.toBeInstanceOf(Cancelled);
    expect(d.ended).toBe("cancelled");
    expect(d.signal.aborted).toBe(true);
  });

  it("starts ended when the caller has already cancelled", async () => {
    const parent = new AbortController();
    parent.abort();
    const d = startDeadline(60_000, "timeout_ms", parent.signal);
    expect(d.ended).toBe("cancelled");
    await expect(d.race(never())).rejects.toBeInstanceOf(Cancelled);
  });

  it("a settled wait is passed through, and a disposed deadline never fires", async () => {
    const parent = new AbortController();
    const d = startDeadline(30, "timeout_ms", parent.signal);
    expect(await d.race(Promise.resolve("answer"))).toBe("answer");
    await expect(d.race(Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    const stops: string[] = [];
    d.onEnd(() => stops.push("stopped"));
    d.dispose();
    parent.abort();
    await new Promise((r) => setTimeout(r, 100));
    expect(d.ended).toBeNull();
    expect(d.signal.aborted).toBe(false);
    expect(stops).toEqual([]);
  });
});
