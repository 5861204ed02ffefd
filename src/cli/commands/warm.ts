import { isBackendFault, type ModelBackend } from "../../model/backend.js";
import { chooseModel, type ServerInfo } from "../../model/discover.js";
import { createBackends } from "../../model/endpoints.js";
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
    return await warm(config, ctx.root, io, (model) => noteWarm(state, server, model));
  } finally {
    lock.value();
  }
}

/**
 * Loads the model on the backend a task would use: the first server that answers (endpoints
 * before base_url, as in a run), with its own key. `loaded` notes it (best effort: a missed note
 * costs one more warm-up). An embedded model is loaded by the run that uses it.
 */
async function warm(config: Config, root: string, io: CliIO, loaded: (model: string) => void): Promise<number> {
  if (config.backend !== "server") return 0;
  const backends = createBackends(config, root);
  if (!backends.ok) return 2;
  for (const b of backends.value) {
    // Detached, it is stopped by SIGTERM alone (bin.ts turns it into io.signal): no wait outlasts it.
    const info = await b.describe(io.signal);
    if (info.ok) return load(b, info.value, config, io, loaded);
    if (!isBackendFault(info.error.code)) return 3;
  }
  return 3;
}

async function load(b: ModelBackend, info: ServerInfo, config: Config, io: CliIO, loaded: (model: string) => void): Promise<number> {
  const choice = chooseModel(info, b.modelFor("code"), b.id);
  if (!choice.ok) return 3;
  const listed = info.models.find((m) => m.id === choice.value.model);
  const done = (): number => {
    loaded(choice.value.model);
    return 0;
  };
  if (listed?.loaded === true) return done();
  const r = await b.chat({
    model: choice.value.model,
    messages: [{ role: "user", content: "ok" }],
    maxTokens: 1,
    temperature: 0,
    timeoutMs: Math.min(config.timeout_ms, 300_000),
    signal: io.signal,
  });
  return r.ok ? done() : 3;
}
