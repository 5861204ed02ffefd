import { pc } from "../../util/colors.js";
import { withoutCredentials } from "../../util/model-id.js";
import { formatFailure } from "../../errors.js";
import type { ModelBackend } from "../../model/backend.js";
import type { ConfigSource } from "../../config/load.js";
import type { Config } from "../../config/schema.js";
import { chooseModel, type ModelInfo, type ServerFlavor } from "../../model/discover.js";
import { modelRecordView, type ModelRecordView } from "../../requests/model-record.js";
import { createBackends } from "../../model/endpoints.js";
import { TASK_KINDS } from "../../spec/schema.js";
import { syntaxGateSelfCheck } from "../../lang/self-check.js";
import { helperStatus, type HelperStatus } from "../../hook/helper-status.js";
import { parse } from "../args.js";
import { commandContext, configFor } from "../context.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";
import { qualifyNext } from "../record-view.js";

export const usage = "local-delegate doctor [--json]";

interface EndpointReport {
  /** Base URL, or `embedded:<file>`. */
  id: string;
  ok: boolean;
  server: ServerFlavor | null;
  models: ModelInfo[];
  model: string | null;
  context_length: number | null;
  problem?: string;
  /** Configured models the server does not list (tasks naming them end `unavailable`). */
  unlisted?: string[];
}

interface DoctorReport {
  ok: boolean;
  root: string;
  config_files: string[];
  /** Each setting a layer set, with where it came from (a file, a plugin option, a variable); the others have their defaults. */
  config_sources: Record<string, ConfigSource & { value: unknown }>;
  /** The backend tasks go to first: the first that answers with a usable model. */
  base_url: string | null;
  server: ServerFlavor | null;
  models: ModelInfo[];
  model: string | null;
  context_length: number | null;
  /** Every configured backend, in the order tasks try them, and whether it answers. */
  endpoints: EndpointReport[];
  problems: string[];
  warnings: string[];
  /** The model's record (this project's and the user's), when a backend answered. */
  record: ModelRecordView | null;
  /** What to do next to finish the set-up: qualify a model that has no record. */
  next_step: string | null;
  /** How many languages the syntax gate checks, and whether it works in this install. */
  syntax_gate: { languages: number; problems: string[] };
  /** The hook's resident helper for this version: never required, shown so that its process is no mystery. */
  hook_helper: HelperStatus;
}

