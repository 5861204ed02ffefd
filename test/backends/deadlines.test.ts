// The model layer's calls against hostile servers, in process, with forced garbage collections:
// every discovery GET, the hook's health probe, the chat's connection and its answer cap, and the
// embedded backend when the library ignores its signal. The CLI-level cases (and memory) are in
// test/faults/deadlines.test.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { answerCap, streamChat } from "../../src/model/chat.js";
import { discoverServer } from "../../src/model/discover.js";
import { embeddedBackend } from "../../src/model/embedded.js";
import type { NodeLlamaCpp } from "../../src/model/embedded-load.js";
import { probeServer } from "../../src/model/probe.js";
import { ok } from "../../src/errors.js";
import { startFakeOpenAIServer, type FakeOpenAIServer, type FakeServerOptions } from "../support/fake-openai-server.js";
import { gcPressure } from "../support/force-gc.js";

/** Room for a loaded machine on top of each bound. */
const MARGIN_MS = 15_000;
const T = 60_000;
const messages = [{ role: "user" as const, content: "Write it." }];

let server: FakeOpenAIServer | undefined;
let stopGc: () => void;
beforeEach(() => {
  stopGc = gcPressure(20);
});
afterEach(async () => {
  stopGc();
  await server?.close();
  server = undefined;
});

async function start(o: FakeServerOptions): Promise<FakeOpenAIServer> {
  server = await startFakeOpenAIServer(o);
  return server;
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await f();
  return { value, ms: Date.now() - started };
}

describe("discovery: each GET ends within connect_timeout_ms", () => {
  it(
    "LM Studio's /api/v0/models hangs: the models list still counts, a moment later",
    async () => {
      const s = await start({ flavor: "lmstudio", hostileRoutes: { "/api/v0/models": "hang" } });
      const r = await timed(() => discoverServer({ baseUrl: s.baseUrl }, 1_000));
      expect(r.value.ok && r.value.value.models.map((m) => m.id)).toContain("qwen2.5-coder-7b-instruct");
      expect(r.ms).toBeLessThan(2 * 1_000 + MARGIN_MS);
    },
    T,
  );

  it(
    "llama.cpp's /props sends headers, then nothing: the model is known, its context is not",
    async () => {
      const s = await start({ flavor: "llamacpp", hostileRoutes: { "/props": "headers-only" } });
      const r = await timed(() => discoverServer({ baseUrl: s.baseUrl }, 1_000));
      expect(r.value).toMatchObject({ ok: true, value: { flavor: "llamacpp", models: [{ id: "models/qwen2.5-coder-7b-instruct-q4_k_m.gguf", contextLength: null }] } });
      expect(r.ms).toBeLessThan(1_000 + MARGIN_MS);
    },
    T,
  );

  it(
    "/props with a 3 GB error body: read a few KB, then on",
    async () => {
      const s = await start({ flavor: "llamacpp", hostileRoutes: { "/props": { status: 500, hugeBytes: 3 * 1024 ** 3 } } });
      const r = await timed(() => discoverServer({ baseUrl: s.baseUrl }, 5_000));
      expect(r.value).toMatchObject({ ok: true, value: { flavor: "llamacpp" } });
      expect(r.ms).toBeLessThan(5_000);
    },
    T,
  );
});

describe("the hook's health probe: one deadline for the whole check", () => {
  for (const [name, route] of [
    ["/v1/models never answers", "hang"],
    ["/v1/models sends headers, then nothing", "headers-only"],
  ] as const) {
    it(
      `${name}: down, within the probe's time`,
      async () => {
        const s = await start({ hostileRoutes: { "/v1/models": route } });
        const r = await timed(() => probeServer(s.baseUrl, undefined, 800));
        expect(r.value).toMatchObject({ up: false, model: null });
        expect(r.ms).toBeLessThan(800 + MARGIN_MS);
      },
      T,
    );
  }

  it(
    "LM Studio's list hangs after /v1/models answered: still up, within the same time",
    async () => {
      const s = await start({ hostileRoutes: { "/api/v0/models": "hang" } });
      const r = await timed(() => probeServer(s.baseUrl, undefined, 800));
      expect(r.value).toMatchObject({ up: true, model: "qwen2.5-coder-7b-instruct" });
      expect(r.ms).toBeLessThan(800 + MARGIN_MS);
    },
    T,
  );

  it(
    "a model list with no end: refused at 1 MB, not read until the time runs out",
    async () => {
      const s = await start({ hostileRoutes: { "/v1/models": { status: 200, hugeBytes: Number.POSITIVE_INFINITY } } });
      const r = await timed(() => probeServer(s.baseUrl, undefined, 20_000));
      expect(r.value).toMatchObject({ up: false });
      expect(r.ms).toBeLessThan(10_000);
    },
    T,
  );
});

