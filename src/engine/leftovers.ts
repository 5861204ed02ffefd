import { killUntilGone, taggedProcesses } from "../util/tagged.js";

/** Set in the environment of a run's lint and test commands: the run's id. */
export const RUN_ENV = "LOCAL_DELEGATE_RUN_ID";

/**
 * What a dead run left running: its test command (its own process group) outlives a SIGKILLed
 * parent. Found by the run's id in its environment (Linux) and SIGKILLed until gone, before the
 * dead run's files are put back, so it cannot write into them afterwards. Passed to
 * `recoverInterrupted` by whoever recovers (a run, `rollback`).
 */
export function stopRunLeftovers(runId: string): void {
  killUntilGone(() => taggedProcesses(RUN_ENV, runId));
}
