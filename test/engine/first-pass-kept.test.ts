// A first answer that failed its checks was judged, whatever ends the run after it: a retry the
// server did not answer must not erase that miss from the model's record (routing, the user's
// record, qualification), or a model that fails its first try and then times out reads as better.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordFromLedger } from "../../src/classify/adaptive.js";
import { userRecordLine } from "../../src/ledger/user-record.js";
import type { TaskRun } from "../../src/qualify/run-suite.js";
import { kindFigures, taskFigures } from "../../src/qualify/summary.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { ledgerEntries, runCli, tempProject, type TempProject } from "../support/project.js";

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

const bad = "```js\nexport const a = ;\n```\n";
const run = () =>
  runCli(["run", proj.spec({ task_id: "a", description: "Export the constant `a`.", output_file: "src/a.mjs" })], {
    cwd: proj.root,
    home: proj.home,
    env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_RETRIES: "1" },
  });

describe("a first answer that failed, then a retry the server did not answer", () => {
  it("stays a first-pass miss on the model's record", async () => {
    server.setScript([{ content: bad }, { status: 400, errorBody: { error: { message: "model crashed" } } }]);
    const r = await run();
    expect(r.json.status).not.toBe("success");
    expect(r.json.status).not.toBe("escalated");
    const line = ledgerEntries(proj.root).find((e) => e.event === "run");
    expect(line).toMatchObject({ attempts: 1, failure_kind: "syntax" });
    const record = recordFromLedger([line], line.model);
    expect(record.kinds.code).toMatchObject({ samples: 1, firstPass: 0, passed: 0 });
    expect(userRecordLine(line, proj.root)).toMatchObject({ status: line.status, attempts: 1, failure_kind: "syntax" });
  });

  it("near miss: a server that never answered judged nothing", async () => {
    server.setScript([{ status: 400, errorBody: { error: { message: "model crashed" } } }]);
    await run();
    const line = ledgerEntries(proj.root).find((e) => e.event === "run");
    expect(line).toMatchObject({ attempts: 0, failure_kind: null });
    expect(recordFromLedger([line], "x").kinds).toEqual({});
    expect(userRecordLine(line, proj.root)).toBeNull();
  });
});

describe("qualification's figures", () => {
  const figures = (status: string, attempts: number, failureKind: string | null) =>
    taskFigures({
      task: { id: "t", kind: "code", category: "utility", language: "typescript" },
      outcome: { result: { status, attempts }, failureKind, usage: null, ms: 1 },
      answers: attempts,
      wellFormedAnswers: attempts,
    } as unknown as TaskRun);

  it("count a first answer that failed, then a retry that timed out, as a miss on the first and second try", () => {
    expect(figures("failed", 1, "tests")).toMatchObject({ judged: true, first_pass: false, second_pass: false });
    expect(kindFigures([figures("success", 1, null), figures("failed", 1, "tests")])[0]).toMatchObject({ judged: 2, first_pass: 1, first_pass_rate: 0.5 });
  });

  it("near miss: a task the server failed before any answer was judged is not counted", () => {
    expect(figures("failed", 0, null)).toMatchObject({ judged: false });
    expect(figures("unavailable", 1, null)).toMatchObject({ judged: false });
    expect(kindFigures([figures("success", 1, null), figures("failed", 0, null)])[0]).toMatchObject({ judged: 1, first_pass_rate: 1 });
  });
});