describe("the chat call", () => {
  let listener: ChildProcess | undefined;
  let filler: Socket | undefined;
  afterEach(() => {
    filler?.destroy();
    listener?.kill("SIGKILL");
    listener = filler = undefined;
  });

  /**
   * A port whose connections never open: a listener with a backlog of 0 that never accepts, its
   * one queued slot taken, so the kernel drops every further SYN (python3: Node always accepts).
   */
  async function unopenablePort(): Promise<number> {
    const code = 'import socket,sys,time\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)';
    const child = spawn("python3", ["-c", code], { stdio: ["ignore", "pipe", "inherit"] });
    listener = child;
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.once("data", (b: Buffer) => resolve(Number(b.toString().trim())));
      child.once("error", reject);
    });
    filler = connect(port, "127.0.0.1").on("error", () => {});
    await new Promise<void>((resolve) => filler!.once("connect", () => resolve()));
    return port;
  }

  it(
    "a connection that never opens: connect_timeout_ms ends it, not timeout_ms",
    async () => {
      const port = await unopenablePort();
      const r = await timed(() =>
        streamChat({ baseUrl: `http://127.0.0.1:${port}/v1`, connectTimeoutMs: 500 }, { model: "m", messages, maxTokens: 100, temperature: 0, timeoutMs: 60_000 }),
      );
      expect(r.value).toMatchObject({ ok: false, error: { code: "MODEL_UNAVAILABLE" } });
      expect(!r.value.ok && r.value.error.message).toMatch(/did not accept a connection within 0.5 s \(connect_timeout_ms\)/);
      expect(!r.value.ok && r.value.error.hint).toMatch(/LOCAL_DELEGATE_CONNECT_TIMEOUT_MS/);
      expect(r.ms).toBeLessThan(500 + MARGIN_MS);
    },
    T,
  );

  it(
    "the answer's cap follows max_tokens: a long answer fits a large budget, and the floor holds for a small one",
    async () => {
      // 400 KB in 16-character deltas: about 6 MB of stream, past the 4 MB floor.
      const content = "const value = 1;\n".repeat(24_000);
      const s = await start({ script: () => ({ content, chunkSize: 16 }) });
      const big = await streamChat({ baseUrl: s.baseUrl }, { model: "m", messages, maxTokens: 100_000, temperature: 0, timeoutMs: 60_000 });
      expect(big.ok && big.value.text).toBe(content);
      const small = await streamChat({ baseUrl: s.baseUrl }, { model: "m", messages, maxTokens: 1_000, temperature: 0, timeoutMs: 60_000 });
      expect(!small.ok && small.error.message).toMatch(/the answer passed 4 MB/);
      expect(answerCap(1_000)).toBe(4 * 1024 * 1024);
      expect(answerCap(100_000)).toBeGreaterThan(40 * 1024 * 1024);
    },
    T,
  );

  it(
    "a cancel while the server hangs is CANCELLED, at once",
    async () => {
      const s = await start({ script: [{ hang: true }] });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 300);
      const r = await timed(() => streamChat({ baseUrl: s.baseUrl }, { model: "m", messages, maxTokens: 100, temperature: 0, timeoutMs: 60_000, signal: ac.signal }));
      expect(r.value).toMatchObject({ ok: false, error: { code: "CANCELLED" } });
      expect(r.ms).toBeLessThan(300 + MARGIN_MS);
    },
    T,
  );
});

describe("the embedded backend when the library does not stop", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "ld-embedded-deadline-"));
    writeFileSync(join(dir, "stuck.gguf"), "not read by the stand-in");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in for node-llama-cpp whose generation never ends and ignores its signal. */
  function stuckLibrary(calls: { n: number }): NodeLlamaCpp {
    const meter = { getState: () => ({ usedInputTokens: 0, usedOutputTokens: 0 }) };
    const sequence = { tokenMeter: meter, clearHistory: async () => {} };
    const context = { contextSize: 2048, getSequence: () => sequence, dispose: async () => {} };
    const model = { trainContextSize: 4096, createContext: async () => context, dispose: async () => {} };
    const llama = { gpu: false as const, cpuMathCores: 1, loadModel: async () => model, createGrammarForJsonSchema: async () => ({}), dispose: async () => {} };
    return {
      getLlama: async () => llama,
      LlamaChat: class {
        generateResponse() {
          calls.n++;
          return new Promise<never>(() => {});
        }
      },
    } as unknown as NodeLlamaCpp;
  }

  it(
    "timeout_ms ends the call, and the next call waits no longer than its own timeout",
    async () => {
      const calls = { n: 0 };
      const lib = stuckLibrary(calls);
      const backend = embeddedBackend({ modelPath: join(dir, "stuck.gguf"), maxParallel: 1 }, { load: async () => ok(lib) });
      expect((await backend.describe()).ok).toBe(true);
      for (let i = 0; i < 2; i++) {
        const r = await timed(() => backend.chat({ model: "stuck", messages, maxTokens: 100, temperature: 0, timeoutMs: 1_000 }));
        expect(r.value).toMatchObject({ ok: false, error: { code: "MODEL_UNAVAILABLE" } });
        expect(!r.value.ok && r.value.error.message).toMatch(/did not finish within 1 s \(timeout_ms: 0 tokens\)/);
        expect(r.ms).toBeLessThan(1_000 + MARGIN_MS);
      }
      // The second call never reached the library: the first generation still holds the sequence.
      expect(calls.n).toBe(1);
    },
    T,
  );
});
