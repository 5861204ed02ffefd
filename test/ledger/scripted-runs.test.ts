import { readFileSync } from "node:fs";
import { join } from "node:path";
import { countTokens } from "gpt-tokenizer/encoding/cl100k_base";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordHookDecision } from "../../src/ledger/hook-decision.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";
import { ledgerPath } from "../../src/ledger/store.js";
import { readUserRecord } from "../../src/ledger/user-record.js";

// Real runs through the CLI against a scripted server, then `report --json`: every figure is
// checked against a count made here independently (the token counts with the tokenizer itself,
// from the exact spec file and the exact line `run` printed).
const GOOD = `export function slugify(input) {
  return input.toLowerCase().trim().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
`;
const BUGGY = "export function slugify(input) {\n  return input.toLowerCase();\n}\n";
const CHECK = `import { slugify } from "./src/slugify.mjs";
if (slugify("  Hello, World! ") !== "hello-world") { console.error("AssertionError: wrong slug"); process.exit(1); }
`;
const DOC = "# Slugify\n\nTurns a title into a URL slug: lower case, dashes between words.\n";
const fence = (s: string, tag = "js") => "```" + tag + "\n" + s + "```\n";
const claude = (s: string) => Math.ceil(countTokens(s) * 1.2);

let server: FakeOpenAIServer;
let proj: TempProject;
beforeEach(async () => {
  proj = tempProject({ "check.mjs": CHECK });
  server = await startFakeOpenAIServer({ flavor: "lmstudio" });
});
afterEach(async () => {
  await server.close();
  proj.cleanup();
});

async function run(spec: Record<string, unknown>) {
  const path = proj.spec(spec);
  const r = await runCli(["run", path], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl, LOCAL_DELEGATE_TIMEOUT_MS: "10000" } });
  return { ...r, specText: readFileSync(path, "utf8") };
}

describe("a ledger built from scripted runs", () => {
  it("yields exactly the figures the runs produced", async () => {
    const ledger = ledgerPath(proj.data);
    // 1. first-pass success (code), prompted by a flagged Write of the same file.
    recordHookDecision(ledger, { decision: "flagged", category: "code", mode: "nudge", file: "src/slugify.mjs", session_id: "s1", tool: "Write" });
    server.setScript([{ content: fence(GOOD), usage: { prompt_tokens: 400, completion_tokens: 60 } }]);
    const a = await run({ task_id: "slug", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: "node check.mjs" });
    expect(a.json.status).toBe("success");
    // 2. escalated after two failing answers (test kind).
    server.setScript([{ content: fence(BUGGY), usage: { prompt_tokens: 410, completion_tokens: 30 } }, { content: fence(BUGGY), usage: { prompt_tokens: 520, completion_tokens: 31 } }]);
    const b = await run({ task_id: "slug2", kind: "test", description: "Write slugify again.", output_file: "src/slugify.mjs", test_command: "node check.mjs" });
    expect(b.json.status).toBe("escalated");
    // 3. a doc written on the second answer (the first was cut off at its max_tokens, which a server counts whole).
    let cutAt = 0;
    server.setScript((req, i) => {
      if (i > 0) return { content: fence(DOC, "markdown"), usage: { prompt_tokens: 260, completion_tokens: 25 } };
      cutAt = Number(req.body.max_tokens);
      return { content: "```markdown\n# Slug", finishReason: "length", usage: { prompt_tokens: 200, completion_tokens: cutAt } };
    });
    const c = await run({ task_id: "readme", kind: "doc", description: "Document slugify.", output_file: "docs/slugify.md" });
    expect(c.json).toMatchObject({ status: "success", attempts: 2 });
    // 4. a write Claude did itself.
    recordHookDecision(ledger, { decision: "not-delegable", category: "config", mode: "nudge", file: "package.json", session_id: "s1" });

    const rep = await runCli(["report", "--json"], { cwd: proj.root, home: proj.home });
    expect(rep.code).toBe(0);
    const t = rep.json.totals;
    expect(t).toMatchObject({
      tasks: 4,
      delegated: 3,
      claude_written: 1,
      delegation_rate: 0.75,
      local_written: 2,
      first_pass: { passed: 1, of: 3, rate: 0.3333 },
      outcomes: { success: 2, escalated: 1 },
      escalations: { total: 1, reasons: [{ reason: "tests", count: 1 }] },
      failures: { total: 0 },
      local_tokens: { prompt: 400 + 410 + 520 + 200 + 260, completion: 60 + 30 + 31 + cutAt + 25, runs_measured: 3 },
    });
    // Claude's side, counted here from the exact texts: the spec Claude wrote, the line it read,
    // and (for kept files) the file as output plus one rereading as input.
    const spent = (r: { specText: string; stdout: string }) => claude(r.specText) + claude(r.stdout);
    const wouldHave = claude(GOOD) * 2 + claude(DOC) * 2;
    const saved = wouldHave - spent(a) - spent(b) - spent(c);
    expect(t.claude).toMatchObject({ spent: spent(a) + spent(b) + spent(c), would_have: wouldHave, saved, tasks_counted: 3 });
    expect(t.claude.savings_rate).toBeCloseTo(saved / wouldHave, 4);
    expect(rep.json.kinds.map((k: { kind: string; tasks: number; delegated: number }) => [k.kind, k.tasks, k.delegated])).toEqual([
      ["code", 1, 1],
      ["config", 1, 0],
      ["doc", 1, 1],
      ["test", 1, 1],
    ]);
    expect(rep.json.today.delegated).toBe(3);

    // Each run's own line carries the figures and their parts.
    const lines = readFileSync(ledger, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const first = lines.find((l) => l.task_id === "slug");
    expect(first.claude).toEqual({ spent: spent(a), would_have: claude(GOOD) * 2, saved: claude(GOOD) * 2 - spent(a), saved_ratio: expect.any(Number), spec: claude(a.specText), result: claude(a.stdout), file: claude(GOOD), reread: claude(GOOD), tokenizer: "cl100k_base", factor: 1.2 });
    expect(first.claude_measured).toBeNull();
    expect(first.run_id).toMatch(/^\d{8}T\d{9}Z-\d+-[0-9a-f]{4}$/);
  });
});

describe("the model's per-user record", () => {
  it("gets each judged run, with its project, and nothing for a run the server never answered", async () => {
    server.setScript([{ content: fence(GOOD) }, { content: fence(BUGGY) }, { content: fence(BUGGY) }]);
    expect((await run({ task_id: "slug", description: "Write slugify(input).", output_file: "src/slugify.mjs", test_command: "node check.mjs" })).json.status).toBe("success");
    expect((await run({ task_id: "slug2", kind: "test", description: "Write slugify again.", output_file: "src/slugify.mjs", test_command: "node check.mjs" })).json.status).toBe("escalated");
    const down = await runCli(["run", proj.spec({ task_id: "slug3", description: "Write slugify.", output_file: "src/x.mjs" })], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:9/v1", LOCAL_DELEGATE_CONNECT_TIMEOUT_MS: "500" } });
    expect(down.json.status).toBe("unavailable");
    const lines = readUserRecord(join(proj.home, ".state", "local-delegate", "records"), server.baseUrl, "qwen2.5-coder-7b-instruct");
    expect(lines).toEqual([
      expect.objectContaining({ event: "run", kind: "code", status: "success", attempts: 1, project: proj.root }),
      expect.objectContaining({ event: "run", kind: "test", status: "escalated", attempts: 2, project: proj.root }),
    ]);
  });
});
