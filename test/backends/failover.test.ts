// Several endpoints: tried in order with health checks, failover when one is down, busy or dies
// mid-answer, and a task only ever on one server at a time.
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { slotPath } from "../../src/model/slots.js";
import { acquireLock } from "../../src/util/lock.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

const fence = (s: string) => "```js\n" + s + "```\n";
const FROM_A = "export const from = 'gpu-box';\n";
const FROM_B = "export const from = 'laptop';\n";

let a: FakeOpenAIServer;
let b: FakeOpenAIServer;
let proj: TempProject;

function config(extra = "") {
  proj.write(
    ".claude/local-delegate.yaml",
    `endpoints:
  - base_url: ${a.baseUrl}
    api_key: key-for-the-gpu-box
    model: big-coder
  - base_url: ${b.baseUrl}
    model: small-coder
connect_timeout_ms: 1000
timeout_ms: 10000
${extra}`,
  );
}
const chats = (s: FakeOpenAIServer) => s.requests.filter((r) => r.path.endsWith("/chat/completions"));
const cli = (argv: string[]) => runCli(argv, { cwd: proj.root, home: proj.home });
const ledger = () =>
  proj
    .read(".claude/local-delegate/ledger.jsonl")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

beforeEach(async () => {
  proj = tempProject();
  const models = (id: string) => [{ id, state: "loaded" as const, loadedContextLength: 8192 }];
  a = await startFakeOpenAIServer({ flavor: "lmstudio", models: models("big-coder"), script: () => ({ content: fence(FROM_A) }) });
  b = await startFakeOpenAIServer({ flavor: "lmstudio", models: models("small-coder"), script: () => ({ content: fence(FROM_B) }) });
  config();
});
afterEach(async () => {
  await Promise.all([a.close(), b.close()]);
  proj.cleanup();
});

describe("failover between endpoints", () => {
  it("finishes a plan on the second server when the first dies mid-plan, mid-answer", async () => {
    proj.write(
      "plan.yaml",
      `request: three constants files, one after the other
tasks:
  - {task_id: one, owner: local, description: constants one, output_file: src/one.js}
  - {task_id: two, owner: local, description: constants two, output_file: src/two.js, depends_on: [one]}
  - {task_id: three, owner: local, description: constants three, output_file: src/three.js, depends_on: [two]}
`,
    );
    let killedAt = 0;
    let bFirstAt = 0;
    a.setScript((_req, i) => {
      if (i === 0) return { content: fence(FROM_A) };
      // The second task's answer streams slowly; the server dies a few chunks in.
      const onChunk = (n: number) => {
        if (n !== 5) return;
        killedAt = Date.now();
        void a.kill();
      };
      return { content: fence(`${FROM_A}export const more = ${"1 + ".repeat(200)}1;\n`), chunkSize: 2, chunkDelayMs: 20, onChunk };
    });
    b.setScript(() => {
      bFirstAt ||= Date.now();
      return { content: fence(FROM_B) };
    });

    const r = await cli(["plan", "run", "plan.yaml"]);
    expect(r.json).toMatchObject({
      status: "success",
      tasks: [
        { id: "one", status: "success", attempts: 1 },
        { id: "two", status: "success", attempts: 1 },
        { id: "three", status: "success", attempts: 1 },
      ],
    });
    expect(proj.read("src/one.js")).toBe(FROM_A);
    // Never half a file: the answer cut off by the dying server was never written.
    expect(proj.read("src/two.js")).toBe(FROM_B);
    expect(proj.read("src/three.js")).toBe(FROM_B);
    // One server at a time: the laptop got the task only once the GPU box had gone.
    expect(chats(a)).toHaveLength(2);
    expect(chats(b)).toHaveLength(2);
    expect(bFirstAt).toBeGreaterThanOrEqual(killedAt);
    expect(ledger().map((e) => [e.task_id, e.server, e.model])).toEqual([
      ["one", a.baseUrl, "big-coder"],
      ["two", b.baseUrl, "small-coder"],
      ["three", b.baseUrl, "small-coder"],
    ]);
  });

  it("skips a server that is down at the health check, and sends each its own model and key", async () => {
    const r1 = await cli(["run", "--verbose", proj.spec({ task_id: "up", description: "constants", output_file: "src/up.js" })]);
    expect(r1.json).toMatchObject({ status: "success", model: "big-coder" });
    expect(chats(a)[0]!.headers.authorization).toBe("Bearer key-for-the-gpu-box");
    expect(chats(a)[0]!.body.model).toBe("big-coder");

    await a.kill();
    const r2 = await cli(["run", "--verbose", proj.spec({ task_id: "down", description: "constants", output_file: "src/down.js" })]);
    expect(r2.json).toMatchObject({ status: "success", model: "small-coder", attempts: 1 });
    expect(chats(b)).toHaveLength(1);
    // The GPU box's key is not sent to the laptop.
    expect(chats(b)[0]!.headers.authorization).toBeUndefined();
    expect(chats(b)[0]!.body.model).toBe("small-coder");
    expect(ledger().at(-1)).toMatchObject({ task_id: "down", server: b.baseUrl });
  });

  it("moves on from a server that answers busy (503)", async () => {
    a.setBusy(1);
    const r = await cli(["run", "--verbose", proj.spec({ task_id: "busy", description: "constants", output_file: "src/busy.js" })]);
    expect(r.json).toMatchObject({ status: "success", model: "small-coder", attempts: 1 });
    expect(chats(a)).toHaveLength(1);
    expect(proj.read("src/busy.js")).toBe(FROM_B);
  });

  it("passes over a server whose loaded context cannot hold the prompt", async () => {
    await a.close();
    a = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "big-coder", state: "loaded", loadedContextLength: 512 }], script: () => ({ content: fence(FROM_A) }) });
    config();
    const r = await cli(["run", "--verbose", proj.spec({ task_id: "ctx", description: `constants. ${"Keep every name short. ".repeat(60)}`, output_file: "src/ctx.js" })]);
    expect(r.json).toMatchObject({ status: "success", model: "small-coder" });
    expect(chats(a)).toHaveLength(0);
  });

  it("uses the next server rather than wait when every slot of the first is taken", async () => {
    const held = await acquireLock(slotPath(join(proj.home, ".state", "local-delegate"), a.baseUrl, 0), { what: "another terminal's task", waitMs: 0 });
    expect(held.ok).toBe(true);
    try {
      const r = await cli(["run", "--verbose", proj.spec({ task_id: "slot", description: "constants", output_file: "src/slot.js" })]);
      expect(r.json).toMatchObject({ status: "success", model: "small-coder" });
      expect(chats(a)).toHaveLength(0);
    } finally {
      if (held.ok) held.value();
    }
  });

  it("names every server when none can take the task", async () => {
    await Promise.all([a.kill(), b.kill()]);
    const r = await cli(["run", "--verbose", proj.spec({ task_id: "none", description: "constants", output_file: "src/none.js" })]);
    expect(r.code).toBe(3);
    expect(r.json.status).toBe("unavailable");
    expect(r.json.error).toContain(`no model server could take the task (${a.baseUrl}: cannot reach the model server at ${a.baseUrl} (ECONNREFUSED); ${b.baseUrl}: cannot reach`);
    expect(proj.exists("src/none.js")).toBe(false);
  });
});

