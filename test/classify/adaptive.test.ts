import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  DEFAULT_THRESHOLDS,
  configuredModel,
  adaptiveVerdict,
  latestModel,
  readRecordEntries,
  recordEntries,
  recordFromLedger,
  recordFromLedgerFile,
  routeKindFor,
  routeWithLedger,
  sameModel,
  thresholdsFromConfig,
  type RecordEntry,
} from "../../src/classify/adaptive.js";
import { classifyContent } from "../../src/classify/content.js";
import type { Verdict } from "../../src/classify/criteria.js";
import { classifyDescription } from "../../src/classify/description.js";
import { ConfigSchema } from "../../src/config/schema.js";
import { readLedgerTail } from "../../src/ledger/tail.js";
import { userRecordLine, type JudgedSource } from "../../src/ledger/user-record.js";
import { appendUserRecord } from "../../src/ledger/user-record-append.js";

const M = "qwen2.5-coder-7b-instruct";
const T = { minFirstPass: 0.5, minSamples: 4, window: 20 };

/** A run line as the ledger holds it: `first` passes on attempt 1, `second` on 2, `fail` escalates. */
function run(kind: string, how: "first" | "second" | "fail", extra: Partial<RecordEntry> = {}): RecordEntry {
  const status = how === "fail" ? "escalated" : "success";
  return { event: "run", kind, status, model: M, attempts: how === "first" ? 1 : 2, ...extra };
}
const many = (n: number, kind: string, how: "first" | "second" | "fail") => Array.from({ length: n }, () => run(kind, how));

describe("recordFromLedger", () => {
  it("counts first passes per kind for the model, from runs, plan steps and qualify lines", () => {
    const entries = [
      run("test", "first"),
      run("test", "second"),
      run("test", "fail"),
      { ...run("test", "first"), event: "plan-step" },
      { event: "qualify", kind: "test", status: "success", model: M, attempts: 2, qualify: { first_pass: false } },
      run("code", "first"),
    ];
    const r = recordFromLedger(entries, M);
    expect(r.kinds.test).toEqual({ kind: "test", samples: 5, firstPass: 2, passed: 4, fromQualify: 1, fromProject: 5 });
    expect(r.kinds.code).toEqual({ kind: "code", samples: 1, firstPass: 1, passed: 1, fromQualify: 0, fromProject: 1 });
  });

  it("ignores what says nothing about the model: other models, server failures, cancels, hooks, rollbacks", () => {
    const entries: RecordEntry[] = [
      run("code", "fail", { model: "other-model" }),
      { event: "run", kind: "code", status: "unavailable", model: M, attempts: 0 },
      { event: "run", kind: "code", status: "failed", model: M, attempts: 1 },
      { event: "run", kind: "code", status: "cancelled", model: M, attempts: 1 },
      { event: "plan-step", kind: "code", status: "skipped", model: M },
      { event: "hook", kind: "code", status: "flagged", model: M, attempts: 1 },
      { event: "rollback", status: "rolled-back" },
      run("code", "first"),
    ];
    expect(recordFromLedger(entries, M).kinds.code?.samples).toBe(1);
  });

  it("keeps only the most recent attempts per kind: a model that got better is judged on now", () => {
    const entries = [...many(30, "test", "fail"), ...many(15, "test", "first"), ...many(50, "code", "first")];
    const r = recordFromLedger(entries, M, 20);
    expect(r.kinds.test).toMatchObject({ samples: 20, firstPass: 15 });
  });

  it("matches model ids as different servers report them", () => {
    expect(sameModel("models/Qwen2.5-Coder-7B-Instruct.gguf", M)).toBe(true);
    expect(sameModel("C:\\models\\qwen2.5-coder-7b-instruct.gguf", M)).toBe(true);
    expect(sameModel("qwen2.5-coder-7b-instruct-q8_0", M)).toBe(false);
    const r = recordFromLedger([run("doc", "first", { model: "models/qwen2.5-coder-7b-instruct.gguf" })], M);
    expect(r.kinds.doc?.samples).toBe(1);
  });

  it("survives lines of any shape", () => {
    const junk = [{}, { event: "run" }, { event: "run", kind: 3, status: "success", model: M, attempts: 1 }, { event: "run", kind: "code", status: "success", model: null, attempts: 1 }] as RecordEntry[];
    expect(recordFromLedger(junk, M).kinds).toEqual({});
  });
});

