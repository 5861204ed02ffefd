import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describeThrown, fail, ok, type Result } from "../errors.js";
import { importEsm } from "../util/esm-import.js";

// node-llama-cpp is an optional dependency: most users run a model server, and its native builds
// weigh 85 MB (CPU) to 700 MB (every GPU build). It is imported by a name esbuild leaves alone
// (scripts/build.mjs marks it external too), so dist/ stays self-contained without it, and only
// `backend: embedded` needs it. It is looked for next to local-delegate (a development clone
// after `npm ci`), then in a folder of its own in the user's data folder, where an install
// survives plugin updates and is not tied to this repository's package.json. The shapes below are the few parts of its API this backend uses,
// written out so the project type-checks whether or not the package is installed.

export interface NlcTokenMeterState {
  usedInputTokens: number;
  usedOutputTokens: number;
}
export interface NlcSequence {
  tokenMeter: { getState(): NlcTokenMeterState };
  clearHistory(): Promise<void>;
}
export interface NlcContext {
  contextSize: number;
  getSequence(): NlcSequence;
  dispose(): Promise<void>;
}
export interface NlcModel {
  trainContextSize: number;
  createContext(opts: { contextSize: number; sequences?: number; threads?: number }): Promise<NlcContext>;
  dispose(): Promise<void>;
}
export interface NlcLlama {
  gpu: string | false;
  /** Cores worth a math thread (physical cores, roughly). */
  cpuMathCores: number;
  loadModel(opts: { modelPath: string }): Promise<NlcModel>;
  createGrammarForJsonSchema(schema: Record<string, unknown>): Promise<unknown>;
  dispose(): Promise<void>;
}
export type NlcHistoryItem =
  | { type: "system"; text: string }
  | { type: "user"; text: string }
  | { type: "model"; response: string[] };
export interface NlcChat {
  generateResponse(
    history: NlcHistoryItem[],
    opts: {
      maxTokens?: number;
      temperature?: number;
      signal?: AbortSignal;
      grammar?: unknown;
      onToken?: (tokens: unknown[]) => void;
    },
  ): Promise<{ response: string; metadata: { stopReason: string } }>;
}
export interface NodeLlamaCpp {
  getLlama(opts: {
    gpu?: "auto" | false;
    build?: "never";
    skipDownload?: boolean;
    progressLogs?: boolean;
    logLevel?: string;
    logger?: (level: string, message: string) => void;
  }): Promise<NlcLlama>;
  LlamaChat: new (opts: { contextSequence: NlcSequence }) => NlcChat;
}

export const NODE_LLAMA_CPP = "node-llama-cpp";

/** The folder `npm i --prefix` installs node-llama-cpp into for local-delegate: XDG_DATA_HOME, else ~/.local/share. */
export function embeddedInstallDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(env.HOME || homedir(), ".local", "share"), "local-delegate", "embedded");
}

export interface LoadOptions {
  /** The package name; tests use one that is surely not installed, or a stand-in. */
  specifier?: string;
  env?: NodeJS.ProcessEnv;
}

/** Imports node-llama-cpp from wherever it is installed, or says how to install it. */
export async function loadNodeLlamaCpp(opts: LoadOptions = {}): Promise<Result<NodeLlamaCpp>> {
  const specifier = opts.specifier ?? NODE_LLAMA_CPP;
  const dir = embeddedInstallDir(opts.env);
  const hint = installHint(dir);
  let mod: Partial<NodeLlamaCpp>;
  try {
    mod = (await importEsm(specifier)) as Partial<NodeLlamaCpp>;
  } catch (e) {
    if (!notFound(e)) return fail("MODEL_UNAVAILABLE", `cannot load ${specifier}: ${describeThrown(e).split("\n")[0]}`, { hint });
    let path: string;
    try {
      // Its package.json maps "." for the "node" condition too, so require's resolver finds the ESM entry.
      path = createRequire(join(dir, "package.json")).resolve(specifier);
    } catch {
      return fail("MODEL_UNAVAILABLE", `backend: embedded needs the optional package ${specifier}, which is not installed`, { hint });
    }
    try {
      mod = (await importEsm(pathToFileURL(path).href)) as Partial<NodeLlamaCpp>;
    } catch (e2) {
      return fail("MODEL_UNAVAILABLE", `cannot load ${specifier} from ${dir}: ${describeThrown(e2).split("\n")[0]}`, { hint });
    }
  }
  if (typeof mod.getLlama !== "function" || typeof mod.LlamaChat !== "function") {
    return fail("MODEL_UNAVAILABLE", `${specifier} is installed but does not look like node-llama-cpp 3 (no getLlama or LlamaChat)`, { hint });
  }
  return ok(mod as NodeLlamaCpp);
}

function notFound(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

export function installHint(dir: string): string {
  return `install it once for local-delegate: \`npm i --prefix ${dir} ${NODE_LLAMA_CPP}\` (on Linux x64 without a GPU, the CPU build alone, about 85 MB: \`npm i --prefix ${dir} ${NODE_LLAMA_CPP} @node-llama-cpp/linux-x64 --omit=optional\`), or run a model server and set backend: server`;
}
