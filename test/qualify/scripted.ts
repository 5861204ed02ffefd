import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SUITE, type SuiteTask } from "../../src/qualify/suite/index.js";
import { afterAll, beforeAll } from "vitest";
import { ConfigSchema } from "../../src/config/schema.js";
import { runSuite } from "../../src/qualify/run-suite.js";
import { startFakeOpenAIServer, type FakeOpenAIServer, type RecordedRequest, type ScriptedReply } from "../support/fake-openai-server.js";
import { REFERENCE, WRONG, answer } from "./references.js";

/** What the scripted model answers for a task, attempt by attempt: a prepared answer, or this file. */
export type Play = "right" | "wrong" | "malformed" | { file: string };

/** The suite task a chat request is for, from the output file its prompt names. */
export function taskOf(req: RecordedRequest): string {
  // The first user message ends naming the one file to write: "Write `src/chunk.js` now: …".
  const user = String(req.body?.messages?.[1]?.content ?? "");
  const hit = SUITE.find((t) => user.includes(`\`${t.output_file}\` now`));
  if (!hit) throw new Error("no suite task named in the prompt");
  return hit.id;
}

/**
 * A fake-server script playing each task's answers in order: `plays[task]` is the list of
 * answers for its attempts (a task not listed is answered right).
 */
export function scriptedModel(plays: Record<string, Play[]>, opts: { usage?: { prompt_tokens: number; completion_tokens: number } } = {}) {
  const seen = new Map<string, number>();
  return (req: RecordedRequest): ScriptedReply => {
    const id = taskOf(req);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    const play = plays[id]?.[n] ?? "right";
    const task = SUITE.find((t) => t.id === id)!;
    const usage = opts.usage ?? { prompt_tokens: 100, completion_tokens: 50 };
    if (play === "malformed") return { content: "I am sorry, I cannot write that file without more information.", usage };
    const file = typeof play === "object" ? play.file : play === "right" ? REFERENCE[id]! : WRONG[id]!;
    return { content: answer(file, task.language), usage };
  };
}

/**
 * One Go build cache for the whole test file, in a temp folder: the checks' `go test` inherits
 * this process's environment, and a cache per run would rebuild the standard library each time.
 * Returns the function that puts the environment back and removes the folder.
 */
export function sharedGoCache(): () => void {
  const before = process.env.GOCACHE;
  const dir = mkdtempSync(join(tmpdir(), "ld-qualify-gocache-"));
  process.env.GOCACHE = dir;
  return () => {
    if (before === undefined) delete process.env.GOCACHE;
    else process.env.GOCACHE = before;
    rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * The suite's tasks against a scripted server, as `qualify` runs them: one server, one state
 * folder and one Go build cache for the test file that calls it, set up before its tests.
 */
export function suiteHarness() {
  let server: FakeOpenAIServer;
  let state: string;
  let restoreGoCache: () => void;
  beforeAll(async () => {
    server = await startFakeOpenAIServer({ flavor: "lmstudio" });
    state = mkdtempSync(join(tmpdir(), "ld-qualify-state-"));
    restoreGoCache = sharedGoCache();
  });
  afterAll(async () => {
    await server.close();
    restoreGoCache();
    rmSync(state, { recursive: true, force: true });
  });
  return {
    server: (): FakeOpenAIServer => server,
    /** Runs `tasks`, each check bounded by `testTimeoutMs`, with one retry. */
    run(tasks: readonly SuiteTask[], testTimeoutMs: number) {
      const config = ConfigSchema.parse({ base_url: server.baseUrl, connect_timeout_ms: 2000, timeout_ms: 10_000, test_timeout_ms: testTimeoutMs, retries: 1 });
      return runSuite(tasks, { config, stateDir: state });
    },
  };
}

/** The lines of a check's source that say something (long enough not to occur by chance). */
export function sourceLines(check: string): string[] {
  return check.split("\n").map((l) => l.trim()).filter((l) => l.length >= 24);
}
