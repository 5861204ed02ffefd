import { describe, expect, it } from "vitest";
import { SUITE } from "../../src/qualify/suite/index.js";
import { REFERENCE } from "./references.js";
import { scriptedModel, suiteHarness, type Play } from "./scripted.js";

// A TypeScript answer's checks run the JavaScript built from it under `.qualify/ts/`. An error
// there named the built copy, which the engine took for a file the model did not write: a broken
// import in the model's own file ended the task `invalid` ("could not run the tests … a file the
// model did not write"), with no retry and nothing on the model's record, so a model that writes
// bad imports looked better than one that does not.

const harness = suiteHarness();

async function run(plays: Record<string, Play[]>) {
  const script = scriptedModel(plays);
  // The server counts the prompt itself: the retry's prompt is then measured as it is.
  harness.server().setScript((req) => ({ ...script(req), usage: undefined }));
  const suite = await harness.run(SUITE.filter((t) => t.id in plays), 30_000);
  return Object.fromEntries(suite.runs.map((r) => [r.task.id, r.outcome]));
}

describe("a TypeScript answer whose own import is broken", () => {
  it("is the model's failure: judged, told which of its files is wrong, and retried", async () => {
    const duration = `import { UNIT_MS } from "./units";\n${REFERENCE["code-ts-duration"]!.replace(/^const UNIT_MS[^\n]*\n/, "")}`;
    const range = REFERENCE["test-ts-range"]!.replace('"./range.js"', '"../range.js"');
    const out = await run({ "code-ts-duration": [{ file: duration }, "right"], "test-ts-range": [{ file: range }, "right"] });
    for (const id of ["code-ts-duration", "test-ts-range"]) {
      expect(out[id]!.result, id).toMatchObject({ status: "success", attempts: 2 });
    }
    const feedback = harness.server().requests.filter((q) => q.path.endsWith("/chat/completions") && q.body.messages.length > 2).map((q) => String(q.body.messages.at(-1).content));
    expect(feedback.some((f) => /Cannot find module .*src\/units\.ts' imported from \S*src\/duration\.ts/.test(f))).toBe(true);
    expect(feedback.some((f) => /imported from \S*src\/range\.test\.ts/.test(f))).toBe(true);
    for (const f of feedback) expect(f).not.toContain(".qualify/ts/");
  }, 90_000);

  it("near miss: a right answer first time is a first-try pass", async () => {
    const out = await run({ "code-ts-duration": ["right"], "test-ts-range": ["right"] });
    for (const id of ["code-ts-duration", "test-ts-range"]) expect(out[id]!.result, id).toMatchObject({ status: "success", attempts: 1 });
  }, 90_000);
});
