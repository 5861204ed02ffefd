// A hostile model server against the built CLI, run as a child with forced garbage collections
// (gc-pressure.cjs): timeouts must hold whatever the collector drops, and memory must stay bounded
// whatever the server sends. Every case ends with a result line in bounded time, the project as
// it was, and the file's lock free for the next run. Timings are "timeout plus a generous margin"
// (the suite shares two cores with other work); the speed itself is `npm run bench`'s business.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { builtCli } from "../support/dist.js";
import { startFakeOpenAIServer, type FakeOpenAIServer, type FakeServerOptions, type ScriptedReply } from "../support/fake-openai-server.js";
import { lastJsonLine, runCli, tempProject, type TempProject } from "../support/project.js";
import { cliEnv, fence, GOOD, ORIGINAL, snapshot } from "./support.js";

const GC_PRELOAD = join(dirname(fileURLToPath(import.meta.url)), "gc-pressure.cjs");
const TIMEOUT_MS = 3_000;
const CONNECT_MS = 1_500;
/** Room for a loaded machine; the old code ran 60 s to for ever here. */
const MARGIN_MS = 20_000;
/** A child still running after this is killed, and the test fails on its time. */
const KILL_AFTER_MS = 60_000;
const PEAK_RSS_LIMIT_MB = 250;
const T = KILL_AFTER_MS + 30_000;

let server: FakeOpenAIServer | undefined;
let proj: TempProject | undefined;
afterEach(async () => {
  await server?.close();
  proj?.cleanup();
  server = proj = undefined;
});

interface HostileRun {
  code: number | null;
  json: any;
  ms: number;
  killed: boolean;
  /** Peak resident memory of the CLI process, from its own getrusage at exit; null when it died without exiting. */
  peakMb: number | null;
  stderr: string;
}

async function setUp(options: FakeServerOptions, reply?: ScriptedReply): Promise<{ server: FakeOpenAIServer; proj: TempProject; spec: string }> {
  server = await startFakeOpenAIServer({ flavor: "lmstudio", ...options });
  if (reply) server.setScript(() => reply);
  proj = tempProject({ "src/slugify.mjs": ORIGINAL });
  const spec = proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs" });
  return { server, proj, spec };
}

/** `node --expose-gc --require gc-pressure.cjs cli.js run SPEC`, killed after KILL_AFTER_MS. */
function hostileRun(p: TempProject, spec: string, baseUrl: string): Promise<HostileRun> {
  const rssFile = join(p.home, "peak-rss-kb");
  const env = cliEnv(p.home, {
    LOCAL_DELEGATE_BASE_URL: baseUrl,
    LOCAL_DELEGATE_TIMEOUT_MS: String(TIMEOUT_MS),
    LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: String(CONNECT_MS),
    LOCAL_DELEGATE_RETRIES: "0",
    LD_TEST_PEAK_RSS_FILE: rssFile,
  });
  const started = Date.now();
  const child = spawn(process.execPath, ["--expose-gc", "--require", GC_PRELOAD, builtCli(), "run", spec], { cwd: p.root, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
  child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
  let killed = false;
  const killer = setTimeout(() => {
    killed = true;
    child.kill("SIGKILL");
  }, KILL_AFTER_MS);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(killer);
      const peakKb = existsSync(rssFile) ? Number(readFileSync(rssFile, "utf8").trim()) : NaN;
      resolve({ code, json: lastJsonLine(stdout), ms: Date.now() - started, killed, peakMb: Number.isFinite(peakKb) ? Math.round(peakKb / 1024) : null, stderr });
    });
  });
}

/** The user's files as they were, and the file's lock free: a run that may not wait at all succeeds (on a sane server). */
async function expectUntouchedAndFree(p: TempProject, before: Record<string, string>): Promise<void> {
  expect(snapshot(p.root)).toEqual(before);
  const sane = await startFakeOpenAIServer({ flavor: "lmstudio", script: [{ content: fence(GOOD) }] });
  try {
    const spec = p.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs" });
    const next = await runCli(["run", spec], { cwd: p.root, home: p.home, env: { LOCAL_DELEGATE_BASE_URL: sane.baseUrl, LOCAL_DELEGATE_LOCK_WAIT_MS: "0", LOCAL_DELEGATE_RETRIES: "0" } });
    expect(next.json).toMatchObject({ status: "success" });
  } finally {
    await sane.close();
  }
}

function expectTimedOut(r: HostileRun, boundMs: number, message: RegExp, setting: string): void {
  expect(r.killed, `still running after ${KILL_AFTER_MS} ms`).toBe(false);
  expect(r.ms).toBeLessThan(boundMs + MARGIN_MS);
  expect(r.code).toBe(3);
  expect(r.json).toMatchObject({ status: "unavailable" });
  expect(r.json.error).toMatch(message);
  expect(`${r.json.error} ${r.json.hint}`).toContain(setting);
}

