/**
 * Runs a real llama.cpp `llama-server` for tests, on loopback, with scripted GGUF models
 * (see scripted-gguf.ts).
 *
 * - The binary is `$LLAMA_SERVER_BIN`, else `.cache/llama-server/bin/llama-server` in the repo,
 *   which `ensureLlamaServer()` installs with scripts/install-llama-server.sh when missing.
 * - `startLlamaServer` starts it with `--host 127.0.0.1 --port 0`: the kernel picks a free port
 *   (no race between choosing and binding), read back from the server's "listening on" log line.
 *   Then it waits for `GET /health` to answer 200, within a bounded time, and fails with the
 *   server's log if it does not, or if the process exits first.
 * - Single-model mode (`model`) or router mode (`modelsDir`, models loaded on demand by name,
 *   each in a child process the router starts and stops).
 * - `stop()` sends SIGTERM to the server's process group (router children included), SIGKILL after
 *   a grace period. Servers still running when the test process exits are killed too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { signalChild } from "./processes.js";

export interface LlamaServerOptions {
  /** A GGUF file: single-model mode. The model's id is the file name, or `alias`. */
  model?: string;
  /** A directory of GGUF files: router mode, the model id is the file name without `.gguf`. */
  modelsDir?: string;
  /** `--ctx-size`. llama.cpp rounds it up to a multiple of 256. Default: the model's training context. */
  ctxSize?: number;
  /** `--alias` (single-model mode). */
  alias?: string;
  /** More arguments, appended last (later arguments win in llama.cpp). */
  extraArgs?: string[];
  /** How long to wait for `/health`. Default 30 s. */
  startupTimeoutMs?: number;
}

export interface LlamaServer {
  /** `http://127.0.0.1:PORT/v1`, what an OpenAI client takes as its base URL. */
  baseUrl: string;
  /** `http://127.0.0.1:PORT`, for llama.cpp's own endpoints (`/health`, `/props`, `/slots`). */
  origin: string;
  /** The server's process id (the leader of its process group). */
  pid: number;
  stop(): Promise<void>;
  /** Everything the server wrote to stdout and stderr so far (the last 256 KB). */
  logs(): string;
}

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const INSTALL_SCRIPT = join(REPO, "scripts", "install-llama-server.sh");
const DEFAULT_BIN = join(REPO, ".cache", "llama-server", "bin", "llama-server");
const LOG_LIMIT = 256 * 1024;
const STOP_GRACE_MS = 5_000;

/** Where the binary is expected: `$LLAMA_SERVER_BIN`, else the repo's own install. */
export function llamaServerBin(): string {
  return process.env.LLAMA_SERVER_BIN || DEFAULT_BIN;
}

/** True when the binary is there and executable (not that it runs; `ensureLlamaServer` checks that). */
export function llamaServerAvailable(): boolean {
  try {
    accessSync(llamaServerBin(), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes sure a working llama-server exists and returns its path. With `$LLAMA_SERVER_BIN` set, only
 * checks that it exists. Otherwise runs the install script, which returns at once when the install
 * is there and runs, and otherwise installs it (a few seconds; needs the Debian mirror). Two workers
 * calling this at once are serialised by the script's lock.
 */
export async function ensureLlamaServer(opts: { timeoutMs?: number } = {}): Promise<string> {
  const bin = llamaServerBin();
  if (process.env.LLAMA_SERVER_BIN) {
    if (!llamaServerAvailable()) throw new Error(`LLAMA_SERVER_BIN=${bin} is not an executable file`);
    return bin;
  }
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const { code, output, timedOut } = await runBounded("bash", [INSTALL_SCRIPT], timeoutMs);
  if (timedOut) throw new Error(`install-llama-server.sh did not finish in ${timeoutMs} ms:\n${output}`);
  if (code !== 0 || !llamaServerAvailable()) {
    throw new Error(`install-llama-server.sh failed (exit ${code}):\n${output}`);
  }
  return bin;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** The server's group (router children too), or the server alone; only while Node has not reaped it. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!signalChild(child, signal, { group: true })) signalChild(child, signal);
}

export async function startLlamaServer(opts: LlamaServerOptions): Promise<LlamaServer> {
  if (!opts.model === !opts.modelsDir) throw new Error("startLlamaServer: give exactly one of `model` and `modelsDir`");
  const bin = llamaServerBin();
  if (!existsSync(bin)) throw new Error(`llama-server not found at ${bin}; call ensureLlamaServer() first`);
  if (opts.model && !existsSync(opts.model)) throw new Error(`startLlamaServer: model ${opts.model} does not exist`);
  if (opts.modelsDir && !existsSync(opts.modelsDir)) throw new Error(`startLlamaServer: ${opts.modelsDir} does not exist`);

  const args = ["--host", "127.0.0.1", "--port", "0", "--threads", "2", "--log-colors", "off"];
  if (opts.model) args.push("--model", opts.model);
  if (opts.modelsDir) args.push("--models-dir", opts.modelsDir);
  if (opts.alias) args.push("--alias", opts.alias);
  if (opts.ctxSize !== undefined) args.push("--ctx-size", String(opts.ctxSize));
  args.push(...(opts.extraArgs ?? []));

  // llama.cpp also reads its options from LLAMA_ARG_* variables; keep the caller's out.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("LLAMA_ARG_")) env[k] = v;

  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"], detached: true, env });
  running.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const c of running) killGroup(c, "SIGKILL");
    });
  }

  let log = "";
  const append = (chunk: Buffer): void => {
    log += chunk.toString("utf8");
    if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let spawnError: Error | undefined;
  child.on("error", (e) => {
    spawnError = e;
  });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  void exited.then(() => running.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && !spawnError) {
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
  };

  const timeoutMs = opts.startupTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  const failure = async (why: string): Promise<never> => {
    await stop();
    throw new Error(`llama-server ${why}\ncommand: ${bin} ${args.join(" ")}\n--- server log ---\n${log.slice(-8_000)}`);
  };

  let port: number | undefined;
  while (Date.now() < deadline) {
    if (spawnError) return failure(`could not be started: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      return failure(`exited during startup (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    port ??= listeningPort(log);
    if (port !== undefined && (await healthy(port))) {
      const origin = `http://127.0.0.1:${port}`;
      return { baseUrl: `${origin}/v1`, origin, pid: child.pid ?? -1, stop, logs: () => log };
    }
    await sleep(50);
  }
  return failure(`was not healthy within ${timeoutMs} ms${port === undefined ? " (no \"listening on\" line in its log)" : ` on port ${port}`}`);
}

/** The port from llama-server's "listening on http://127.0.0.1:PORT" log line. */
function listeningPort(log: string): number | undefined {
  const m = /listening on https?:\/\/[^\s/]*:(\d+)/.exec(log);
  return m?.[1] ? Number(m[1]) : undefined;
}

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs a command in its own process group; on timeout the whole group is killed. */
function runBounded(cmd: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    const append = (chunk: Buffer): void => {
      output = (output + chunk.toString("utf8")).slice(-LOG_LIMIT);
    };
    child.stdout.on("data", append);
    child.stderr.on("data", append);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, "SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      output += `\n${e.message}`;
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output, timedOut });
    });
  });
}
