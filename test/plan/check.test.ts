// `plan check`: the verdicts on the design's dark-mode example, the criteria a local task breaks,
// the measured record flipping a kind to Claude, and plans refused before anything runs.
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkPlan } from "../../src/plan/check.js";
import { parsePlanText, validatePlan } from "../../src/plan/load.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { EXAMPLE_PLAN } from "./fixtures.js";

let proj: TempProject;
beforeEach(() => {
  proj = tempProject({ "src/existing.ts": "export const x = 1;\n" });
});
afterEach(() => proj.cleanup());

const check = (plan: string, ...flags: string[]) => {
  proj.write("plan.yaml", plan);
  return runCli(["plan", "check", "plan.yaml", "--json", ...flags], { cwd: proj.root, home: proj.home });
};

describe("plan check on the dark-mode example", () => {
  it("delegates the constants, the utils and their tests, and keeps the hook and the provider with Claude", async () => {
    const r = await runCli(["plan", "check", EXAMPLE_PLAN, "--json"], { cwd: process.cwd(), home: proj.home });
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    const verdicts = Object.fromEntries(r.json.tasks.map((t: any) => [t.id, [t.verdict, t.category]]));
    expect(verdicts).toEqual({
      "theme-constants": ["local", "constants"],
      "theme-utils": ["local", "utility"],
      "theme-utils-tests": ["local", "test"],
      "use-theme-hook": ["claude", "react-hook"],
      "theme-provider": ["claude", "integration"],
    });
    expect(r.json.status).toBe("ok");
    expect(r.json.tasks.find((t: any) => t.id === "use-theme-hook").breaks).toEqual(["state: custom React hook (keep with Claude)", "imports: 3 imports (limit 2)", "test: no test to verify it"]);
    expect(r.json.tasks.find((t: any) => t.id === "theme-provider").breaks).toEqual(["integration: integration across files (keep with Claude)", "files: 3 files (limit 1)", "test: no test to verify it"]);
    expect(r.json.totals).toEqual({ local: 3, claude: 2, breaking: 0, could_delegate: 0 });
  });

  it("flags the hook and the provider when the plan gives them to the local model", async () => {
    const text = readFileSync(EXAMPLE_PLAN, "utf8").replaceAll("owner: claude", "owner: local");
    const r = await check(text.replaceAll("examples/dark-mode/", ""));
    expect(r.code).toBe(1);
    expect(r.json.status).toBe("issues");
    const broken = r.json.tasks.filter((t: any) => t.fix);
    expect(broken.map((t: any) => t.id)).toEqual(["use-theme-hook", "theme-provider"]);
    expect(broken[0]).toMatchObject({ owner: "local", verdict: "claude", fix: "split it into atomic tasks, or make it owner: claude" });
    expect(r.json.totals.breaking).toBe(2);
  });

  it("prints a table for a person", async () => {
    const r = await runCli(["plan", "check", EXAMPLE_PLAN], { cwd: process.cwd(), home: proj.home });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/5 tasks: 3 local, 2 for Claude/);
    expect(r.stdout).toMatch(/use-theme-hook\s+claude\s+react-hook/);
    expect(r.stdout).toMatch(/every local task meets the atomic criteria/);
  });
});

