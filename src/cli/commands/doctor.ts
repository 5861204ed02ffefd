import pc from "picocolors";
import { formatFailure } from "../../errors.js";
import { chooseModel, discoverServer, type ServerInfo } from "../../model/discover.js";
import { parse } from "../args.js";
import { commandContext, configFor } from "../context.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";

export const usage = "local-delegate doctor [--json]";

interface DoctorReport {
  ok: boolean;
  root: string;
  config_files: string[];
  base_url: string | null;
  server: ServerInfo["flavor"] | null;
  models: ServerInfo["models"];
  model: string | null;
  context_length: number | null;
  problems: string[];
  warnings: string[];
}

/** Checks the config, reaches the server, lists its models and says which one tasks will use. */
export async function doctorCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, { json: { type: "boolean" } });
  if (!args.ok) {
    io.stderr(`local-delegate: ${args.error.message}\nusage: ${usage}\n`);
    return 2;
  }
  const ctx = commandContext(io);
  const report: DoctorReport = { ok: false, root: ctx.root, config_files: [], base_url: null, server: null, models: [], model: null, context_length: null, problems: [], warnings: [] };
  const cfg = configFor(io, ctx);
  if (!cfg.ok) {
    report.problems.push(`config: ${formatFailure(cfg.error)}`);
    return finish(io, report, args.value.values.json === true, 2);
  }
  const config = cfg.value.config;
  report.config_files = cfg.value.files;
  report.base_url = config.base_url;
  const info = await discoverServer({ baseUrl: config.base_url, apiKey: config.api_key }, config.connect_timeout_ms);
  if (!info.ok) {
    report.problems.push(formatFailure(info.error));
    return finish(io, report, args.value.values.json === true, 3);
  }
  report.server = info.value.flavor;
  report.models = info.value.models;
  const choice = chooseModel(info.value, config.model, config.base_url);
  if (!choice.ok) {
    report.problems.push(formatFailure(choice.error));
    return finish(io, report, args.value.values.json === true, 3);
  }
  report.model = choice.value.model;
  report.context_length = choice.value.contextLength ?? config.context_length ?? null;
  if (info.value.flavor === "ollama" && !config.context_length) {
    report.warnings.push("Ollama's default context is small (2k–4k tokens) and it cuts longer prompts silently: set OLLAMA_CONTEXT_LENGTH=16384 when starting it, and context_length: 16384 in the config");
  }
  if (report.context_length !== null && report.context_length < 8192) {
    report.warnings.push(`the model is loaded with a ${report.context_length}-token context; 8k or more leaves room for context files and the answer`);
  }
  for (const [kind, id] of Object.entries(config.models ?? {})) {
    if (id && !info.value.models.some((m) => m.id === id)) report.warnings.push(`models.${kind}: ${id} is not listed by the server`);
  }
  report.ok = true;
  return finish(io, report, args.value.values.json === true, 0);
}

function finish(io: CliIO, r: DoctorReport, json: boolean, code: number): number {
  if (json) {
    printJson(io, r);
    return code;
  }
  const line = (ok: boolean, s: string) => io.stdout(`${ok ? pc.green("✓") : pc.red("✗")} ${s}\n`);
  line(true, `project: ${r.root}`);
  line(!r.problems.some((p) => p.startsWith("config")), `config: ${r.config_files.length ? r.config_files.join(", ") : "defaults (no config file)"}`);
  if (r.base_url) line(r.server !== null, `server: ${r.base_url}${r.server ? ` (${serverName(r.server)})` : ""}`);
  for (const m of r.models) {
    const state = m.loaded === true ? pc.green("loaded") : m.loaded === false ? pc.dim("not loaded") : pc.dim("available");
    io.stdout(`    ${m.id === r.model ? pc.bold(m.id) : m.id}  ${state}${m.contextLength ? pc.dim(`  ctx ${m.contextLength}`) : ""}\n`);
  }
  if (r.model) line(true, `model for tasks: ${r.model}${r.context_length ? ` (context ${r.context_length})` : ""}`);
  for (const p of r.problems) line(false, p);
  for (const w of r.warnings) io.stdout(`${pc.yellow("!")} ${w}\n`);
  return code;
}

function serverName(flavor: string): string {
  return { lmstudio: "LM Studio", llamacpp: "llama.cpp server", ollama: "Ollama", openai: "OpenAI-compatible" }[flavor] ?? flavor;
}
