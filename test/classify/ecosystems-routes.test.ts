// The hook, `classify` and `plan check` give one verdict per ecosystem: the Python store and the Go
// worker pool stay with Claude through all three, a pure Python helper goes to the local model.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runHook } from "../../src/hook/run-hook.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { GO_POOL, PY_SLUGIFY, PY_STORE, RUST_CACHE, JAVA_COUNTER, GO_INITIALS } from "./ecosystem-files.js";
import { ledgerPath } from "../../src/ledger/store.js";

let proj: TempProject;
beforeEach(() => {
  proj = tempProject({ "app/store.py": PY_STORE, "pool/pool.go": GO_POOL, "app/slugify.py": PY_SLUGIFY, "src/cache.rs": RUST_CACHE, "src/main/java/a/RequestCounter.java": JAVA_COUNTER, "pool/initials.go": GO_INITIALS });
});
afterEach(() => proj.cleanup());

describe("classify --file", () => {
  it.each([
    ["app/store.py", "claude", "concurrency"],
    ["pool/pool.go", "claude", "concurrency"],
    ["src/cache.rs", "claude", "concurrency"],
    ["src/main/java/a/RequestCounter.java", "claude", "concurrency"],
    ["app/slugify.py", "local", "utility"],
    ["pool/initials.go", "local", "utility"],
  ])("%s → %s (%s)", async (file, verdict, category) => {
    const r = await runCli(["classify", "--file", file, "--json"], { cwd: proj.root, home: proj.home });
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ verdict, category });
  });

  it("a description in another ecosystem's words goes to Claude too", async () => {
    const r = await runCli(["classify", "--description", "a worker pool of goroutines fed through a channel", "--json"], { cwd: proj.root, home: proj.home });
    expect(r.json).toMatchObject({ verdict: "claude", category: "concurrency" });
  });
});

describe("the PreToolUse hook (in process)", () => {
  let server: FakeOpenAIServer;
  beforeEach(async () => {
    server = await startFakeOpenAIServer({ flavor: "lmstudio", models: [{ id: "coder-7b", state: "loaded", maxContextLength: 32768 }] });
  });
  afterEach(async () => server.close());

  const env = () => ({ HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state"), LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_MODEL: "coder-7b", LOCAL_DELEGATE_HOOK_MODE: "enforce" });
  const write = (file: string, content: string) =>
    runHook(JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Write", cwd: proj.root, session_id: "s", tool_input: { file_path: join(proj.root, file), content } }), { env: env(), cwd: proj.root, cliPath: "/x/cli.js" });
  const lastHookRecord = () => JSON.parse(readFileSync(ledgerPath(proj.data), "utf8").trim().split("\n").at(-1)!);

  it("lets Claude write the Python store and the Go pool, recorded as not delegable", async () => {
    expect(await write("app/store2.py", PY_STORE)).toBeNull();
    expect(lastHookRecord()).toMatchObject({ event: "hook", decision: "not-delegable", category: "concurrency", file: "app/store2.py" });
    expect(await write("pool/pool2.go", GO_POOL)).toBeNull();
    expect(lastHookRecord()).toMatchObject({ event: "hook", decision: "not-delegable", category: "concurrency", file: "pool/pool2.go" });
  });

  it("refuses the pure Python helper in enforce mode: the local model should write it", async () => {
    const out = await write("app/slug2.py", PY_SLUGIFY);
    expect(JSON.stringify(out)).toContain('"permissionDecision":"deny"');
    expect(lastHookRecord()).toMatchObject({ decision: "denied", category: "utility", file: "app/slug2.py" });
  });
});

describe("plan check", () => {
  it("keeps the store and the pool with Claude, delegates the helper and its tests", async () => {
    proj.write(
      "plan.yaml",
      `request: sessions, a worker pool and slugs
tasks:
  - task_id: store
    owner: local
    description: SessionStore, a dataclass holding a dict of sessions behind a threading.Lock, safe to share between threads
    output_file: app/store.py
    test_command: python3 -m pytest tests/test_store.py
  - task_id: pool
    owner: local
    description: Run(jobs, n, work) runs work on every job with n goroutines fed through a channel, then waits on a sync.WaitGroup
    output_file: pool/pool.go
    test_command: go test ./pool
  - task_id: slug
    owner: local
    description: slugify(text), a pure function that lower-cases text and joins its words with hyphens
    output_file: app/slugify.py
    test_command: python3 -m pytest tests/test_slugify.py
  - task_id: slug-tests
    owner: local
    description: pytest cases for slugify
    depends_on: [slug]
    output_file: tests/test_slugify.py
`,
    );
    const r = await runCli(["plan", "check", "plan.yaml", "--json"], { cwd: proj.root, home: proj.home });
    const verdicts = Object.fromEntries(r.json.tasks.map((t: any) => [t.id, [t.verdict, t.category]]));
    expect(verdicts).toEqual({ store: ["claude", "concurrency"], pool: ["claude", "concurrency"], slug: ["local", "utility"], "slug-tests": ["local", "test"] });
    expect(r.json.tasks[0].breaks).toEqual(["concurrency: threads, locks, channels or async tasks (keep with Claude)"]);
    expect(r.code).toBe(1);
  });
});
