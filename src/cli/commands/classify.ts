import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { pc } from "../../util/colors.js";
import { configuredModel, routeKindFor, routeWithLedger, thresholdsFromConfig } from "../../classify/adaptive.js";
import { classifyContent } from "../../classify/content.js";
import type { Reason, Verdict } from "../../classify/criteria.js";
import { classifyDescription } from "../../classify/description.js";
import { formatFailure } from "../../errors.js";
import { ledgerPath } from "../../ledger/append.js";
import { parse } from "../args.js";
import { commandContext, configFor } from "../context.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";
import { parseKinds } from "../../qualify/kinds.js";
import { recordPlace } from "../../requests/model-record.js";

export const usage = 'local-delegate classify --description "…" [--file PATH] [--kind code|test|refactor|doc] [--model M] [--json]';

/** A file this large is not an atomic task, and reading more of it tells nothing more. */
const MAX_FILE_BYTES = 1024 * 1024;

interface ClassifyReport extends Verdict {
  kind: string;
  model: string | null;
  /** The model's recent record on the kind, as the adaptive verdict used it; null when none. */
  record: { kind: string; samples: number; first_pass: number; passed: number; from_qualify: number; from_project: number; first_pass_rate: number | null } | null;
}

/**
 * The classifier, exposed: the static criteria for a task description and/or a file's content,
 * combined with the configured model's measured record on that kind of task.
 */
export async function classifyCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, {
    help: { type: "boolean", short: "h" },
    json: { type: "boolean" },
    description: { type: "string", short: "d" },
    file: { type: "string", short: "f" },
    kind: { type: "string", short: "k" },
    model: { type: "string" },
  });
  if (!args.ok) return usageError(io, args.error.message);
  const v = args.value.values;
  if (v.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const description = typeof v.description === "string" ? v.description.trim() : "";
  const file = typeof v.file === "string" ? v.file : null;
  if (!description && !file) return usageError(io, "give --description, --file or both");
  if (args.value.positionals.length) return usageError(io, `unexpected argument ${args.value.positionals[0]}`);
  const kinds = typeof v.kind === "string" ? parseKinds(v.kind, "--kind") : null;
  if (typeof kinds === "string") return usageError(io, kinds);
  if (kinds && kinds.length > 1) return usageError(io, "--kind takes one kind");
  const specKind = kinds?.[0] ?? null;

  const ctx = commandContext(io);
  const verdicts: Verdict[] = [];
  if (description) verdicts.push(classifyDescription({ description, kind: specKind ?? undefined }));
  if (file) {
    const abs = isAbsolute(file) ? file : join(io.cwd, file);
    const content = readSmall(abs);
    if (typeof content !== "string") return usageError(io, `--file ${file}: ${content.error}`);
    const rel = relative(ctx.root, abs);
    const named = rel.startsWith("..") || isAbsolute(rel) ? file : rel.split(sep).join("/");
    verdicts.push(classifyContent({ file: named, content }));
  }
  const staticVerdict = combine(verdicts);

  const cfg = configFor(io, ctx);
  if (!cfg.ok) {
    io.stderr(`local-delegate: ${formatFailure(cfg.error)}\n`);
    return 2;
  }
  const config = cfg.value.config;
  const kind = routeKindFor(staticVerdict.category, specKind);
  const routed = routeWithLedger(staticVerdict, {
    ledgerFile: ledgerPath(ctx.data),
    model: (typeof v.model === "string" && v.model.trim()) || configuredModel(config, kind),
    kind,
    thresholds: thresholdsFromConfig(config),
    ...recordPlace(config, ctx),
  });
  const k = routed.record;
  const report: ClassifyReport = {
    ...routed.verdict,
    kind,
    model: routed.model,
    record: k ? { kind, samples: k.samples, first_pass: k.firstPass, passed: k.passed, from_qualify: k.fromQualify, from_project: k.fromProject, first_pass_rate: k.samples ? Math.round((k.firstPass / k.samples) * 1000) / 1000 : null } : null,
  };
  if (v.json) printJson(io, report);
  else io.stdout(render(report));
  return 0;
}

/** Description and file together: local only when both say so; the file names the category. */
function combine(verdicts: Verdict[]): Verdict {
  const last = verdicts.at(-1)!;
  return {
    verdict: verdicts.every((x) => x.verdict === "local") ? "local" : "claude",
    category: last.category,
    reasons: verdicts.flatMap((x) => x.reasons),
  };
}

function readSmall(abs: string): string | { error: string } {
  try {
    const st = statSync(abs);
    if (!st.isFile()) return { error: "not a file" };
    if (st.size > MAX_FILE_BYTES) return { error: `${st.size} bytes; at most ${MAX_FILE_BYTES}` };
    return readFileSync(abs, "utf8");
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message };
  }
}

function render(r: ClassifyReport): string {
  const head = r.verdict === "local" ? pc.green("local") : pc.red("claude");
  const lines = [`${head}  ${r.category} ${pc.dim(`(kind ${r.kind}${r.model ? `, model ${r.model}` : ""})`)}`];
  for (const reason of r.reasons) lines.push(`  ${mark(reason)} ${reason.criterion}: ${reason.detail}`);
  return `${lines.join("\n")}\n`;
}

function mark(r: Reason): string {
  return r.ok ? pc.green("✓") : pc.red("✗");
}

function usageError(io: CliIO, message: string): number {
  io.stderr(`local-delegate: ${message}\nusage: ${usage}\n`);
  return 2;
}
