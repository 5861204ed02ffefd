// A timer a hook can arm for almost nothing. Node's first `setTimeout` compiles its timer lists
// and costs a hook 2.5% of a bare Node start (valgrind); the timeout of `Atomics.waitAsync` is
// V8's own, on a buffer nobody else holds, so it only ever ends by timing out. It costs 0.1%,
// and like an unref'd timer it does not keep the process alive.

/** `Atomics.waitAsync` (ES2024; TypeScript's lib here is ES2023). */
type WaitAsync = (buffer: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: unknown };

/** Calls `fire` once `ms` have passed, if the process still runs; `setTimeout` (unref'd) where `Atomics.waitAsync` is missing. */
export function after(ms: number, fire: () => void): void {
  const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  if (typeof waitAsync === "function") {
    try {
      const wait = waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      if (wait.async && wait.value instanceof Promise) {
        wait.value.then(fire, fire);
        return;
      }
    } catch {
      /* setTimeout below */
    }
  }
  setTimeout(fire, ms).unref();
}