/** Checks the config, reaches every configured backend, and says which one tasks will use. */
export async function doctorCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, { json: { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (args.ok && args.value.values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  if (!args.ok || args.value.positionals.length) {
    io.stderr(`local-delegate: ${args.ok ? `doctor takes no arguments` : args.error.message}\nusage: ${usage}\n`);
    return 2;
  }
  const json = args.value.values.json === true;
  const ctx = commandContext(io);
  const report: DoctorReport = { ok: false, root: ctx.root, config_files: [], config_sources: {}, base_url: null, server: null, models: [], model: null, context_length: null, endpoints: [], problems: [], warnings: [], record: null, next_step: null, syntax_gate: await syntaxGateSelfCheck(), hook_helper: await helperStatus(io.env) };
  // A damaged install writes files unchecked (`checked: "none"`): a problem, whatever the server says.
  for (const p of report.syntax_gate.problems) report.problems.push(`syntax gate: ${p}; files in that language are written unchecked until the plugin is reinstalled`);
  const cfg = configFor(io, ctx);
  if (!cfg.ok) {
    report.problems.push(`config: ${formatFailure(cfg.error)}`);
    return finish(io, report, json, 2);
  }
  const config = cfg.value.config;
  report.config_files = cfg.value.files;
  for (const [key, src] of Object.entries(cfg.value.sources)) report.config_sources[key] = { ...src, value: shown(key, config) };
  const backends = createBackends(config, ctx.root);
  if (!backends.ok) {
    report.problems.push(`config: ${formatFailure(backends.error)}`);
    return finish(io, report, json, 2);
  }
  // One after the other, as tasks try them; each check is bounded by connect_timeout_ms, and
  // ended by Ctrl-C: three GETs of it per backend are minutes at most, too long to ignore a user.
  for (const b of backends.value) {
    if (io.signal?.aborted) break;
    report.endpoints.push(await examine(b, config.context_length, io.signal));
  }
  await Promise.all(backends.value.map((b) => b.dispose?.()));
  if (io.signal?.aborted) {
    report.problems.push("cancelled (Ctrl-C) before every backend was checked: run `local-delegate doctor` again");
    return finish(io, report, json, 130);
  }

  const first = report.endpoints.find((e) => e.ok);
  if (!first) {
    report.problems.push(...report.endpoints.map((e) => e.problem ?? `${e.id}: no usable model`));
    return finish(io, report, json, 3);
  }
  Object.assign(report, { base_url: first.id, server: first.server, models: first.models, model: first.model, context_length: first.context_length });
  for (const e of report.endpoints) {
    if (!e.ok) report.warnings.push(`${e.id} does not answer: tasks go to the next backend (${e.problem})`);
    // Where /api/ps told the loaded context, the check below judges it like any server's.
    if (e.server === "ollama" && !config.context_length && e.context_length === null) {
      report.warnings.push(`${e.id}: Ollama's default context is small (2k–4k tokens) and it cuts longer prompts silently: set OLLAMA_CONTEXT_LENGTH=16384 when starting it, and context_length: 16384 in the config`);
    }
    if (e.ok && e.context_length !== null && e.context_length < 8192) {
      report.warnings.push(`${e.id}: the model is loaded with a ${e.context_length}-token context; 8k or more leaves room for context files and the answer`);
    }
  }
  checkModels(backends.value, report);
  report.warnings = [...new Set(report.warnings)];
  report.ok = report.problems.length === 0;
  report.record = modelRecordView(config, ctx, report.model);
  if (report.ok && report.record.empty) report.next_step = qualifyNext(report.record);
  // A run sent to a model the server does not have ends `unavailable` (3): doctor says so first.
  return finish(io, report, json, report.ok ? 0 : 3);
}

/** A setting's value as doctor prints it: an API key, top-level or an endpoint's, as "(set)"; a server URL without its password. */
function shown(key: string, config: Config): unknown {
  if (key === "api_key") return "(set)";
  if (key === "base_url") return withoutCredentials(config.base_url);
  if (key === "endpoints") return config.endpoints?.map((e) => ({ ...e, base_url: withoutCredentials(e.base_url), ...(e.api_key ? { api_key: "(set)" } : {}) }));
  return config[key as keyof Config];
}

/** Each answering backend must list the models the config names for it (problems and warnings into `report`). */
function checkModels(backends: ModelBackend[], report: DoctorReport): void {
  for (const [i, b] of backends.entries()) {
    const e = report.endpoints[i]!;
    if (!e.ok) continue;
    const unlisted = unlistedModels(b, e);
    if (unlisted.length) e.unlisted = unlisted.map((u) => u.id);
    for (const u of unlisted) {
      // A single-model llama.cpp server answers with its own model whatever the request names.
      if (e.server === "llamacpp" && e.models.every((m) => m.loaded === null)) report.warnings.push(`${notListed(e, u)}; llama.cpp's server answers with the model it was started with, ${e.models[0]?.id ?? "its own"}, whatever the name`);
      else report.problems.push(`${notListed(e, u)}. ${howToFix(e, u)}`);
    }
  }
}

interface Unlisted {
  id: string;
  kinds: string[];
}

/** The configured models (per task kind) that the server does not list, each with its kinds. */
function unlistedModels(b: ModelBackend, e: EndpointReport): Unlisted[] {
  const byId = new Map<string, string[]>();
  for (const kind of TASK_KINDS) {
    const id = b.modelFor(kind);
    if (!id) continue;
    // Matched as tasks match it (an exact id, or a unique part of one: `qwen2.5-coder` for `qwen2.5-coder:7b`).
    const choice = chooseModel({ flavor: e.server ?? "openai", models: e.models }, id, e.id);
    if (choice.ok && e.models.some((m) => m.id === choice.value.model)) continue;
    byId.set(id, [...(byId.get(id) ?? []), kind]);
  }
  return [...byId].map(([id, kinds]) => ({ id, kinds }));
}

function notListed(e: EndpointReport, u: Unlisted): string {
  const has = e.models.length ? `it has ${e.models.slice(0, 5).map((m) => m.id).join(", ")}${e.models.length > 5 ? `, and ${e.models.length - 5} more` : ""}` : "it lists no model";
  const whose = u.kinds.length === TASK_KINDS.length ? "the configured model" : `the model for ${u.kinds.join(", ")} tasks`;
  return `${e.id}: ${whose}, ${u.id}, is not listed by the server (${has})`;
}

function howToFix(e: EndpointReport, u: Unlisted): string {
  const listed = e.models[0]?.id ?? "<a model it lists>";
  const setting = u.kinds.length === TASK_KINDS.length ? `model: ${listed}` : `models: {${u.kinds.map((k) => `${k}: ${listed}`).join(", ")}}`;
  const get = e.server === "ollama" ? `\`ollama pull ${u.id}\`` : e.server === "lmstudio" ? `\`lms get ${u.id}\`` : "load it on the server";
  return `Fix: set \`${setting}\` in .claude/local-delegate.yaml, or make it available: ${get}`;
}

async function examine(b: ModelBackend, contextLength: number | undefined, signal: AbortSignal | undefined): Promise<EndpointReport> {
  const out: EndpointReport = { id: b.id, ok: false, server: null, models: [], model: null, context_length: null };
  const info = await b.describe(signal);
  if (!info.ok) return { ...out, problem: formatFailure(info.error) };
  out.server = info.value.flavor;
  out.models = info.value.models;
  const choice = chooseModel(info.value, b.modelFor("code"), b.id);
  if (!choice.ok) return { ...out, problem: formatFailure(choice.error) };
  return { ...out, ok: true, model: choice.value.model, context_length: choice.value.contextLength ?? contextLength ?? null };
}

function finish(io: CliIO, r: DoctorReport, json: boolean, code: number): number {
  if (json) {
    printJson(io, r);
    return code;
  }
  const line = (ok: boolean, s: string) => io.stdout(`${ok ? pc.green("✓") : pc.red("✗")} ${s}\n`);
  line(true, `project: ${r.root}`);
  // A config problem is printed with the other problems, naming the file or variable at fault.
  if (!r.problems.some((p) => p.startsWith("config"))) {
    line(true, `config: ${r.config_files.length ? r.config_files.join(", ") : "no config file"}`);
    // Where each setting came from, in the order the layers apply (later wins).
    for (const [key, s] of Object.entries(r.config_sources)) io.stdout(`    ${key} ${pc.dim("=")} ${typeof s.value === "string" ? s.value : JSON.stringify(s.value)}  ${pc.dim(`from ${s.name}`)}\n`);
    io.stdout(`    ${pc.dim(Object.keys(r.config_sources).length ? "every other setting: its default" : "every setting: its default")}\n`);
  }
  line(r.syntax_gate.problems.length === 0, `syntax gate: ${r.syntax_gate.languages} languages checked in process${r.syntax_gate.problems.length ? pc.dim(" (not all work here, see below)") : ""}`);
  io.stdout(`${pc.dim("·")} hook helper: ${helperLine(r.hook_helper)}\n`);
  for (const e of r.endpoints) {
    line(e.ok, `${e.id.startsWith("embedded:") ? "embedded" : "server"}: ${e.id}${e.server ? ` (${serverName(e.server)})` : ""}${e.ok ? "" : pc.dim(" does not answer")}`);
    for (const m of e.models) {
      const state = m.loaded === true ? pc.green("loaded") : m.loaded === false ? pc.dim("not loaded") : pc.dim("available");
      io.stdout(`    ${m.id === e.model ? pc.bold(m.id) : m.id}  ${state}${m.contextLength ? pc.dim(`  ctx ${m.contextLength}`) : ""}\n`);
    }
  }
  const first = r.endpoints.find((e) => e.id === r.base_url);
  if (r.model) line(!first?.unlisted?.includes(r.model), `tasks go to ${r.base_url}, model ${r.model}${r.context_length ? ` (context ${r.context_length})` : ""}`);
  for (const p of r.problems) line(false, p);
  for (const w of r.warnings) io.stdout(`${pc.yellow("!")} ${w}\n`);
  if (r.next_step) io.stdout(`${pc.cyan("→")} next: ${r.next_step}\n`);
  return code;
}

function helperLine(h: HelperStatus): string {
  switch (h.state) {
    case "off":
      return "off; the hooks do their work in their own process";
    case "none":
      return "none running; the next hook of a Claude Code session starts one";
    case "answering":
      return `pid ${h.pid}, since ${h.since}, on ${h.socket} ${pc.dim("(stops after 30 idle minutes; kill it to stop it now)")}`;
    case "not answering":
      return `something on ${h.socket} does not answer; the hooks do their work themselves, and the next one starts a helper that replaces it`;
  }
}

function serverName(flavor: string): string {
  return { lmstudio: "LM Studio", llamacpp: "llama.cpp server", ollama: "Ollama", openai: "OpenAI-compatible", embedded: "node-llama-cpp, in process" }[flavor] ?? flavor;
}
