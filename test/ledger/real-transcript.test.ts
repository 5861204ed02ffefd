import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureDelegation, measureSession } from "../../src/tokens/transcript.js";
import { makeClaudeHome, runClaude, type ClaudeHome } from "../support/claude-cli.js";
import { startFakeAnthropic, type FakeAnthropic, type Turn } from "../support/fake-anthropic.js";
import { tempProject, type TempProject } from "../support/project.js";

// The transcript format is not documented; this has the real Claude Code client (2.1.332) write
// one, against a fake Messages API whose `usage` figures are known, and checks that the reader
// finds every response once with exactly the usage the API reported.
const SPEC = "task_id: slug\nkind: code\noutput_file: src/slug.mjs\ndescription: |\n  Write slugify.\n";
const CODE = Array.from({ length: 30 }, (_, i) => `export const v${i} = ${i};`).join("\n") + "\n";
const TURNS: Turn[] = [
  { text: "I'll delegate it.", toolCalls: [{ id: "toolu_a", name: "Bash", input: { command: `node "/plug/dist/cli.js" run - <<'SPEC'\n${SPEC}SPEC`, description: "delegate" } }] },
  { toolCalls: [{ id: "toolu_b", name: "Write", input: { file_path: "/tmp/elsewhere/other.mjs", content: CODE } }] },
  { text: "Done." },
];

let fake: FakeAnthropic;
let home: ClaudeHome;
let proj: TempProject;
beforeAll(async () => {
  fake = await startFakeAnthropic({ script: TURNS });
  home = await makeClaudeHome();
  proj = tempProject();
});
afterAll(async () => {
  await fake.close();
  await home.dispose();
  proj.cleanup();
});

describe("a transcript written by the real Claude Code client", () => {
  it("yields the API's own usage, each response once, and finds the delegation", async () => {
    const started = Date.now();
    const r = await runClaude({ prompt: "write slugify", cwd: proj.root, baseUrl: fake.url, home });
    expect(r.exitCode, r.stderr).toBe(0);
    const main = fake.ofKind("main");
    expect(main).toHaveLength(3);
    // What the fake put in each response's usage (fake-anthropic.ts: length / 4, rounded up).
    const blocks = (t: Turn) => [...(t.text ? [{ type: "text", text: t.text }] : []), ...(t.toolCalls ?? []).map((c) => ({ type: "tool_use", id: c.id, name: c.name, input: c.input }))];
    const output = TURNS.map((t) => Math.max(1, Math.ceil(JSON.stringify(blocks(t)).length / 4)));
    const input = main.map((q) => Math.max(1, Math.ceil(JSON.stringify(q.body).length / 4)));

    const dir = join(home.configDir, "projects");
    const [slug] = readdirSync(dir);
    const file = readdirSync(join(dir, slug!)).find((f) => f.endsWith(".jsonl"))!;
    const text = readFileSync(join(dir, slug!, file), "utf8");
    // The first response has two content blocks: the client writes two lines with one usage.
    expect(text.split("\n").filter((l) => l.includes('"type":"assistant"')).length).toBeGreaterThan(3);

    const s = await measureSession(text);
    expect(s.responses).toBe(3);
    expect(s.output_tokens).toBe(output[0]! + output[1]! + output[2]!);
    expect(s.input_tokens + s.cache_creation_input_tokens + s.cache_read_input_tokens).toBe(input[0]! + input[1]! + input[2]!);
    expect(s.delegating).toEqual({ responses: 1, output_tokens: output[0] });
    expect(s.writing).toEqual({ responses: 1, output_tokens: output[1] });
    expect(s.session_id).toBe(file.replace(/\.jsonl$/, ""));
    expect(measureDelegation(text, "slug", started - 1000)).toEqual({ output_tokens: output[0], responses: 1, session_id: s.session_id });
  }, 120_000);
});
