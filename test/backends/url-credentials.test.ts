// A base_url may carry a user name and password (basic auth for a proxy in front of the server,
// https://user:pass@gpu-box/v1): node sends them as the Authorization header. The URL was also the
// backend's id, so the password went into every result line (read by Claude), every message, the
// project's ledger, the name of a file in the user's record folder, and doctor's report.
import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { healthTarget } from "../../src/model/targets.js";
import { serverKey, withoutCredentials } from "../../src/util/model-id.js";
import { deadBaseUrl, runCli, tempProject, type TempProject } from "../support/project.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";

const SECRET = "hunter2-s3cret";
let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject({});
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const withCreds = (url: string) => url.replace("http://", `http://alice:${SECRET}@`);
/** Files under the project and the home folder (state, records) that hold the password, by content or name. */
const holding = () => execFileSync("sh", ["-c", `{ grep -rl -- "$0" "$1" "$2"; find "$1" "$2" -name "*$0*"; } || true`, SECRET, proj.root, proj.home], { encoding: "utf8" }).trim();

async function run(baseUrl: string) {
  const spec = proj.spec({ task_id: "a", description: "Write a.", output_file: "src/a.mjs" });
  return runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: baseUrl, LOCAL_DELEGATE_RETRIES: "0", LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "3000" } });
}

// The first run in a process loads the engine: room for it on a loaded machine.
describe("a password in base_url", { timeout: 90_000 }, () => {
  it("is sent to the server, and is in no output, ledger line or file name", async () => {
    server.setScript(() => ({ content: "```js\nexport const a = 1;\n```\n" }));
    const r = await run(withCreds(server.baseUrl));
    expect(r.json).toMatchObject({ status: "success" });
    // Near miss: the credentials still do their job.
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from(`alice:${SECRET}`).toString("base64")}`);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(holding()).toBe("");
  });

  it("is in no failure message: an HTTP error, an unreachable server, a base_url without /v1", async () => {
    server.setScript(() => ({ status: 502, errorBody: "Bad Gateway" }));
    const failed = await run(withCreds(server.baseUrl));
    expect(failed.json.error).toMatch(/answered HTTP 502/);
    const down = await run(withCreds(await deadBaseUrl()));
    expect(down.json.error).toMatch(/cannot reach the model server at http:\/\/127\.0\.0\.1/);
    const noV1 = await run(withCreds(server.origin));
    expect(noV1.json.error).toMatch(/does not end in \/v1/);
    for (const r of [failed, down, noV1]) expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(holding()).toBe("");
  });

  it("is not in doctor's report, nor in the server the session hook names", async () => {
    const r = await runCli(["doctor", "--json"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: withCreds(server.baseUrl) } });
    expect(r.json.base_url).toBe(server.baseUrl);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    expect(healthTarget({ base_url: withCreds(server.baseUrl) }).label).toBe(server.baseUrl);
  });

  it("near miss: a URL without credentials is left as it is, an @ in its path too; the record is the server's either way", () => {
    for (const url of ["http://localhost:1234/v1", "http://gpu-box/v1/@team", "https://[::1]:8080/v1?x=a@b", "embedded:/m/q.gguf"]) expect(withoutCredentials(url)).toBe(url);
    expect(withoutCredentials("https://tok@gpu-box/v1")).toBe("https://gpu-box/v1");
    expect(serverKey(withCreds("http://gpu-box:1234/v1/"))).toBe(serverKey("http://gpu-box:1234/v1"));
  });
});
