// `plan run` on the dark-mode example against a scripted server: dependency order, skipped
// dependants, a rerun that skips what is done, Claude's checklist, the ledger and progress.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { contextFor } from "../../src/project/context.js";
import { executePlan, preparePlan } from "../../src/requests/plan.js";
import { gate, startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, type TempProject } from "../support/project.js";
import { BUGGY_UTILS, DIR, FILES, answerByFile, askedFile, darkModeProject, fence, ledgerLines } from "./fixtures.js";

let server: FakeOpenAIServer;
let proj: TempProject;
const PLAN = `${DIR}/plan.yaml`;

function env(extra: Record<string, string> = {}) {
  return { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "2000", LOCAL_DELEGATE_TIMEOUT_MS: "10000", ...extra };
}
const planRun = (extra: Record<string, string> = {}) => runCli(["plan", "run", PLAN], { cwd: proj.root, home: proj.home, env: env(extra) });
const chats = () => server.requests.filter((r) => r.path.endsWith("/chat/completions"));

beforeEach(async () => {
  proj = darkModeProject();
  server = await startFakeOpenAIServer({ flavor: "lmstudio", script: answerByFile() });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

describe("plan run", () => {
  it("runs the local tasks in dependency order and prints one summary with Claude's checklist", async () => {
    const r = await planRun();
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      status: "success",
      plan: "dark-mode",
      tasks: [
        { id: "theme-constants", status: "success", file: `${DIR}/src/theme/constants.js`, attempts: 1, tests: "none" },
        { id: "theme-utils", status: "success", file: `${DIR}/src/theme/utils.js`, attempts: 1, tests: "passed" },
        { id: "theme-utils-tests", status: "success", file: `${DIR}/src/theme/utils.test.js`, attempts: 1, tests: "passed" },
      ],
      totals: { local: 3, claude: 2, success: 3 },
      claude: [
        { id: "use-theme-hook", file: `${DIR}/src/theme/useTheme.js` },
        { id: "theme-provider", file: [`${DIR}/src/theme/ThemeProvider.jsx`, `${DIR}/src/App.jsx`, `${DIR}/src/pages/Settings.jsx`], waits_for: ["use-theme-hook"] },
      ],
    });
    expect(r.json.totals.local_tokens.completion).toBeGreaterThan(0);
    // Each task asked after the one it depends on had written its file.
    expect(chats().map(askedFile)).toEqual([`${DIR}/src/theme/constants.js`, `${DIR}/src/theme/utils.js`, `${DIR}/src/theme/utils.test.js`]);
    for (const [rel, body] of Object.entries(FILES)) expect(proj.read(`${DIR}/${rel}`)).toBe(body);

    const steps = ledgerLines(proj).filter((e) => e.event === "plan-step");
    expect(steps.map((e) => [e.task_id, e.status, e.plan_id, e.step])).toEqual([
      ["theme-constants", "success", "dark-mode", 1],
      ["theme-utils", "success", "dark-mode", 2],
      ["theme-utils-tests", "success", "dark-mode", 3],
    ]);
  });

  it("skips the dependants of a task that failed, and says why", async () => {
    server.setScript(answerByFile({ "src/theme/utils.js": () => ({ content: fence(BUGGY_UTILS) }) }));
    const r = await planRun();
    expect(r.code).toBe(1);
    expect(r.json.status).toBe("failed");
    expect(r.json.tasks).toEqual([
      expect.objectContaining({ id: "theme-constants", status: "success" }),
      expect.objectContaining({ id: "theme-utils", status: "escalated", attempts: 2, tests: "failed" }),
      { id: "theme-utils-tests", status: "skipped", file: `${DIR}/src/theme/utils.test.js`, attempts: 0, tests: "none", error: 'not run: its dependency "theme-utils" ended escalated' },
    ]);
    expect(r.json.totals).toMatchObject({ success: 1, escalated: 1, skipped: 1 });
    // Claude's hook needs theme-utils, which Claude must now write too.
    expect(r.json.claude[0]).toEqual({ id: "use-theme-hook", file: `${DIR}/src/theme/useTheme.js`, waits_for: ["theme-utils"] });
    expect(proj.exists(`${DIR}/src/theme/utils.js`)).toBe(false);
    expect(chats().map(askedFile)).not.toContain(`${DIR}/src/theme/utils.test.js`);
    const skipped = ledgerLines(proj).find((e) => e.task_id === "theme-utils-tests");
    expect(skipped).toMatchObject({ event: "plan-step", status: "skipped", plan_id: "dark-mode", step: 3 });
  });

  it("skips on a rerun what succeeded with the same inputs, and redoes what changed", async () => {
    expect((await planRun()).json.status).toBe("success");
    expect(chats()).toHaveLength(3);

    const again = await planRun();
    expect(again.code).toBe(0);
    expect(again.json.tasks.map((t: any) => t.status)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(again.json.totals).toMatchObject({ unchanged: 3 });
    expect(chats()).toHaveLength(3);

    // The utils deleted: that task runs again and writes its file back; the tests task reads the
    // utils as context, which ends up as it was, so it stays done. (A hand edit is left: hand-edit.test.ts.)
    rmSync(join(proj.root, DIR, "src/theme/utils.js"));
    const third = await planRun();
    expect(third.json.tasks.map((t: any) => [t.id, t.status])).toEqual([
      ["theme-constants", "unchanged"],
      ["theme-utils", "success"],
      ["theme-utils-tests", "unchanged"],
    ]);
    expect(chats().map(askedFile).slice(3)).toEqual([`${DIR}/src/theme/utils.js`]);

    // A changed spec is new work, even with the file as it was.
    const plan = proj.read(PLAN).replace("lines: 25", "lines: 25\n    constraints: [ES module, no imports, no functions, sorted keys]");
    writeFileSync(join(proj.root, PLAN), plan.replace("    constraints: [ES module, no imports, no functions]\n    lines: 25", "    lines: 25"));
    const fourth = await planRun();
    expect(fourth.json.tasks[0]).toMatchObject({ id: "theme-constants", status: "success" });
  });

  it("blocks a local task on a Claude task until Claude has written its file", async () => {
    const plan = `request: a hook and its tests
tasks:
  - task_id: hook
    owner: claude
    description: The useCounter hook
    output_file: src/useCounter.js
  - task_id: hook-tests
    owner: local
    kind: test
    depends_on: [hook]
    description: tests for the counter
    output_file: src/useCounter.test.js
    context_files: [src/useCounter.js]
`;
    proj.write("counter-plan.yaml", plan);
    server.setScript(() => ({ content: fence("export const t = 1;\n") }));
    const first = await runCli(["plan", "run", "counter-plan.yaml"], { cwd: proj.root, home: proj.home, env: env() });
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ status: "waiting", tasks: [{ id: "hook-tests", status: "blocked", error: `waits for Claude's task "hook"` }], claude: [{ id: "hook", file: "src/useCounter.js" }] });
    expect(chats()).toHaveLength(0);

    proj.write("src/useCounter.js", "export function useCounter() {}\n");
    const second = await runCli(["plan", "run", "counter-plan.yaml"], { cwd: proj.root, home: proj.home, env: env() });
    expect(second.json).toMatchObject({ status: "success", tasks: [{ id: "hook-tests", status: "success" }], claude: [{ id: "hook" }] });
    expect(second.json.claude[0].waits_for).toBeUndefined();
  });

  it("runs independent tasks side by side, up to max_parallel per server", async () => {
    const plan = `request: three constants files
tasks:
${["a", "b", "c"].map((x) => `  - {task_id: ${x}, owner: local, description: constants ${x}, output_file: src/${x}.js}`).join("\n")}
`;
    proj.write("three.yaml", plan);
    let most = 0;
    const count = () => (most = Math.max(most, server.chatsInFlight()));
    // Every answer waits until two requests are in flight at once: side by side, by construction.
    // One at a time, the second never comes: after 15 s the first is answered anyway, to fail below.
    const two = gate();
    const giveUp = new Promise((r) => setTimeout(r, 15_000).unref());
    server.setScript(() => {
      if (count() === 2) two.open();
      return { content: fence("export const X = 1;\n"), hold: Promise.race([two.promise, giveUp]) };
    });
    const r = await runCli(["plan", "run", "three.yaml"], { cwd: proj.root, home: proj.home, env: env({ LOCAL_DELEGATE_MAX_PARALLEL: "2", LOCAL_DELEGATE_TIMEOUT_MS: "30000" }) });
    expect(r.json.status).toBe("success");
    expect(most).toBe(2);

    // One at a time: a slow model would show any overlap.
    server.setScript(() => (count(), { content: fence("export const X = 1;\n"), delayMs: 300 }));
    most = 0;
    const serial = await runCli(["plan", "run", "three.yaml"], { cwd: proj.root, home: proj.home, env: env() });
    expect(serial.json.totals).toMatchObject({ unchanged: 3 });
    for (const x of ["a", "b", "c"]) rmSync(join(proj.root, `src/${x}.js`));
    const one = await runCli(["plan", "run", "three.yaml"], { cwd: proj.root, home: proj.home, env: env() });
    expect(one.json.totals).toMatchObject({ success: 3 });
    expect(most).toBe(1);
  }, 60_000);

  it("reports progress to the hooks a background job gives the request, and nothing on a non-TTY stderr", async () => {
    const seen: { done: number; total: number; current?: string | null }[] = [];
    const penv = { PATH: process.env.PATH, HOME: proj.home, XDG_CONFIG_HOME: join(proj.home, ".config"), XDG_STATE_HOME: join(proj.home, ".state"), ...env() };
    const ctx = contextFor(proj.root, penv);
    const prepared = preparePlan(proj.read(PLAN), ctx, penv, "run");
    if (!prepared.ok) throw new Error(prepared.error.message);
    const done = await executePlan(prepared.value, ctx, { warn: (m) => seen.push({ done: -1, total: -1, current: m }), onProgress: (p) => seen.push(p) });
    expect(done).toMatchObject({ exitCode: 0, value: { status: "success" } });
    expect(seen[0]).toEqual({ done: 0, total: 3, current: null });
    expect(seen).toContainEqual({ done: 0, total: 3, current: "theme-constants" });
    expect(seen).toContainEqual({ done: 1, total: 3, current: null });
    expect(seen.at(-1)).toEqual({ done: 3, total: 3, current: null });

    const again = await runCli(["plan", "run", PLAN], { cwd: proj.root, home: proj.home, env: env() });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe("");
    expect(again.json).toMatchObject({ status: "success", totals: { unchanged: 3 } });
  });

  it("shows a line per finished task on a terminal's stderr, and still one JSON line on stdout", async () => {
    let stdout = "";
    let stderr = "";
    await main(["plan", "run", PLAN], {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      env: { PATH: process.env.PATH, HOME: proj.home, XDG_CONFIG_HOME: join(proj.home, ".config"), XDG_STATE_HOME: join(proj.home, ".state"), ...env() },
      cwd: proj.root,
      stderrIsTTY: true,
      readStdin: async () => ({ ok: true, value: "" }),
    });
    expect(stdout.trim().split("\n")).toHaveLength(1);
    // eslint-disable-next-line no-control-regex
    const plain = stderr.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
    const finished = plain.split("\n").map((l) => l.split("\r").at(-1)!).filter((l) => /^[✓✗·] /.test(l));
    expect(finished.map((l) => l.split(" ").slice(0, 3).join(" "))).toEqual(["✓ theme-constants success", "✓ theme-utils success", "✓ theme-utils-tests success"]);
    expect(plain).toMatch(/local-delegate plan 1\/3/);
  });

  it("reads the plan from stdin", async () => {
    const r = await runCli(["plan", "run", "-"], { cwd: proj.root, home: proj.home, env: env(), stdin: proj.read(PLAN) });
    expect(r.json).toMatchObject({ status: "success", totals: { success: 3 } });
  });

  it("says the server is unavailable, once per task, with exit code 3", async () => {
    await server.close();
    const r = await planRun({ LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:9/v1" });
    expect(r.code).toBe(3);
    expect(r.json.status).toBe("unavailable");
    expect(r.json.tasks[0]).toMatchObject({ id: "theme-constants", status: "unavailable", attempts: 0 });
    expect(r.json.tasks[0].error).toMatch(/cannot reach the model server at http:\/\/127\.0\.0\.1:9\/v1/);
    expect(r.json.tasks.slice(1).map((t: any) => t.status)).toEqual(["skipped", "skipped"]);
  });
});
