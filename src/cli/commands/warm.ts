import { chooseModel, discoverServer } from "../../model/discover.js";
import { streamChat } from "../../model/chat.js";
import { noteWarm, warmLockPath } from "../../model/health-cache.js";
import type { Config } from "../../config/schema.js";
import { acquireLock } from "../../util/lock.js";
import { healthTarget } from "../../model/targets.js";
import { stateDir } from "../../project/state-dir.js";
import { commandContext, configFor } from "../context.js";
import type { CliIO } from "../io.js";

/**
 * `local-delegate warm` (started in the background by the session hook): if the model a task
 * would use is not loaded, ask for one token so the server loads it now (LM Studio and llama.cpp's
 * router load on first use) and the first real task does not wait for it. A loaded model is noted
 * (model/health-cache.ts), so the next session start does not spawn this again for a while.
 */
export async function warmCommand(_argv: string[], io: CliIO): Promise<number> {
  const ctx = commandContext(io);
  const cfg = configFor(io, ctx);
  if (!cfg.ok) return 2;
  const config = cfg.value.config;
  // One at a time per server: another warm-up at work is asking already (its call has a deadline).
  let state: string;
  try {
    state = stateDir(io.env);
  } catch {
    return 3; // no state folder: no lock to keep warm-ups from piling up, so none
  }
  const server = healthTarget(config).cacheKey;
  const lock = await acquireLock(warmLockPath(state, server), { what: "warming the model", waitMs: 0 });
  if (!lock.ok) return lock.error.code === "LOCKED" ? 0 : 3;
  try {
    return await warm(config, io, (model) => noteWarm(state, server, model));
  } finally {
    lock.value();
  }
}

/** Loads the model; `loaded` notes it (best effort: a missed note costs one more warm-up). */
async function warm(config: Config, io: CliIO, loaded: (model: string) => void): Promise<number> {
  const ep = { baseUrl: config.base_url, apiKey: config.api_key, connectTimeoutMs: config.connect_timeout_ms };
  // Detached, it is stopped by SIGTERM alone (bin.ts turns it into io.signal): no wait outlasts it.
  const info = await discoverServer(ep, config.connect_timeout_ms, io.signal);
  if (!info.ok) return 3;
  const wanted = config.models?.code ?? config.model;
  const choice = chooseModel(info.value, wanted, config.base_url);
  if (!choice.ok) return 3;
  const listed = info.value.models.find((m) => m.id === choice.value.model);
  const done = (): number => {
    loaded(choice.value.model);
    return 0;
  };
  if (listed?.loaded === true) return done();
  const r = await streamChat(ep, {
    model: choice.value.model,
    messages: [{ role: "user", content: "ok" }],
    maxTokens: 1,
    temperature: 0,
    timeoutMs: Math.min(config.timeout_ms, 300_000),
    signal: io.signal,
  });
  return r.ok ? done() : 3;
}
