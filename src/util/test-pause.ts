import { renameSync, writeFileSync } from "node:fs";
import { isAbsolute } from "node:path";

// TEST-ONLY. test/faults/kill.test.ts SIGKILLs a run at an exact point of a file change (after the
// backup, after the write) to prove that what a kill leaves behind is recoverable. Nothing else
// uses it. It acts only when LOCAL_DELEGATE_TEST_PAUSE is `<point>:<absolute marker path>`: a bare
// point name or a relative path does nothing, so a stray variable cannot stall a user's run. Read
// once when the module loads, so a normal run pays one comparison per file write.

export type PausePoint = "after-backup" | "after-write";

/** A paused run goes on after this long: a test that forgets to kill it leaves no process behind. */
const MAX_PAUSE_MS = 30_000;

const wanted = parse(process.env.LOCAL_DELEGATE_TEST_PAUSE);

/** Writes the marker (holding our pid) and blocks this thread; the test kills us while we wait. */
export function testPause(point: PausePoint): void {
  if (wanted === null || wanted.point !== point) return;
  try {
    // Written whole, then renamed: the test acts on the marker the moment it appears.
    writeFileSync(`${wanted.marker}.tmp`, String(process.pid));
    renameSync(`${wanted.marker}.tmp`, wanted.marker);
  } catch {
    return;
  }
  // The write path is synchronous, so the pause is too: nothing else of the run can move on.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, MAX_PAUSE_MS);
}

function parse(value: string | undefined): { point: PausePoint; marker: string } | null {
  const m = /^(after-backup|after-write):(.+)$/.exec(value ?? "");
  if (!m || !isAbsolute(m[2]!)) return null;
  return { point: m[1] as PausePoint, marker: m[2]! };
}