describe("plan check counts the tests a later task writes (has tests OR gets new tests)", () => {
  const example = () => readFileSync(EXAMPLE_PLAN, "utf8").replaceAll("examples/dark-mode/", "");

  it("theme-utils has no test_command of its own, but theme-utils-tests depends on it and writes its tests", async () => {
    const text = example().replace("    test_command: node checks/theme-utils.check.mjs\n", "");
    expect(text).not.toContain("theme-utils.check.mjs");
    const r = await check(text);
    expect(r.code).toBe(0);
    expect(r.json.status).toBe("ok");
    expect(r.json.tasks.find((t: any) => t.id === "theme-utils")).toMatchObject({ verdict: "local", category: "utility" });
    // The hook is not covered by those tests: it still has none.
    expect(r.json.tasks.find((t: any) => t.id === "use-theme-hook").breaks).toContain("test: no test to verify it");
  });

  const plan = (tests: string) => `request: r
tasks:
  - {task_id: fmt, owner: local, description: a pure function to format dates, output_file: src/fmt.ts}
${tests}`;

  it("a test task that reads the file it writes (context_files), after it, covers it", async () => {
    proj.write("src/fmt.ts", "export const f = 1;\n");
    const r = await check(
      plan(`  - {task_id: notes, owner: local, kind: doc, description: release notes, depends_on: [fmt], output_file: NOTES.md}
  - {task_id: t, owner: local, kind: test, description: unit tests for fmt, depends_on: [notes], output_file: src/fmt.test.ts, context_files: [./src/fmt.ts]}
`),
    );
    expect(r.code).toBe(0);
    expect(r.json.tasks[0]).toMatchObject({ id: "fmt", verdict: "local" });
  });

  it("a test file by its ecosystem's convention makes a test task, kind or not", async () => {
    const r = await check(`request: r
tasks:
  - {task_id: slug, owner: local, description: slugify(text) as a pure function, output_file: app/slug.py}
  - {task_id: slug-tests, owner: local, description: pytest cases, depends_on: [slug], output_file: tests/test_slug.py}
`);
    expect(r.code).toBe(0);
    expect(r.json.tasks.map((t: any) => [t.id, t.verdict, t.category])).toEqual([["slug", "local", "utility"], ["slug-tests", "local", "test"]]);
  });

  it("tests of another task, or tests that run before it, do not count", async () => {
    const other = await check(`${plan("")}  - {task_id: other, owner: local, description: a pure function to parse sizes, output_file: src/size.ts}
  - {task_id: t, owner: local, kind: test, description: unit tests for size, depends_on: [other], output_file: src/size.test.ts}
`);
    expect(other.code).toBe(1);
    expect(other.json.tasks[0].breaks).toEqual(["test: no test to verify it"]);

    proj.write("src/fmt.ts", "export const f = 1;\n");
    const before = await check(`request: r
tasks:
  - {task_id: t, owner: local, kind: test, description: unit tests for fmt, output_file: src/fmt.test.ts, context_files: [src/fmt.ts]}
  - {task_id: fmt, owner: local, description: a pure function to format dates, depends_on: [t], output_file: src/fmt.ts}
`);
    expect(before.code).toBe(1);
    expect(before.json.tasks[1].breaks).toEqual(["test: no test to verify it"]);
  });
});

describe("plan check: each criterion", () => {
  const task = (extra: string) => `request: r
tasks:
  - task_id: t
    owner: local
    output_file: src/t.ts
${extra}`;

  it.each([
    ["lines", "    description: a pure function to format dates\n    test_command: node t.js\n    lines: 120\n", "lines: ~120 lines expected (limit 50)"],
    ["imports", "    description: a pure function to format dates\n    test_command: node t.js\n    imports: 4\n", "imports: 4 imports (limit 2)"],
    ["no test", "    description: a pure function to format dates\n", "test: no test to verify it"],
    ["state", "    description: a global store with redux for the cart\n    test_command: node t.js\n", "state: state management (keep with Claude)"],
  ])("%s", async (_name, extra, broken) => {
    const r = await check(task(extra));
    expect(r.code).toBe(1);
    expect(r.json.tasks[0].breaks).toContain(broken);
  });

  it("several files: only Claude does those in one task", async () => {
    const r = await check(`request: r
tasks:
  - {task_id: t, owner: local, description: helper functions, test_command: node t.js, output_file: [src/a.ts, src/b.ts]}
`);
    expect(r.json.tasks[0].breaks).toEqual(["files: 2 files (limit 1)"]);
    // plan run refuses to start such a plan at all
    const run = await runCli(["plan", "run", "plan.yaml"], { cwd: proj.root, home: proj.home });
    expect(run.code).toBe(2);
    expect(run.json.error).toBe("tasks[0].output_file: a local task writes one file, this one names 2");
  });

  it("notes a Claude task the local model could write", async () => {
    const r = await check("request: r\ntasks:\n  - {task_id: t, owner: claude, description: the colour constants, output_file: src/c.ts}\n");
    expect(r.code).toBe(0);
    expect(r.json.tasks[0]).toMatchObject({ verdict: "local", note: "meets the atomic criteria: the local model could write it" });
    expect(r.json.totals.could_delegate).toBe(1);
  });

  it("sends a kind to Claude when this model's record on it is poor, with the figure", async () => {
    const entry = (status: string, attempts: number) => JSON.stringify({ v: 1, ts: "2026-01-01T00:00:00Z", event: "run", task_id: "x", kind: "code", file: "a.ts", status, model: "weak-coder", attempts });
    const lines = [entry("escalated", 2), entry("escalated", 2), entry("success", 2), entry("escalated", 2), entry("success", 1)];
    proj.write(".claude/local-delegate/ledger.jsonl", `${lines.join("\n")}\n`);
    const plan = task("    description: a pure function to format dates\n    test_command: node t.js\n");
    const r = await check(plan);
    // no model configured: the ledger's latest model is the one judged
    expect(r.code).toBe(1);
    expect(r.json.tasks[0]).toMatchObject({ verdict: "claude", category: "utility" });
    expect(r.json.tasks[0].breaks).toEqual(["record: code: 1/5 first-pass for weak-coder (< 50%)"]);

    proj.write("plan.yaml", plan);
    const other = await runCli(["plan", "check", "plan.yaml", "--json"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_MODEL: "strong-coder" } });
    expect(other.json.tasks[0].verdict).toBe("local");
  });
});

