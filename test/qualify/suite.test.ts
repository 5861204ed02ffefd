import { describe, expect, it } from "vitest";
import type { TaskRun } from "../../src/qualify/run-suite.js";
import { SUITE } from "../../src/qualify/suite/index.js";
import { TASK_KINDS } from "../../src/spec/schema.js";
import { REFERENCE, WRONG } from "./references.js";
import { scriptedModel, sourceLines, taskOf, type Play, suiteHarness } from "./scripted.js";

// Every task of the suite goes through the real engine against a scripted server: a correct
// answer must pass first time, and a plausible wrong one must fail its hidden check and pass on
// the retry once corrected. Otherwise the suite would measure itself, not the model.

const harness = suiteHarness();
const server = harness.server;

async function runAll(plays: Record<string, Play[]>): Promise<TaskRun[]> {
  server().setScript(scriptedModel(plays));
  const suite = await harness.run(SUITE, 30_000);
  expect(suite.stopped).toBeNull();
  expect(suite.failure).toBeNull();
  return suite.runs;
}

describe("the qualification suite", () => {
  it("has a reference and a wrong answer for every task, and at least four tasks of each kind", () => {
    for (const t of SUITE) {
      expect(REFERENCE[t.id], t.id).toBeTypeOf("string");
      expect(WRONG[t.id], t.id).toBeTypeOf("string");
    }
    for (const k of TASK_KINDS) expect(SUITE.filter((t) => t.kind === k).length, k).toBeGreaterThanOrEqual(4);
    expect(new Set(SUITE.map((t) => t.id)).size).toBe(SUITE.length);
    expect(new Set(SUITE.map((t) => t.language))).toEqual(new Set(["javascript", "typescript", "markdown", "python", "go", "rust"]));
    // Where no Python, Go or Rust is installed, every kind still has its four tasks.
    for (const k of TASK_KINDS) expect(SUITE.filter((t) => t.kind === k && !t.requires).length, k).toBeGreaterThanOrEqual(4);
  });

  it("has Python code and test tasks, and Go and Rust code tasks, each needing its toolchain", () => {
    const of = (language: string, kind: string) => SUITE.filter((t) => t.language === language && t.kind === kind);
    expect(of("python", "code").length).toBeGreaterThanOrEqual(2);
    expect(of("python", "test").length).toBeGreaterThanOrEqual(1);
    expect(of("go", "code").length).toBeGreaterThanOrEqual(1);
    expect(of("rust", "code").length).toBeGreaterThanOrEqual(1);
    const requires = Object.fromEntries(SUITE.filter((t) => t.requires).map((t) => [t.language, t.requires]));
    expect(requires).toEqual({ python: "python3", go: "go", rust: "rustc" });
    for (const t of SUITE.filter((x) => !x.requires)) expect(t.test_command, t.id).toBeUndefined();
  });

  it("passes every reference answer on the first try", async () => {
    const runs = await runAll({});
    const failed = runs.filter((r) => r.outcome.result.status !== "success" || r.outcome.result.attempts !== 1);
    expect(failed.map((r) => `${r.task.id}: ${r.outcome.result.status} ${r.outcome.result.error ?? ""}`)).toEqual([]);
    expect(runs).toHaveLength(SUITE.length);
  }, 240_000);

  it("fails every wrong answer on its hidden check, and feeds back what failed, never the check", async () => {
    const runs = await runAll(Object.fromEntries(SUITE.map((t) => [t.id, ["wrong", "right"] as Play[]])));
    const notCaught = runs.filter((r) => r.outcome.result.status !== "success" || r.outcome.result.attempts !== 2);
    expect(notCaught.map((r) => `${r.task.id}: ${r.outcome.result.status} after ${r.outcome.result.attempts}`)).toEqual([]);
    for (const r of runs) expect(r.outcome.failureKind, r.task.id).toBeNull();
    const retries = server().requests.filter((q) => q.path.endsWith("/chat/completions") && q.body.messages.length > 2);
    expect(retries).toHaveLength(SUITE.length);
    for (const q of retries) {
      const feedback: string = q.body.messages.at(-1).content;
      const task = SUITE.find((t) => t.id === taskOf(q))!;
      expect(feedback, task.id).toMatch(/✗/);
      // The hidden check's source never reaches the model: no line of it, in any language.
      expect(feedback, task.id).not.toMatch(/harness\.(mjs|py)|testsCatch|tests_catch|import \{|qualifyCall|fn guarded/);
      for (const line of sourceLines(task.check)) expect(feedback, task.id).not.toContain(line);
    }
  }, 240_000);
});
