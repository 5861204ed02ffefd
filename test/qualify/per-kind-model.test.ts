import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { renderReport } from "../../src/qualify/render.js";
import { scriptedModel } from "./scripted.js";

// A config with a model per kind (README: `models: {doc: llama-3.2-3b-instruct}`) runs each kind
// of the suite on its own model. What qualify then says about routing must be each kind's own
// model's record, as routing reads it: it told the user docs stay local on the code model's
// (missing) record while the small doc model had just failed every doc task.

const CODER = "qwen2.5-coder-7b-instruct";
const SMALL = "llama-3.2-3b-instruct";
let server: FakeOpenAIServer;
let proj: TempProject;
let qualified: Awaited<ReturnType<typeof runCli>>;
const env = () => ({ LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000" });
const cli = (argv: string[]) => runCli(argv, { cwd: proj.root, home: proj.home, env: env() });

beforeAll(async () => {
  server = await startFakeOpenAIServer({
    flavor: "lmstudio",
    models: [
      { id: CODER, state: "loaded", maxContextLength: 32768, loadedContextLength: 8192 },
      { id: SMALL, state: "not-loaded", maxContextLength: 32768 },
    ],
  });
  const play = scriptedModel({});
  const wrong = scriptedModel(Object.fromEntries(["doc-js-jsdoc", "doc-ts-tsdoc", "doc-md-queue", "doc-md-options"].map((id) => [id, ["wrong", "wrong"]])));
  // The small model gets every doc task wrong; the coder gets every task right.
  server.setScript((req) => (req.body?.model === SMALL ? wrong(req) : play(req)));
  proj = tempProject({ ".claude/local-delegate.yaml": `models: {doc: ${SMALL}}\n` });
  qualified = await cli(["qualify", "--kinds", "refactor,doc", "--json"]);
}, 120_000);
afterAll(async () => {
  await server.close();
  proj.cleanup();
});

describe("qualify with a model per kind", () => {
  it("says where each kind now goes by that kind's model's record", () => {
    expect(qualified.code).toBe(0);
    expect(qualified.json.routing).toEqual([
      { kind: "refactor", route: "local", detail: `refactors: 4/4 first-pass for ${CODER} (≥ 50%)` },
      { kind: "doc", route: "claude", detail: `docs: 0/4 first-pass for ${SMALL} (< 50%)` },
    ]);
    expect(qualified.json.models).toEqual({ refactor: CODER, doc: SMALL });
    expect(renderReport(qualified.json)).toContain(`qualification of refactor: ${CODER}, doc: ${SMALL}`);
  });

  it("near miss: --model runs every kind on one model, and the report names just that one", async () => {
    const one = await cli(["qualify", "--kinds", "doc", "--model", CODER, "--json"]);
    expect(one.json.models).toBeUndefined();
    expect(one.json.routing).toEqual([{ kind: "doc", route: "local", detail: `docs: 4/4 first-pass for ${CODER} (≥ 50%)` }]);
    expect(renderReport(one.json)).toContain(`qualification of ${CODER} on`);
  }, 60_000);

  it("agrees with classify, which routes by the configured model of the kind", async () => {
    const docs = await cli(["classify", "--description", "Write the README section documenting the options", "--kind", "doc", "--json"]);
    expect(docs.json).toMatchObject({ verdict: "claude", model: SMALL });
    // Near miss: the kind whose model is the top-level one keeps that model's figure.
    const refactor = await cli(["classify", "--description", "Rename the helper formatBytes to fmtBytes in src/bytes.js", "--kind", "refactor", "--json"]);
    expect(refactor.json).toMatchObject({ verdict: "local", model: CODER });
  });

  it("report shows each kind on the record of the model it goes to, as routing reads it", async () => {
    const r = await cli(["report", "--json"]);
    const kinds = r.json.model_record.kinds;
    expect(kinds.find((k: { kind: string }) => k.kind === "doc")).toMatchObject({ model: SMALL, samples: 4, first_pass: 0, route: "claude" });
    expect(kinds.find((k: { kind: string }) => k.kind === "refactor")).toMatchObject({ samples: 4, first_pass: 4, route: "local" });
    expect(kinds.find((k: { kind: string }) => k.kind === "refactor").model).toBeUndefined();
    const compact = await cli(["report", "--compact"]);
    expect(compact.stdout).toContain(`model ${CODER}: refactors 4/4 first-pass → local (4 in this project, 4 by qualify); docs (${SMALL}) 0/4 first-pass → claude (4 in this project, 4 by qualify).`);
  });
});
