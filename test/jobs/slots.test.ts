// A model server's job slots are lock files, judged as util/lock.ts judges any lock: a slot the
// next taker would take over is free, one it would wait for is held. A slot lock file that says
// nothing (empty: its taker is between creating and writing it) is held while fresh, then free;
// one that cannot be read at all is a failure, not a wait that never ends.
import { mkdirSync, readFileSync, utimesSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { heldSlots, slotPaths, waitForSlot } from "../../src/jobs/slots.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let slot: string;
beforeEach(() => {
  dir = tmpDir("ld-slots-");
  slot = slotPaths(dir.path, "http://127.0.0.1:1234", 1)[0]!;
});
afterEach(() => dir.cleanup());

const plant = (content: string, ageMs = 0) => {
  dir.write(slot.slice(dir.path.length + 1), content);
  const t = new Date(Date.now() - ageMs);
  utimesSync(slot, t, t);
};

describe("a slot lock that does not say who holds it", () => {
  it("is held while fresh: its taker may be writing it, so no second job gets in", async () => {
    plant("");
    expect(heldSlots([slot])).toEqual([{ what: "another job", pid: null }]);
    const ac = new AbortController();
    let queuedOn = "";
    const r = await waitForSlot([slot], "second job", { signal: ac.signal, pollMs: 20, onQueued: (w) => ((queuedOn = w), ac.abort()) });
    expect(r.ok ? "taken" : r.error.code).toBe("CANCELLED");
    expect(queuedOn).toBe("another job");
    expect(readFileSync(slot, "utf8")).toBe("");
  });

  it("is free once old: the queue does not wait for it, and the next job takes it", async () => {
    for (const junk of ["", '{"pid": 12']) {
      plant(junk, 10_000);
      expect(heldSlots([slot])).toEqual([]);
      const r = await waitForSlot([slot], "next job", { signal: AbortSignal.timeout(10_000), pollMs: 20, onQueued: () => {} });
      expect(r.ok).toBe(true);
      expect(JSON.parse(readFileSync(slot, "utf8"))).toMatchObject({ pid: process.pid, what: "next job" });
      if (r.ok) r.value();
    }
  });

  it("that cannot be read at all fails the wait with IO, naming it, instead of queueing for ever", async () => {
    mkdirSync(slot, { recursive: true });
    expect(heldSlots([slot])).toEqual([{ what: "another job", pid: null }]);
    // The timeout only bounds the old behaviour, a queue that never ends.
    const r = await waitForSlot([slot], "next job", { signal: AbortSignal.timeout(3_000), pollMs: 20, onQueued: () => {} });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "IO", message: expect.stringContaining(slot) });
  });
});
