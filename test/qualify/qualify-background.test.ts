// `qualify --background`: the built CLI (dist/cli.js) as separate processes, as Claude runs it.
// The suite takes minutes on a real laptop model; as a job, its --json line is the job's result.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tempProject, type TempProject } from "../support/project.js";
import { cli, killJobs } from "../jobs/helpers.js";
import { scriptedModel } from "./scripted.js";

let server: FakeOpenAIServer;
let proj: TempProject;
const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "20000" });

beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio", script: scriptedModel({ "doc-md-queue": ["wrong", "wrong"] }) });
});
afterEach(async () => {
  killJobs(proj);
  await server.close();
  proj.cleanup();
});

describe("qualify --background", () => {
  it("answers with a job at once, and status --wait returns the suite's JSON line", async () => {
    const started = await cli(["qualify", "--kinds", "doc", "--background"], proj, env());
    expect(started.code).toBe(0);
    expect(started.json).toMatchObject({ job: expect.any(String), status: expect.stringMatching(/running|queued/) });
    const done = await cli(["status", started.json.job, "--wait", "60"], proj, env(), 90_000);
    expect(done.json).toMatchObject({ status: "done", tasks: 4, kinds: [{ kind: "doc", first_pass: 3, judged: 4 }] });
    expect(done.json.routing).toEqual([{ kind: "doc", route: "local", detail: "docs: 3/4 first-pass for qwen2.5-coder-7b-instruct (≥ 50%)" }]);
  }, 120_000);
});
