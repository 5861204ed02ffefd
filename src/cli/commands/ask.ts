import { formatFailure, type Result } from "../../errors.js";
import { isBackendFault } from "../../model/backend.js";
import type { ChatOutcome } from "../../model/chat.js";
import { chooseModel } from "../../model/discover.js";
import { createBackends } from "../../model/endpoints.js";
import { statusForFailure, exitCodeFor } from "../../engine/result.js";
import { defaultCliPath } from "../../hook/context.js";
import { parse } from "../args.js";
import { bashLimitFailure, startBashLimit } from "../bash-limit.js";
import { commandContext, configFor } from "../context.js";
import type { CliIO } from "../io.js";
import { printJson } from "../output.js";
import { progressLine } from "../progress.js";

export const usage =
  "local-delegate ask [--json] [--bash-limit] QUESTION...   (or - or --stdin to read the question from stdin, as `run -` reads its spec; --bash-limit: stop before Claude Code's Bash time limit, saying so)";

/** A question read from stdin is cut off here: far more than any local model's context, and /dev/zero piped by mistake ends. */
const MAX_QUESTION_BYTES = 1024 * 1024;

const SYSTEM = "You are a concise, accurate software engineering assistant. Answer directly; use code blocks for code.";

/**
 * `ask`: one question straight to the local model, its answer printed with model, tokens and
 * time. For `/local-delegate:local-ask`, whose output Claude only reads: Claude pays nothing to
 * produce the answer.
 */
export async function askCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parse(argv, { stdin: { type: "boolean" }, json: { type: "boolean" }, "bash-limit": { type: "boolean" }, help: { type: "boolean", short: "h" } });
  if (!args.ok || args.value.values.help) {
    (args.ok ? io.stdout : io.stderr)(`${args.ok ? "" : `local-delegate: ${args.error.message}\n`}usage: ${usage}\n`);
    return args.ok ? 0 : 2;
  }
  const words = args.value.positionals;
  const fromStdin = args.value.values.stdin === true || (words.length === 1 && words[0] === "-");
  const json = args.value.values.json === true;
  const fail = (f: Parameters<typeof formatFailure>[0]) => {
    const status = statusForFailure(f);
    if (json) printJson(io, { status, error: formatFailure({ ...f, hint: undefined }), ...(f.hint ? { hint: f.hint } : {}) });
    else io.stdout(`local-delegate ask: ${formatFailure(f)}\n`);
    return exitCodeFor(status);
  };
  const input = fromStdin ? await io.readStdin({ what: "question", maxBytes: MAX_QUESTION_BYTES }) : { ok: true as const, value: words.join(" ") };
  if (!input.ok) return fail(input.error);
  const question = input.value.trim();
  if (!question) return fail({ code: "USAGE", message: "no question given" });
  // Under a command's `!` line, which Claude Code moves to the background at its Bash limit.
  const limit = args.value.values["bash-limit"] === true ? startBashLimit(io.env, io.signal) : null;
  try {
    const r = await answer(question, io, limit?.signal ?? io.signal);
    if (!r.ok) return fail(limit?.ended === "expired" ? bashLimitFailure(limit, io.env, defaultCliPath()) : r.error);
    const a = r.value;
    const text = a.text.replace(/<think>[\s\S]*?<\/think>\s*/g, "").trim();
    const tokens = a.usage ? `${a.usage.prompt_tokens}+${a.usage.completion_tokens} tokens` : "tokens not reported";
    const cut = a.finishReason === "length" ? " (cut off at the token limit)" : "";
    if (json) {
      printJson(io, { status: "success", model: a.model, answer: text, finish_reason: a.finishReason, local_tokens: a.usage ? { prompt: a.usage.prompt_tokens, completion: a.usage.completion_tokens } : null, ms: a.elapsedMs });
    } else {
      io.stdout(`${text}\n\n— ${a.model}, ${tokens}, ${(a.elapsedMs / 1000).toFixed(1)} s${cut}\n`);
    }
    return 0;
  } finally {
    limit?.dispose();
  }
}

/**
 * The local model's answer to `question`, from the backend a task would use: the first that
 * answers (endpoints before base_url, as in a run), with its own key and model.
 */
async function answer(question: string, io: CliIO, signal: AbortSignal | undefined): Promise<Result<ChatOutcome>> {
  const ctx = commandContext(io);
  const cfg = configFor(io, ctx);
  if (!cfg.ok) return cfg;
  const config = cfg.value.config;
  const backends = createBackends(config, ctx.root);
  if (!backends.ok) return backends;
  try {
    // createBackends gives one at least: base_url when nothing else is set.
    let last: Result<ChatOutcome> | undefined;
    for (const b of backends.value) {
      const info = await b.describe(signal);
      if (!info.ok && isBackendFault(info.error.code)) {
        last = info;
        continue;
      }
      if (!info.ok) return info;
      const choice = chooseModel(info.value, b.modelFor("doc"), b.id);
      if (!choice.ok) return choice;
      // A slow model may take minutes: a person at a terminal sees it at work, as `run` shows it.
      const progress = io.stderrIsTTY ? progressLine(io.stderr, "ask") : null;
      progress?.onEvent({ type: "model", model: choice.value.model, flavor: info.value.flavor, contextLength: choice.value.contextLength });
      progress?.onEvent({ type: "attempt", n: 1, of: 1 });
      const r = await b.chat({
        model: choice.value.model,
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: question },
        ],
        maxTokens: config.max_output_tokens,
        temperature: config.temperature,
        timeoutMs: config.timeout_ms,
        signal,
        onProgress: (p) => progress?.onEvent({ type: "progress", ...p }),
      });
      progress?.done();
      return r;
    }
    return last!;
  } finally {
    await Promise.all(backends.value.map((b) => b.dispose?.()));
  }
}
