import type { Result } from "../errors.js";
import type { TaskKind } from "../spec/schema.js";
import type { ChatOutcome, ChatRequest } from "./chat.js";
import type { ServerInfo } from "./discover.js";

/**
 * Where generations happen: an OpenAI-compatible server over HTTP, or a GGUF model run in this
 * process. The engine sees only this, so failover, plans and `doctor` treat both alike.
 */
export interface ModelBackend {
  /** Names the backend in locks, results, the ledger and messages: its base URL, or `embedded:<file>`. */
  readonly id: string;
  readonly type: "server" | "embedded";
  /** Generations it may run at once (slots), across every process on this machine. */
  readonly maxParallel: number;
  /** The model this backend is configured to use for a kind of task; undefined lets it choose. */
  modelFor(kind: TaskKind): string | undefined;
  /** Health check and discovery: what runs there, which models are loaded, with what context. `signal` (Ctrl-C) ends it as CANCELLED. */
  describe(signal?: AbortSignal): Promise<Result<ServerInfo>>;
  /** One generation. Never throws; a dead backend is a MODEL_UNAVAILABLE or MODEL_ERROR failure. */
  chat(req: ChatRequest): Promise<Result<ChatOutcome>>;
  /** Frees what the backend holds (an in-process model); servers hold nothing. */
  dispose?(): Promise<void>;
}

/** Failures that say "this backend cannot do it now", where another backend may. */
export function isBackendFault(code: string): boolean {
  return code === "MODEL_UNAVAILABLE" || code === "MODEL_ERROR";
}