describe("one model's record from the project and from the user's other attempts", () => {
  it("counts the project's recent attempts first, then the user's most recent others while the window has room", () => {
    const project = [...many(3, "code", "first")];
    const elsewhere = [...many(30, "code", "fail"), ...many(5, "code", "second"), ...many(4, "test", "fail")];
    const r = recordFromLedger(project, M, 10, elsewhere);
    // 3 from the project, then the 7 latest from elsewhere: 5 second-try passes and 2 failures.
    expect(r.kinds.code).toEqual({ kind: "code", samples: 10, firstPass: 3, passed: 8, fromQualify: 0, fromProject: 3 });
    // A kind the project never did is judged on the user's record alone.
    expect(r.kinds.test).toEqual({ kind: "test", samples: 4, firstPass: 0, passed: 0, fromQualify: 0, fromProject: 0 });
  });

  it("lets a project that has a full window of its own be judged on it alone", () => {
    const r = recordFromLedger(many(25, "code", "first"), M, 20, many(50, "code", "fail"));
    expect(r.kinds.code).toMatchObject({ samples: 20, firstPass: 20, fromProject: 20 });
  });

  it("routes a second project by the record the first one made, through the per-user record file", async () => {
    dir = mkdtempSync(join(tmpdir(), "ld-adaptive-"));
    const records = join(dir, "records");
    const server = "http://localhost:1234/v1";
    for (const e of many(5, "test", "fail")) await appendUserRecord(records, userRecordLine({ ...e, ts: new Date().toISOString(), server, event: "qualify", qualify: { first_pass: false, suite: "s", suite_task: "t" } } as JudgedSource, "/first")!);
    const tests = classifyDescription({ description: "Write unit tests for clamp", kind: "test" });
    const second = routeWithLedger(tests, { ledgerFile: join(dir, "none.jsonl"), model: M, thresholds: T, user: { dir: records, server, project: "/second" } });
    expect(second.verdict.verdict).toBe("claude");
    expect(second.record).toMatchObject({ samples: 5, firstPass: 0, fromQualify: 5, fromProject: 0 });
    // The first project reads its own attempts from its ledger, not twice.
    const first = routeWithLedger(tests, { ledgerFile: join(dir, "none.jsonl"), model: M, thresholds: T, user: { dir: records, server, project: "/first" } });
    expect(first.record).toBeNull();
    // Without a model named or in the ledger, the one the server last reported stands in.
    expect(routeWithLedger(tests, { ledgerFile: join(dir, "none.jsonl"), fallbackModel: M, thresholds: T, user: { dir: records, server, project: "/second" } }).model).toBe(M);
  });
});

describe("a record is the model's on the server tasks go to", () => {
  const A = "http://laptop:1234/v1";
  const B = "http://gpu-box:8080/v1";
  const tests = classifyDescription({ description: "Write unit tests for clamp", kind: "test" });

  it("does not let the project's attempts on another server fill the window of the server tasks go to", async () => {
    dir = mkdtempSync(join(tmpdir(), "ld-adaptive-"));
    const records = join(dir, "records");
    const ledger = join(dir, "ledger.jsonl");
    // The same model name on a laptop did well in this project; on the GPU box it fails its tests.
    writeFileSync(ledger, many(20, "test", "first").map((e) => JSON.stringify({ ...e, server: A })).join("\n") + "\n");
    for (const e of many(5, "test", "fail")) await appendUserRecord(records, userRecordLine({ ...e, ts: new Date().toISOString(), server: B, event: "qualify", qualify: { first_pass: false, suite: "s", suite_task: "t" } } as JudgedSource, "/other")!);
    const onB = routeWithLedger(tests, { ledgerFile: ledger, model: M, thresholds: T, user: { dir: records, server: B, project: dir } });
    expect(onB.record).toMatchObject({ samples: 5, firstPass: 0, fromProject: 0 });
    expect(onB.verdict.verdict).toBe("claude");
    // On the laptop, the project's own attempts there are its record.
    const onA = routeWithLedger(tests, { ledgerFile: ledger, model: M, thresholds: T, user: { dir: records, server: A, project: dir } });
    expect(onA.record).toMatchObject({ samples: 20, firstPass: 20, fromProject: 20 });
  });

  it("matches the server as configured, case and trailing slashes aside, and a GGUF run in process as embedded", () => {
    const own = [run("code", "first", { server: "HTTP://Laptop:1234/v1/" }), run("code", "first", { server: "embedded:/models/x.gguf" }), run("code", "first", { server: A })];
    expect(recordFromLedger(own, M, 20, [], A).kinds.code?.samples).toBe(2);
    expect(recordFromLedger(own, M, 20, [], "embedded").kinds.code?.samples).toBe(1);
    // A line that names no server (the ledger always writes one; a hand-written line) is kept.
    expect(recordFromLedger([run("code", "first")], M, 20, [], A).kinds.code?.samples).toBe(1);
    // With no server known (none configured), every server's attempts count, as before.
    expect(recordFromLedger(own, M).kinds.code?.samples).toBe(3);
  });
});

