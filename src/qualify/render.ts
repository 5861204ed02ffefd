import { pc } from "../util/colors.js";
import type { Reason } from "../classify/criteria.js";
import type { KindFigures, TaskFigures } from "./summary.js";
import type { SkippedTask } from "./toolchains.js";

export interface QualifyReport {
  status: "done" | "stopped" | "failed";
  model: string | null;
  /** The model of each kind, when a config with a model per kind ran them on more than one. */
  models?: Record<string, string>;
  server: string | null;
  suite: string;
  tasks: number;
  ms: number;
  kinds: KindFigures[];
  /** Per kind: where tasks of that kind now go for this model, and the figure behind it. */
  routing: { kind: string; route: "local" | "claude"; detail: string }[];
  results: TaskFigures[];
  /** Tasks not run because their toolchain is not on PATH or does not work (Go, Rust…); they count nowhere. */
  skipped: SkippedTask[];
  error?: string;
  hint?: string;
  /** The kept throwaway projects (`--keep`). */
  dir?: string;
}

/** The table a person reads. */
export function renderReport(r: QualifyReport): string {
  const out: string[] = [];
  const who = r.models ? Object.entries(r.models).map(([kind, model]) => `${kind}: ${pc.bold(model)}`).join(", ") : pc.bold(r.model ?? "the configured model");
  const head = `qualification of ${who}${r.server ? pc.dim(` on ${r.server}`) : ""}`;
  out.push(`${head} ${pc.dim(`(${r.suite}, ${r.tasks} tasks, ${seconds(r.ms)})`)}`, "");
  const rows = [
    ["kind", "tasks", "1st try", "by 2nd try", "well-formed", "tokens in/out", "time"],
    ...r.kinds.map((k) => [
      k.kind,
      String(k.tasks),
      ratio(k.first_pass, k.judged, k.first_pass_rate),
      ratio(k.second_pass, k.judged, k.second_pass_rate),
      ratio(k.well_formed_answers, k.answers, k.well_formed_rate),
      tokens(k),
      seconds(k.ms),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  rows.forEach((row, n) => {
    const line = row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("   ");
    const isAll = row[0] === "all";
    out.push(`  ${n === 0 ? pc.dim(line) : isAll ? pc.bold(line) : colourRate(line, r.kinds[n - 1]!.first_pass_rate)}`);
  });
  const misses = r.results.filter((t) => !t.first_pass);
  if (misses.length) {
    out.push("");
    const w = Math.max(...misses.map((t) => t.suite_task.length));
    for (const t of misses) {
      const mark = t.second_pass ? pc.yellow("↻") : pc.red("✗");
      const why = t.second_pass ? "passed on the retry" : `${t.status}${t.error ? `: ${t.error}` : ""}`;
      out.push(`  ${mark} ${t.suite_task.padEnd(w)}  ${pc.dim(clip(why, 110))}`);
    }
  }
  if (r.skipped.length) {
    out.push("");
    const w = Math.max(...r.skipped.map((t) => t.task.length));
    for (const t of r.skipped) out.push(`  ${pc.dim("–")} ${t.task.padEnd(w)}  ${pc.dim(`skipped: ${t.reason}`)}`);
  }
  if (r.routing.length) {
    out.push("", "routing for this model:");
    for (const x of r.routing) out.push(`  ${x.route === "claude" ? pc.red("→ claude") : pc.green("→ local ")}  ${x.detail}`);
  }
  if (r.error) out.push("", `${pc.red("✗")} ${r.error}${r.hint ? pc.dim(` (${r.hint})`) : ""}`);
  if (r.dir) out.push("", pc.dim(`projects kept in ${r.dir}`));
  return `${out.join("\n")}\n`;
}

/** A routing row from the record's reason (see classify/adaptive.ts). */
export function routingRow(kind: string, reason: Reason | null): QualifyReport["routing"][number] {
  if (!reason) return { kind, route: "local", detail: `${kind}: no attempt on record` };
  return { kind, route: reason.ok ? "local" : "claude", detail: reason.detail };
}

function ratio(n: number, of: number, rate: number | null): string {
  return rate === null ? "–" : `${n}/${of} ${String(Math.round(rate * 100)).padStart(3)}%`;
}

function colourRate(line: string, rate: number | null): string {
  if (rate === null) return pc.dim(line);
  return rate >= 0.75 ? pc.green(line) : rate >= 0.5 ? line : pc.red(line);
}

/** "?" for a count no server gave; the sums say how many tasks they leave out. */
function tokens(k: KindFigures): string {
  const counted = k.prompt_tokens === null ? "?" : `${kilo(k.prompt_tokens)}/${kilo(k.completion_tokens ?? 0)}`;
  return k.tokens_unknown && k.prompt_tokens !== null ? `${counted} (${k.tokens_unknown} uncounted)` : counted;
}

function kilo(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s >= 120 ? `${Math.floor(s / 60)}m ${Math.round(s % 60)}s` : `${s.toFixed(1)}s`;
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, " ");
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}
