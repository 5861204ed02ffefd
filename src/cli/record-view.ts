import { QUALIFY_NEXT, type KindView, type ModelRecordView } from "../requests/model-record.js";
import { pc } from "../util/colors.js";

// The model's record as `report` and `doctor` show it: per kind, the figure routing uses and where
// its attempts came from (this project's ledger, the user's record from qualification and other
// projects); for a model with none, the one next step.

const LABEL: Record<string, string> = { code: "code", test: "tests", refactor: "refactors", doc: "docs" };

/** Where a kind's attempts came from: this project's ledger, the user's record from elsewhere, and how many were qualification tasks. */
function whence(k: KindView): string {
  const parts = [];
  if (k.from_project) parts.push(`${k.from_project} in this project`);
  if (k.from_elsewhere) parts.push(`${k.from_elsewhere} from your record`);
  if (k.from_qualify) parts.push(`${k.from_qualify} by qualify`);
  return parts.join(", ");
}

/** The kind, with its own model when the config gives it one (`models: {doc: …}`). */
function label(k: KindView): string {
  const name = LABEL[k.kind] ?? k.kind;
  return k.model ? `${name} (${k.model})` : name;
}

/** The sentence for a model with no record: what `qualify --background` does, and how to run it. */
export function qualifyNext(v: ModelRecordView, cli = "local-delegate"): string {
  return `${v.model} has no record yet: \`${cli} ${QUALIFY_NEXT}\` measures it as a background job (a few minutes), and routing then follows its rates`;
}

/** For Claude (`/local-delegate:local-status`): one line, no colour. */
export function compactRecord(v: ModelRecordView): string {
  if (!v.model) return "";
  if (v.empty) return `model: ${qualifyNext(v)}.\n`;
  const kinds = v.kinds.map((k) => `${label(k)} ${k.first_pass}/${k.samples} first-pass → ${k.route} (${whence(k)})`);
  return `model ${v.model}: ${kinds.join("; ")}.\n`;
}

/** For a person: a short section with the record's folder. */
export function terminalRecord(v: ModelRecordView): string {
  if (!v.model) return "";
  const out = ["", `${pc.bold("Model record")} ${pc.dim(`· ${v.model}${v.server ? ` at ${v.server}` : ""} · ${v.records}`)}`];
  if (v.empty) out.push(`  ${pc.yellow("!")} ${qualifyNext(v)}`);
  for (const k of v.kinds) {
    const route = k.route === "local" ? pc.green("local") : pc.red("claude");
    out.push(`  ${label(k).padEnd(10)} ${`${k.first_pass}/${k.samples}`.padStart(6)} first-pass  → ${route}  ${pc.dim(whence(k))}`);
  }
  return `${out.join("\n")}\n`;
}