describe("adaptiveVerdict", () => {
  const local: Verdict = classifyDescription({ description: "Write unit tests for clamp", kind: "test" });

  it("sends a kind whose first-pass rate is under the threshold to Claude, with the figure", () => {
    const record = recordFromLedger([...many(2, "test", "first"), ...many(7, "test", "fail")], M);
    const v = adaptiveVerdict(local, record, T);
    expect(local.verdict).toBe("local");
    expect(v.verdict).toBe("claude");
    expect(v.category).toBe("test");
    expect(v.reasons.at(-1)).toEqual({ criterion: "record", ok: false, detail: `tests: 2/9 first-pass for ${M} (< 50%)` });
    // The static reasons are all still there.
    expect(v.reasons.slice(0, -1)).toEqual(local.reasons);
  });

  it("keeps the static verdict at or over the threshold, and says so", () => {
    const record = recordFromLedger([...many(2, "test", "first"), ...many(2, "test", "fail")], M);
    const v = adaptiveVerdict(local, record, T);
    expect(v.verdict).toBe("local");
    expect(v.reasons.at(-1)).toEqual({ criterion: "record", ok: true, detail: `tests: 2/4 first-pass for ${M} (≥ 50%)` });
  });

  it("replaces an older record reason rather than adding to it", () => {
    const poor = adaptiveVerdict(local, recordFromLedger(many(5, "test", "fail"), M), T);
    const better = adaptiveVerdict(poor, recordFromLedger(many(5, "test", "first"), M), T);
    expect(better.verdict).toBe("local");
    expect(better.reasons.filter((r) => r.criterion === "record")).toEqual([{ criterion: "record", ok: true, detail: `tests: 5/5 first-pass for ${M} (≥ 50%)` }]);
  });

  it("does not judge on too few attempts", () => {
    const record = recordFromLedger(many(3, "test", "fail"), M);
    const v = adaptiveVerdict(local, record, T);
    expect(v.verdict).toBe("local");
    expect(v.reasons.at(-1)).toEqual({ criterion: "record", ok: true, detail: `tests: 0/3 first-pass for ${M} (too few to judge: 4 needed)` });
  });

  it("returns the static verdict untouched when there is no record for the kind", () => {
    expect(adaptiveVerdict(local, recordFromLedger(many(9, "code", "fail"), M), T)).toEqual(local);
    expect(adaptiveVerdict(local, null, T)).toEqual(local);
  });

  it("never makes local what the criteria keep with Claude, however good the record", () => {
    const hook = classifyDescription({ description: "Write the useTheme hook that reads the theme context" });
    expect(hook.verdict).toBe("claude");
    const v = adaptiveVerdict(hook, recordFromLedger(many(20, "code", "first"), M), T);
    expect(v.verdict).toBe("claude");
    expect(v.reasons.at(-1)).toMatchObject({ criterion: "record", ok: true });
  });

  it("looks the record up under the spec's kind, or the kind the category implies", () => {
    expect(routeKindFor("utility", "refactor")).toBe("refactor");
    expect(routeKindFor("test")).toBe("test");
    expect(routeKindFor("doc", null)).toBe("doc");
    expect(routeKindFor("constants")).toBe("code");
    const record = recordFromLedger(many(5, "refactor", "fail"), M);
    const util = classifyDescription({ description: "Rename the helper formatDate in utils", kind: "refactor" });
    expect(adaptiveVerdict(util, record, T, { kind: "refactor" }).verdict).toBe("claude");
    expect(adaptiveVerdict(util, record, T, { kind: "code" }).verdict).toBe(util.verdict);
  });

  it("works on file verdicts as the hook sees them", () => {
    const cases = Array.from({ length: 10 }, (_, i) => `  it("case ${i}", () => expect(COLORS.light).toBeDefined());`).join("\n");
    const file = classifyContent({ file: "src/theme.test.ts", content: `import { describe, it, expect } from "vitest";\nimport { COLORS } from "./theme";\ndescribe("COLORS", () => {\n${cases}\n});\n` });
    expect(file.verdict).toBe("local");
    expect(adaptiveVerdict(file, recordFromLedger(many(6, "test", "fail"), M), T).verdict).toBe("claude");
  });

  // The shape `plan check` has: each task's spec fields and planner hints, classified, then
  // overruled by the model's record. The design's dark-mode example, with a model that writes
  // poor tests: the theme's tests move to Claude, and nothing else changes.
  it("routes a plan's tasks: a kind that failed qualification flips, with the figure", () => {
    const plan = [
      { id: "theme-constants", kind: "code", description: "Define the theme colour constants for light and dark mode", lines: 20, imports: 0, files: 1, hasTest: true },
      { id: "theme-utils", kind: "code", description: "Write the utility functions that pick a colour for a theme mode", lines: 30, imports: 1, files: 1, hasTest: true },
      { id: "theme-tests", kind: "test", description: "Write unit tests for the theme utils", lines: 40, imports: 2, files: 1, hasTest: true },
      { id: "use-theme", kind: "code", description: "Write the useTheme hook that reads and toggles the theme", lines: 35, imports: 2, files: 1, hasTest: true },
      { id: "provider", kind: "code", description: "Integrate the theme provider into the app shell across files", lines: 40, imports: 4, files: 3, hasTest: false },
    ];
    const qualify: RecordEntry[] = [
      ...["first", "first", "first", "second", "fail"].map((h) => ({ ...run("code", h as "first"), event: "qualify" })),
      ...["first", "fail", "fail", "second"].map((h) => ({ ...run("test", h as "first"), event: "qualify" })),
    ];
    const record = recordFromLedger(qualify, M);
    const routed = plan.map((t) => {
      const s = classifyDescription(t);
      const a = adaptiveVerdict(s, record, T, { kind: t.kind });
      return { id: t.id, static: s.verdict, adaptive: a.verdict, why: a.reasons.find((r) => r.criterion === "record")?.detail };
    });
    expect(routed).toEqual([
      { id: "theme-constants", static: "local", adaptive: "local", why: `code: 3/5 first-pass for ${M} (≥ 50%)` },
      { id: "theme-utils", static: "local", adaptive: "local", why: `code: 3/5 first-pass for ${M} (≥ 50%)` },
      { id: "theme-tests", static: "local", adaptive: "claude", why: `tests: 1/4 first-pass for ${M} (< 50%)` },
      { id: "use-theme", static: "claude", adaptive: "claude", why: `code: 3/5 first-pass for ${M} (≥ 50%)` },
      { id: "provider", static: "claude", adaptive: "claude", why: `code: 3/5 first-pass for ${M} (≥ 50%)` },
    ]);
  });
});

