import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { listRuns } from "../../src/write/manifest.js";
import { startFakeOpenAIServer } from "../support/fake-openai-server.js";
import { fakeRun } from "../support/fake-run.js";
import { runCli, tempProject, type TempProject } from "../support/project.js";

let proj: TempProject;
let data: string;
beforeEach(() => {
  proj = tempProject();
  data = proj.data;
});
afterEach(() => proj.cleanup());

const abs = (rel: string) => join(proj.root, rel);
const bytes = (rel: string) => readFileSync(abs(rel));
const mode = (rel: string) => statSync(abs(rel)).mode & 0o7777;

const rollback = (...args: string[]) => runCli(["rollback", ...args], { cwd: proj.root, home: proj.home });
const ledger = () => readFileSync(join(data, "ledger.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));

// Binary content with every byte value, NULs, invalid UTF-8 and CRLF: a text round trip would change it.
const BINARY = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(4096), Buffer.from("\r\n\xff\xfe")]);

describe("rollback", () => {
  it("restores every file a task changed byte for byte, with its mode, and removes the files it created", async () => {
    proj.write("src/data.bin", "");
    writeFileSync(abs("src/data.bin"), BINARY);
    chmodSync(abs("src/data.bin"), 0o751);
    proj.write("src/keep.ts", "export const keep = 1;\r\n");
    chmodSync(abs("src/keep.ts"), 0o640);
    // Three runs of one task, a minute apart (a run id has a one-second resolution): kept,
    // escalated (restored by the engine), kept again.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-11-25T10:00:00Z"));
      fakeRun(proj, "t1", { "src/data.bin": "text now\n", "src/new.ts": "export {};\n" });
      vi.setSystemTime(new Date("2026-11-25T10:01:00Z"));
      fakeRun(proj, "t1", { "src/keep.ts": "broken\n" }, "restore");
      vi.setSystemTime(new Date("2026-11-25T10:02:00Z"));
      fakeRun(proj, "t1", { "src/data.bin": "second version\n", "src/keep.ts": "export const keep = 2;\n", "src/deep/er/new2.ts": "x\n" });
    } finally {
      vi.useRealTimers();
    }
    chmodSync(abs("src/data.bin"), 0o600); // a mode change is not an edit of the content

    const r = await rollback("t1", "--json");
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ status: "rolled-back", task_id: "t1" });
    expect(r.json.runs).toHaveLength(2);
    expect(new Map(r.json.files.map((f: { file: string; action: string }) => [f.file, f.action]))).toEqual(
      new Map([
        ["src/data.bin", "restored"],
        ["src/new.ts", "removed"],
        ["src/keep.ts", "restored"],
        ["src/deep/er/new2.ts", "removed"],
      ]),
    );
    expect(bytes("src/data.bin").equals(BINARY)).toBe(true);
    expect(mode("src/data.bin")).toBe(0o751);
    expect(bytes("src/keep.ts").toString("latin1")).toBe("export const keep = 1;\r\n");
    expect(mode("src/keep.ts")).toBe(0o640);
    expect(existsSync(abs("src/new.ts"))).toBe(false);
    expect(existsSync(abs("src/deep/er/new2.ts"))).toBe(false);
    expect(listRuns(data, "t1").map((x) => x.manifest.state)).toEqual(["rolled-back", "restored", "rolled-back"]);
    expect(ledger().at(-1)).toMatchObject({ event: "rollback", task_id: "t1", status: "rolled-back", forced: false, runs: r.json.runs });

    const again = await rollback("t1", "--json");
    expect(again.code).toBe(2);
    expect(again.json.error).toContain("already rolled back");
  });

  it("refuses, changing nothing, when a file was edited since the task wrote it; --force keeps a copy of the edit", async () => {
    proj.write("src/a.ts", "original a\n");
    proj.write("src/b.ts", "original b\n");
    fakeRun(proj, "t2", { "src/a.ts": "task a\n", "src/b.ts": "task b\n", "src/c.ts": "task c\n" });
    proj.write("src/b.ts", "my own edit\n");
    const before = ["src/a.ts", "src/b.ts", "src/c.ts"].map((f) => bytes(f).toString());

    const refused = await rollback("t2", "--json");
    expect(refused.code).toBe(1);
    expect(refused.json).toMatchObject({ status: "refused", task_id: "t2" });
    expect(refused.json.error).toContain("src/b.ts changed since task");
    expect(refused.json.hint).toContain("--force");
    expect(["src/a.ts", "src/b.ts", "src/c.ts"].map((f) => bytes(f).toString())).toEqual(before);
    expect(listRuns(data, "t2")[0]!.manifest.state).toBe("committed");
    expect(ledger().at(-1)).toMatchObject({ event: "rollback", status: "refused" });

    const forced = await rollback("t2", "--force");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("rolled back task t2");
    expect(bytes("src/a.ts").toString()).toBe("original a\n");
    expect(bytes("src/b.ts").toString()).toBe("original b\n");
    expect(existsSync(abs("src/c.ts"))).toBe(false);
    const forcedDir = readdirSync(join(data, "backups/t2")).find((d) => d.startsWith("forced-"))!;
    expect(readFileSync(join(data, "backups/t2", forcedDir, "files/src/b.ts"), "utf8")).toBe("my own edit\n");
    expect(ledger().at(-1)).toMatchObject({ status: "rolled-back", forced: true });
  });

  it("finishes a rollback that was interrupted half way (files already restored are not 'edited')", async () => {
    proj.write("src/a.ts", "original a\n");
    fakeRun(proj, "t3", { "src/a.ts": "task a\n", "src/b.ts": "task b\n" });
    proj.write("src/a.ts", "original a\n"); // as a killed rollback would have left it
    const r = await rollback("t3", "--json");
    expect(r.code).toBe(0);
    expect(r.json.files).toEqual([
      { file: "src/a.ts", action: "unchanged" },
      { file: "src/b.ts", action: "removed" },
    ]);
  });

  it("says so for an unknown task or a bad id, and changes nothing", async () => {
    const unknown = await rollback("nope", "--json");
    expect(unknown.code).toBe(2);
    expect(unknown.json.error).toContain('no backups for task "nope"');
    const bad = await rollback("../etc", "--json");
    expect(bad.code).toBe(2);
    expect((await rollback()).code).toBe(2);
  });

  it("undoes a real `run` end to end", async () => {
    const server = await startFakeOpenAIServer({ flavor: "lmstudio" });
    try {
      proj.write("src/x.mjs", "export const x = 'mine';\n");
      server.setScript([{ content: "```js\nexport const x = 'model';\n```\n" }]);
      const spec = proj.spec({ task_id: "x", description: "Set x to model.", output_file: "src/x.mjs" });
      const run = await runCli(["run", spec], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: server.baseUrl } });
      expect(run.json.status).toBe("success");
      expect(proj.read("src/x.mjs")).toBe("export const x = 'model';\n");
      const r = await rollback("x");
      expect(r.code).toBe(0);
      expect(proj.read("src/x.mjs")).toBe("export const x = 'mine';\n");
      const rep = await runCli(["report", "--json"], { cwd: proj.root, home: proj.home });
      expect(rep.json.totals).toMatchObject({ delegated: 1, rolled_back: 1, local_written: 0 });
    } finally {
      await server.close();
    }
  });
});