describe("plans refused before anything runs (exit 2, the field named)", () => {
  const base = (tasks: string) => `request: r\ntasks:\n${tasks}`;
  const t = (id: string, extra = "") => `  - {task_id: ${id}, owner: local, kind: doc, description: docs, output_file: docs/${id}.md${extra}}\n`;

  it.each([
    ["an unknown dependency", base(t("a", ", depends_on: [nope]")), 'tasks[0].depends_on[0]: no task "nope" in this plan'],
    ["a cycle", base(t("a", ", depends_on: [c]") + t("b", ", depends_on: [a]") + t("c", ", depends_on: [b]")), "tasks[0].depends_on: dependency cycle: a → c → b → a"],
    ["a task depending on itself", base(t("a", ", depends_on: [a]")), 'tasks[0].depends_on[0]: task "a" depends on itself'],
    ["a repeated id", base(t("a") + t("a")), 'tasks[1].task_id: "a" is already the id of tasks[0]'],
    ["a missing field", "request: r\ntasks:\n  - {task_id: a, owner: local, output_file: x.md}\n", "tasks[0].description: is required"],
    ["a bad owner", base("  - {task_id: a, owner: me, description: d, output_file: x.md}\n"), 'tasks[0].owner: must be "local" (the local model writes it) or "claude"'],
    ["an unknown field", base("  - {task_id: a, owner: local, description: d, output_file: x.md, dependsOn: [b]}\n"), "tasks[0].dependsOn: unknown field"],
    ["a local task with no file", base("  - {task_id: a, owner: local, description: d}\n"), "tasks[0].output_file: is required for a local task: the one file the model writes"],
    ["a path out of the project", base("  - {task_id: a, owner: local, description: d, output_file: ../x.md}\n"), /^tasks\[0\]\.output_file: must stay inside the project/],
    ["a context file nothing writes", base("  - {task_id: a, owner: local, description: d, output_file: x.md, context_files: [src/gone.ts]}\n"), 'tasks[0].context_files[0]: no such file: src/gone.ts, and no task "a" depends on writes it'],
    ["two unordered writers of one file", base(t("a") + "  - {task_id: b, owner: local, kind: doc, description: docs, output_file: ./docs/a.md}\n"), 'tasks[1].output_file: writes docs/a.md, as tasks[0] ("a") does, and neither depends on the other'],
    ["a task reading a file another task writes, with no order between them", base("  - {task_id: a, owner: local, kind: doc, description: docs, output_file: docs/a.md, context_files: [src/existing.ts]}\n  - {task_id: b, owner: local, description: d, output_file: ./src/existing.ts}\n"), 'tasks[0].context_files[0]: reads src/existing.ts, which tasks[1] ("b") writes, and neither depends on the other'],
    ["no tasks", "request: r\ntasks: []\n", "tasks: must list at least one task"],
    // The rules a run applies to the file the model writes, applied by the same code before anything runs.
    ["a local task writing under .claude/", base("  - {task_id: a, owner: local, description: d, output_file: .claude/settings.json}\n"), /^tasks\[0\]\.output_file: must not be under \.claude\//],
    ["a local task writing under .claude/ by another case", base("  - {task_id: a, owner: local, description: d, output_file: ./.Claude/hooks/x.sh}\n"), /^tasks\[0\]\.output_file: must not be under \.claude\//],
    ["a context file that is a folder", base("  - {task_id: a, owner: local, description: d, output_file: x.md, context_files: [src]}\n"), 'tasks[0].context_files[0]: no such file: src, and no task "a" depends on writes it'],
    ["a rename outside a refactor", base("  - {task_id: a, owner: local, description: d, output_file: src/existing.ts, rename: {from: x, to: y}}\n"), 'tasks[0].rename: only a task of kind "refactor" can rename'],
    ["a refactor of a file nothing writes", base("  - {task_id: a, owner: local, kind: refactor, description: d, output_file: src/new.ts}\n"), "tasks[0].output_file: a refactor needs an existing file to change"],
    ["a local task waiting for a Claude task that names no file", base("  - {task_id: c, owner: claude, description: d}\n" + t("a", ", depends_on: [c]")), 'tasks[1].depends_on[0]: "c" is a Claude task that names no file, so no run can tell it is done'],
    ["a local task writing a folder", base("  - {task_id: a, owner: local, description: d, output_file: src}\n"), "tasks[0].output_file: is a folder, not a file"],
    ["not YAML", "request: [unclosed\n", /^plan is not valid YAML/],
  ])("%s", async (_name, plan, error) => {
    for (const sub of ["check", "run"]) {
      proj.write("plan.yaml", plan);
      const r = await runCli(["plan", sub, "plan.yaml"], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:9/v1" } });
      expect(r.code, sub).toBe(2);
      expect(r.json.status).toBe("invalid");
      if (typeof error === "string") expect(r.json.error).toBe(error);
      else expect(r.json.error).toMatch(error);
    }
  });

  it("accepts a context file that a task it depends on writes, and an existing one", () => {
    const plan = base(t("a") + "  - {task_id: b, owner: local, kind: doc, description: d, output_file: docs/b.md, depends_on: [a], context_files: [docs/a.md, src/existing.ts]}\n");
    const raw = parsePlanText(plan);
    const loaded = raw.ok ? validatePlan(raw.value, plan, proj.root, { mode: "run" }) : raw;
    expect(loaded.ok).toBe(true);
    if (loaded.ok) expect(checkPlan(loaded.value.plan, proj.root).status).toBe("ok");
  });

  it("accepts a task reading a file another writes, when they are ordered either way", () => {
    const ok = (plan: string) => {
      const raw = parsePlanText(plan);
      return raw.ok && validatePlan(raw.value, plan, proj.root, { mode: "run" }).ok;
    };
    const reader = (extra: string) => `  - {task_id: a, owner: local, kind: doc, description: docs, output_file: docs/a.md, context_files: [src/existing.ts]${extra}}\n`;
    const writer = (extra: string) => `  - {task_id: b, owner: local, description: d, output_file: src/existing.ts${extra}}\n`;
    expect(ok(base(reader(", depends_on: [b]") + writer("")))).toBe(true);
    expect(ok(base(reader("") + writer(", depends_on: [a]")))).toBe(true);
    // A task that reads the file it writes itself is its own business.
    expect(ok(base("  - {task_id: c, owner: local, description: d, output_file: src/existing.ts, context_files: [src/existing.ts]}\n"))).toBe(true);
  });

  it("accepts a refactor of a file that a task it depends on writes, and a Claude task with no file that no local task waits for", () => {
    const plan = base("  - {task_id: a, owner: local, description: d, output_file: src/new.ts}\n  - {task_id: b, owner: local, kind: refactor, depends_on: [a], description: d, output_file: ./src/new.ts, rename: {from: x, to: y}}\n  - {task_id: c, owner: claude, depends_on: [b], description: review it}\n");
    const raw = parsePlanText(plan);
    const loaded = raw.ok ? validatePlan(raw.value, plan, proj.root, { mode: "run" }) : raw;
    expect(loaded.ok).toBe(true);
  });

  it("leaves .claude/ to a Claude task, and a folder merely named like it to the model", async () => {
    proj.write("plan.yaml", base("  - {task_id: hooks, owner: claude, description: the project's hooks, output_file: [.claude/settings.json, src/x.ts]}\n" + "  - {task_id: notes, owner: local, kind: doc, description: docs, output_file: .claude-notes/n.md}\n"));
    const r = await runCli(["plan", "check", "plan.yaml", "--json"], { cwd: proj.root, home: proj.home });
    expect(r.code).toBe(0);
    expect(r.json.tasks.map((x: any) => x.id)).toEqual(["hooks", "notes"]);
    // Every file a local task names is checked, not only the first.
    proj.write("plan.yaml", base("  - {task_id: two, owner: local, description: d, output_file: [src/a.ts, .claude/local-delegate.yaml]}\n"));
    const two = await runCli(["plan", "check", "plan.yaml", "--json"], { cwd: proj.root, home: proj.home });
    expect(two.code).toBe(2);
    expect(two.json.error).toMatch(/^tasks\[0\]\.output_file\[1\]: must not be under \.claude\//);
  });

  it("explains its usage", async () => {
    const r = await runCli(["plan", "frobnicate"], { cwd: proj.root, home: proj.home });
    expect(r.code).toBe(2);
    expect(r.json.error).toMatch(/expected `plan check` or `plan run`/);
    const help = await runCli(["plan", "--help"], { cwd: proj.root, home: proj.home });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/plan run PLAN/);
  });
});