describe("configuredModel", () => {
  it("names the model a kind runs on: first endpoint, then top level, per kind first; the GGUF for embedded", () => {
    expect(configuredModel({ model: "m", models: { doc: "fast" } }, "doc")).toBe("fast");
    expect(configuredModel({ model: "m", models: { doc: "fast" } }, "code")).toBe("m");
    expect(configuredModel({ model: "m", endpoints: [{ models: { test: "gpu-coder" } }, { model: "laptop" }] }, "test")).toBe("gpu-coder");
    expect(configuredModel({ model: "m", endpoints: [{ model: "gpu" }] }, "code")).toBe("gpu");
    expect(configuredModel({ backend: "embedded", model_path: "models/Qwen2.5-Coder-1.5B.Q4_K_M.gguf" }, "code")).toBe("Qwen2.5-Coder-1.5B.Q4_K_M");
    expect(configuredModel({}, "code")).toBeNull();
  });
});

describe("thresholds", () => {
  it("come from the config keys, with defaults the config schema agrees with", () => {
    const c = ConfigSchema.parse({});
    expect(thresholdsFromConfig(c)).toEqual(DEFAULT_THRESHOLDS);
    expect(thresholdsFromConfig({ route_min_first_pass: 0.7, route_min_samples: 10, route_window: 50 })).toEqual({ minFirstPass: 0.7, minSamples: 10, window: 50 });
    expect(ConfigSchema.safeParse({ route_min_first_pass: 1.5 }).success).toBe(false);
    expect(ConfigSchema.safeParse({ route_min_samples: 0 }).success).toBe(false);
  });
});

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = "";
});

