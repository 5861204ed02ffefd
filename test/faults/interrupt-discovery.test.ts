// Ctrl-C while a command asks the server what it runs (GET /v1/models and friends): the wait is
// bounded by connect_timeout_ms (up to 2 minutes, three GETs), and must not outlast the user's
// interrupt. The command ends `cancelled`, exit 130, with nothing changed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";
import { waitFor } from "../support/wait.js";
import { cliEnv, killChildren, ORIGINAL, snapshot, spawnCli } from "./support.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject({ "src/slugify.mjs": ORIGINAL });
  server = await startFakeOpenAIServer({ flavor: "lmstudio", hostileRoutes: { "/v1/models": "hang" } });
});
afterEach(async () => {
  killChildren();
  await server.close();
  proj.cleanup();
});

const CONNECT_TIMEOUT_MS = 30_000;

async function interruptDiscovery(argv: string[]) {
  const before = snapshot(proj.root);
  const env = cliEnv(proj.home, { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS) });
  const { child, done } = spawnCli(argv, { cwd: proj.root, env });
  await waitFor("the model list request", () => server.requests.some((r) => r.path === "/v1/models"), 15_000);
  const sent = Date.now();
  child.kill("SIGINT");
  const r = await done;
  return { ...r, ms: Date.now() - sent, unchanged: JSON.stringify(snapshot(proj.root)) === JSON.stringify(before) };
}

describe("Ctrl-C while the server's model list hangs", () => {
  it("run: cancelled at once, not after connect_timeout_ms", async () => {
    const spec = proj.spec({ task_id: "slugify", description: "Write slugify(input).", output_file: "src/slugify.mjs" });
    const r = await interruptDiscovery(["run", spec]);
    expect(r.code).toBe(130);
    expect(r.json).toMatchObject({ status: "cancelled" });
    expect(r.ms).toBeLessThan(CONNECT_TIMEOUT_MS / 3);
    expect(r.unchanged).toBe(true);
  }, 60_000);

  it("ask: cancelled at once", async () => {
    const r = await interruptDiscovery(["ask", "--json", "what is 2 + 2?"]);
    expect(r.code).toBe(130);
    expect(r.json).toMatchObject({ status: "cancelled" });
    expect(r.ms).toBeLessThan(CONNECT_TIMEOUT_MS / 3);
  }, 60_000);

  // doctor checked every backend to its end (three GETs of connect_timeout_ms each) before it
  // looked at the interrupt: a Ctrl-C left the terminal waiting for a minute and a half.
  it("doctor: cancelled at once, and says so", async () => {
    const r = await interruptDiscovery(["doctor", "--json"]);
    expect(r.code).toBe(130);
    expect(r.json.problems.join("\n")).toContain("cancelled");
    expect(r.ms).toBeLessThan(CONNECT_TIMEOUT_MS / 3);
    expect(r.unchanged).toBe(true);
  }, 60_000);
});
