/** 950 → "950", 12_345 → "12.3k", 2_500_000 → "2.5M"; negative numbers keep their sign. */
export function tokens(n: number): string {
  const a = Math.abs(n);
  const s = a < 1_000 ? String(a) : a < 1_000_000 ? `${trim(a / 1_000)}k` : `${trim(a / 1_000_000)}M`;
  return n < 0 ? `-${s}` : s;
}

function trim(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toFixed(1).replace(/\.0$/, "");
}

/** 0.8333 → "83%"; null → "–". */
export function pct(x: number | null): string {
  return x === null ? "–" : `${Math.round(x * 100)}%`;
}

export function reasonsText(rs: readonly { reason: string; count: number }[]): string {
  return rs.map((r) => `${r.reason} ${r.count}`).join(", ");
}

export function recordText(r: Readonly<Record<string, number>>): string {
  return Object.entries(r)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

/** "1.2k local prompt tokens processed, 8.4k taken from the server's cache (88%) on 12 attempts". */
export function promptCacheText(c: { processed: number; cached: number; cached_rate: number | null; attempts_measured: number }): string {
  const n = c.attempts_measured;
  return `${tokens(c.processed)} local prompt tokens processed, ${tokens(c.cached)} taken from the server's cache (${pct(c.cached_rate)}) on ${n} attempt${n === 1 ? "" : "s"}`;
}

/**
 * What the sums leave out because the ledger does not have it, or null when they leave out nothing:
 * local tokens of runs whose server reported none, Claude tokens of tasks with no estimate. Unknown
 * is said as unknown, never added in as 0.
 */
export function unmeasuredText(r: { delegated: number; local_tokens: { runs_measured: number; runs_unmeasured: number }; claude: { tasks_unmeasured: number } }, short = false): string | null {
  const parts: string[] = [];
  const l = r.local_tokens;
  if (l.runs_unmeasured) parts.push(`local tokens of ${l.runs_unmeasured} of ${l.runs_measured + l.runs_unmeasured} runs${short ? "" : " that reached the model (the server reported none)"}`);
  if (r.claude.tasks_unmeasured) parts.push(`Claude tokens of ${r.claude.tasks_unmeasured} of ${r.delegated} tasks${short ? "" : " (no estimate on the line)"}`);
  if (!parts.length) return null;
  return short ? parts.join(", ") : `${parts.join("; ")}: the sums above leave them out`;
}