describe("timeouts hold under forced garbage collection", () => {
  it(
    "a model that drips a token every 500 ms for ever: timeout_ms ends it",
    async () => {
      const { server, proj, spec } = await setUp({}, { drip: { everyMs: 500 } });
      const before = snapshot(proj.root);
      const r = await hostileRun(proj, spec, server.baseUrl);
      expectTimedOut(r, TIMEOUT_MS, /did not answer within 3 s \(timeout_ms: the answer was still coming after \d+ tokens\)/, "timeout_ms");
      await expectUntouchedAndFree(proj, before);
    },
    T,
  );

  it(
    "a server that takes the request and never answers",
    async () => {
      const { server, proj, spec } = await setUp({}, { hang: true });
      const before = snapshot(proj.root);
      const r = await hostileRun(proj, spec, server.baseUrl);
      expectTimedOut(r, TIMEOUT_MS, /did not answer within 3 s \(timeout_ms: no answer to the request\)/, "timeout_ms");
      await expectUntouchedAndFree(proj, before);
    },
    T,
  );

  it(
    "a server that sends the stream's headers, then nothing",
    async () => {
      const { server, proj, spec } = await setUp({}, { headersOnly: true });
      const before = snapshot(proj.root);
      const r = await hostileRun(proj, spec, server.baseUrl);
      expectTimedOut(r, TIMEOUT_MS, /did not answer within 3 s \(timeout_ms: the answer started, but no token came\)/, "timeout_ms");
      await expectUntouchedAndFree(proj, before);
    },
    T,
  );

  for (const behaviour of ["hang", "headers-only"] as const) {
    it(
      `a /v1/models that ${behaviour === "hang" ? "never answers" : "sends headers, then nothing"}: connect_timeout_ms ends it`,
      async () => {
        const { server, proj, spec } = await setUp({ hostileRoutes: { "/v1/models": behaviour } });
        const before = snapshot(proj.root);
        const r = await hostileRun(proj, spec, server.baseUrl);
        expectTimedOut(r, CONNECT_MS, /did not answer within 1.5 s \(connect_timeout_ms: GET \/v1\/models\)/, "connect_timeout_ms");
        expect(server.requests.filter((q) => q.path.endsWith("/chat/completions"))).toHaveLength(0);
        await expectUntouchedAndFree(proj, before);
      },
      T,
    );
  }
});

describe("memory stays bounded whatever the server sends", () => {
  /** A result line, in bounded time, from a process that stayed small. */
  function expectBounded(r: HostileRun): void {
    expect(r.killed, `still running after ${KILL_AFTER_MS} ms`).toBe(false);
    expect(r.json, `no result line (exit ${r.code}): ${r.stderr.slice(-300)}`).toBeTruthy();
    expect(r.peakMb, "the process died without exiting").not.toBeNull();
    expect(r.peakMb!).toBeLessThan(PEAK_RSS_LIMIT_MB);
  }

  it(
    "a 500 answer with a 3 GB body: the status and the start of the body, the rest never read",
    async () => {
      const { server, proj, spec } = await setUp({}, { status: 500, hugeErrorBytes: 3 * 1024 ** 3 });
      const before = snapshot(proj.root);
      const r = await hostileRun(proj, spec, server.baseUrl);
      expectBounded(r);
      expect(r.code).toBe(1);
      expect(r.json.error).toMatch(/the model server answered HTTP 500/);
      expect(r.json.error.length).toBeLessThan(1_000);
      expect(r.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      await expectUntouchedAndFree(proj, before);
    },
    T,
  );

  it(
    "a 200 stream that never ends, 1 MB per delta: reading stops at the answer's cap",
    async () => {
      const { server, proj, spec } = await setUp({}, { endlessDeltaBytes: 1024 * 1024 });
      const before = snapshot(proj.root);
      const r = await hostileRun(proj, spec, server.baseUrl);
      expectBounded(r);
      expect(r.code).toBe(1);
      expect(r.json.error).toMatch(/the answer passed 4 MB, far more than one file; stopped reading/);
      await expectUntouchedAndFree(proj, before);
    },
    T,
  );

  it(
    "a model list with no end: refused at 1 MB",
    async () => {
      const { server, proj, spec } = await setUp({ hostileRoutes: { "/v1/models": { status: 200, hugeBytes: Number.POSITIVE_INFINITY } } });
      const before = snapshot(proj.root);
      const r = await hostileRun(proj, spec, server.baseUrl);
      expectBounded(r);
      expect(r.json.error).toMatch(/sent more than 1 MB; that is no model list/);
      await expectUntouchedAndFree(proj, before);
    },
    T,
  );

  it(
    "a model list answered 500 with a 3 GB body",
    async () => {
      const { server, proj, spec } = await setUp({ hostileRoutes: { "/v1/models": { status: 500, hugeBytes: 3 * 1024 ** 3 } } });
      const before = snapshot(proj.root);
      const r = await hostileRun(proj, spec, server.baseUrl);
      expectBounded(r);
      expect(r.json.error).toMatch(/answered HTTP 500/);
      await expectUntouchedAndFree(proj, before);
    },
    T,
  );
});
