// A job submitted while another's slot lock is still being written (created, not yet naming its
// holder) counted that slot and the job taking it twice: with two slots, the second of two jobs
// was recorded queued although a slot was free (seen in a full test run under load).
import { describe, expect, it } from "vitest";
import { slotsTaken } from "../../src/jobs/queue.js";

const named = (pid: number) => ({ what: `job ${pid}`, pid });
const unnamed = { what: "another job", pid: null };

describe("slots taken when a job is submitted", () => {
  it("a lock being written and the job submitted just before are one slot, not two", () => {
    expect(slotsTaken([unnamed], 1)).toBe(1);
  });

  it("near misses: named holders and jobs still ahead add up; an unnamed lock with nobody ahead still counts", () => {
    expect(slotsTaken([named(10)], 1)).toBe(2);
    expect(slotsTaken([named(10), unnamed], 0)).toBe(2);
    expect(slotsTaken([unnamed, unnamed], 1)).toBe(2);
    expect(slotsTaken([], 2)).toBe(2);
  });
});