describe("reading the ledger's tail", () => {

  it("reads only the tail, drops the cut first line and torn lines, and finds the latest model", () => {
    dir = mkdtempSync(join(tmpdir(), "ld-adaptive-"));
    const path = join(dir, "ledger.jsonl");
    const lines = Array.from({ length: 2000 }, (_, i) => JSON.stringify({ ...run("code", i % 2 ? "first" : "fail"), ts: new Date(0).toISOString(), pad: "x".repeat(100) }));
    writeFileSync(path, `${lines.join("\n")}\n`);
    appendFileSync(path, '{"event":"run","kind":"code",\n'); // a torn line, as a crash mid-write leaves
    appendFileSync(path, `${JSON.stringify(run("doc", "first", { model: "later-model" }))}\n`);
    const tail = recordEntries(readLedgerTail(path, 16 * 1024));
    expect(tail.length).toBeGreaterThan(50);
    expect(tail.length).toBeLessThan(200);
    expect(tail.every((e) => typeof e.event === "string")).toBe(true);
    expect(latestModel(tail)).toBe("later-model");
    const r = recordFromLedgerFile(path, M, 20);
    expect(r.kinds.code).toMatchObject({ samples: 20, firstPass: 10 });
  });

  it("routes in one call from the ledger file, judging the latest model when none is named", () => {
    dir = mkdtempSync(join(tmpdir(), "ld-adaptive-"));
    const path = join(dir, "ledger.jsonl");
    writeFileSync(path, [...many(5, "test", "fail"), run("code", "first")].map((e) => JSON.stringify(e)).join("\n") + "\n");
    const tests = classifyDescription({ description: "Write unit tests for clamp", kind: "test" });
    const r = routeWithLedger(tests, { ledgerFile: path, thresholds: T });
    expect(r).toMatchObject({ model: M, kind: "test", record: { samples: 5, firstPass: 0 } });
    expect(r.verdict.verdict).toBe("claude");
    const other = routeWithLedger(tests, { ledgerFile: path, model: "another-model", thresholds: T });
    expect(other).toEqual({ verdict: tests, model: "another-model", kind: "test", record: null });
    expect(routeWithLedger(tests, { ledgerFile: join(dir, "none.jsonl") })).toEqual({ verdict: tests, model: null, kind: "test", record: null });
  });

  it("gives nothing for a missing ledger", () => {
    dir = mkdtempSync(join(tmpdir(), "ld-adaptive-"));
    expect(readRecordEntries(join(dir, "none.jsonl"))).toEqual([]);
    expect(recordFromLedgerFile(join(dir, "none.jsonl"), M).kinds).toEqual({});
  });

  it("stays light for the hook: node:fs and type-only imports, nothing else (its ledger reader too)", () => {
    const runtimeImports = (rel: string) => {
      const src = readFileSync(new URL(`../../src/${rel}`, import.meta.url), "utf8");
      return [...src.matchAll(/^import\s+(type\s+)?[^;]*from\s+"([^"]+)";/gm)].filter((m) => !m[1]).map((m) => m[2]!);
    };
    expect(runtimeImports("classify/adaptive.ts").filter((f) => !f.startsWith("node:"))).toEqual(["../ledger/user-record.js", "../util/model-id.js", "./record-source.js"]);
    expect(runtimeImports("classify/record-source.ts").filter((f) => !f.startsWith("node:"))).toEqual(["../ledger/tail.js", "../ledger/user-record.js", "../util/model-id.js"]);
    expect(runtimeImports("ledger/tail.ts").filter((f) => !f.startsWith("node:"))).toEqual([]);
    // The user's record of a model, which the hook reads too (its writer, with the lock, is apart).
    expect(runtimeImports("ledger/user-record.ts").filter((f) => !f.startsWith("node:"))).toEqual(["../util/model-id.js", "../util/safe-name.js", "./tail.js"]);
    expect(runtimeImports("util/model-id.ts")).toEqual([]);
    expect(runtimeImports("util/safe-name.ts")).toEqual([]);
  });
});
