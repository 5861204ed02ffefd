// A 10-line pure utility: delegable by the static criteria (under 10 lines, writing it is cheaper
// for Claude). The plugin tests have Claude write it and expect the hook to route it.
export const DELEGABLE_UTIL = `/** Limits n to the range [lo, hi]; a reversed range is swapped first. */
export function clamp(n: number, lo: number, hi: number): number {
  if (Number.isNaN(n)) return lo;
  if (lo > hi) {
    const t = lo;
    lo = hi;
    hi = t;
  }
  return Math.min(hi, Math.max(lo, n));
}
`;
