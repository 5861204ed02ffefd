/**
 * Polls `check` until it gives a value, and fails naming `what` at the deadline. The default
 * deadline is generous (the machine may be loaded); the wait ends as soon as the thing happens, so
 * a long deadline costs nothing when all is well. Never a fixed sleep before an assertion.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