describe("doctor with several endpoints", () => {
  it("says which one answers and which one tasks will use", async () => {
    await a.kill();
    const r = await cli(["doctor", "--json"]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      ok: true,
      base_url: b.baseUrl,
      server: "lmstudio",
      model: "small-coder",
      context_length: 8192,
      endpoints: [
        { id: a.baseUrl, ok: false, server: null },
        { id: b.baseUrl, ok: true, server: "lmstudio", model: "small-coder", context_length: 8192 },
      ],
    });
    expect(r.json.endpoints[0].problem).toMatch(/ECONNREFUSED/);
    expect(r.json.warnings[0]).toMatch(new RegExp(`^${a.baseUrl.replace(/[./]/g, "\\$&")} does not answer: tasks go to the next backend`));

    const human = await cli(["doctor"]);
    expect(human.stdout).toMatch(/✗ server: http:\/\/127\.0\.0\.1:\d+\/v1 does not answer/);
    expect(human.stdout).toMatch(/✓ server: http:\/\/127\.0\.0\.1:\d+\/v1 \(LM Studio\)/);
    expect(human.stdout).toContain(`tasks go to ${b.baseUrl}, model small-coder (context 8192)`);
  });

  it("exits 3 when no backend answers", async () => {
    await Promise.all([a.kill(), b.kill()]);
    const r = await cli(["doctor", "--json"]);
    expect(r.code).toBe(3);
    expect(r.json.ok).toBe(false);
    expect(r.json.problems).toHaveLength(2);
  });

  it("warns about Ollama's small default context", async () => {
    const ollama = await startFakeOpenAIServer({ flavor: "ollama" });
    try {
      proj.write(".claude/local-delegate.yaml", `base_url: ${ollama.baseUrl}\n`);
      const r = await cli(["doctor", "--json"]);
      expect(r.json).toMatchObject({ ok: true, server: "ollama", model: "qwen2.5-coder:7b" });
      expect(r.json.warnings.join("\n")).toMatch(/Ollama's default context is small/);
    } finally {
      await ollama.close();
    }
  });
});
