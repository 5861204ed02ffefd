import { renameSync, writeFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import type { WriteStep } from "../write/transaction.js";

// TEST-ONLY. test/faults/kill.test.ts SIGKILLs a run at an exact point of a file change (after the
// backup, after the write) to prove that what a kill leaves behind is recoverable. The CLI's entry
// (bin.ts) installs this hook into the engine only when LOCAL_DELEGATE_TEST_PAUSE is
// `<point>:<absolute marker path>`: a bare point name or a relative path installs nothing, so a
// stray variable cannot stall a user's run, and nothing below `cli/` knows about pausing.

/** A paused run goes on after this long: a test that forgets to kill it leaves no process behind. */
const MAX_PAUSE_MS = 30_000;

/** The hook for `EngineDeps.onWriteStep`, or undefined when the variable does not ask for one. */
export function testPauseHook(value: string | undefined): ((step: WriteStep) => void) | undefined {
  const wanted = parse(value);
  if (!wanted) return undefined;
  return (step) => {
    if (step !== wanted.point) return;
    try {
      // Written whole, then renamed: the test acts on the marker the moment it appears.
      writeFileSync(`${wanted.marker}.tmp`, String(process.pid));
      renameSync(`${wanted.marker}.tmp`, wanted.marker);
    } catch {
      return;
    }
    // The write path is synchronous, so the pause is too: nothing else of the run can move on.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, MAX_PAUSE_MS);
  };
}

function parse(value: string | undefined): { point: WriteStep; marker: string } | null {
  const m = /^(after-backup|after-write):(.+)$/.exec(value ?? "");
  if (!m || !isAbsolute(m[2]!)) return null;
  return { point: m[1] as WriteStep, marker: m[2]! };
}
