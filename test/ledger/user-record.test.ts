import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLedgerLines } from "../../src/ledger/tail.js";
import { hasUserRecord, readUserRecord, userRecordFile, userRecordLine } from "../../src/ledger/user-record.js";
import { appendUserRecord } from "../../src/ledger/user-record-append.js";
import { acquireLock } from "../../src/util/lock.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

// One record per model, per user, written by every run and qualification of every project: several
// processes append to it at once (a plan's steps, a background qualify, a run in another project),
// and it is cut back when it grows. Neither may lose or tear a line.

const WRITERS = 8;
const SERVER = "http://localhost:1234/v1";
let dir: TmpDir;
let script: string;
beforeAll(async () => {
  dir = tmpDir("ld-user-record-");
  script = dir.join("appender.mjs");
  // As the shipped code runs it: bundled, each writer in its own Node process.
  await build({ entryPoints: ["test/ledger/fixtures/user-record-appender.ts"], bundle: true, platform: "node", format: "esm", outfile: script, logLevel: "silent" });
});
afterAll(() => dir.cleanup());

function writer(records: string, proc: number, count: number, maxBytes: number, keepBytes: number): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, records, String(proc), String(count), String(maxBytes), String(keepBytes)], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`writer ${proc} did not finish: ${stderr}`));
    }, 120_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stderr });
    });
  });
}

/** Each line's writer and sequence number, in file order; every line must be whole JSON. */
function linesOf(records: string): { proc: number; i: number }[] {
  const text = readFileSync(userRecordFile(records, SERVER, "coder-7b"), "utf8");
  expect(text.endsWith("\n")).toBe(true);
  const read = parseLedgerLines(text);
  expect(read.problems).toEqual([]);
  return read.lines.map(({ value }) => {
    const [, , proc, i] = String((value as { project: string }).project).split("/");
    return { proc: Number(proc), i: Number(i) };
  });
}

describe("the per-user record of a model", () => {
  it(`takes appends from ${WRITERS} processes at once and loses or tears no line`, async () => {
    const records = dir.join("all");
    const per = 100;
    const runs = await Promise.all(Array.from({ length: WRITERS }, (_, p) => writer(records, p, per, 64 * 1024 * 1024, 32 * 1024 * 1024)));
    expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join("")).toEqual(Array(WRITERS).fill(0));
    const lines = linesOf(records);
    expect(lines).toHaveLength(WRITERS * per);
    const seen = new Set(lines.map((l) => `${l.proc}:${l.i}`));
    expect(seen.size).toBe(WRITERS * per);
  }, 150_000);

  it("is cut back to its most recent lines while writers append, tearing and repeating none", async () => {
    const records = dir.join("cut");
    const per = 100;
    const max = 128 * 1024;
    const runs = await Promise.all(Array.from({ length: WRITERS }, (_, p) => writer(records, p, per, max, 96 * 1024)));
    expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join("")).toEqual(Array(WRITERS).fill(0));
    const lines = linesOf(records);
    // Lines of up to 12 kB on megabytes of appends: it was cut, and kept under the limit.
    expect(statSync(userRecordFile(records, SERVER, "coder-7b")).size).toBeLessThanOrEqual(max);
    expect(lines.length).toBeGreaterThan(2);
    expect(new Set(lines.map((l) => `${l.proc}:${l.i}`)).size).toBe(lines.length);
    // A cut drops the oldest lines only: what is left of each writer's lines is its last ones, in
    // the order written, none missing (an append made while another process cut would be a gap).
    for (let p = 0; p < WRITERS; p++) {
      const mine = lines.filter((l) => l.proc === p).map((l) => l.i);
      if (mine.length) expect(mine, `writer ${p}`).toEqual(Array.from({ length: per - mine[0]! }, (_, k) => mine[0]! + k));
    }
  }, 150_000);
});

describe("the record's lock", () => {
  it("holds an append back while another process cuts or writes the record", async () => {
    const records = dir.join("locked");
    const line = { v: 1 as const, ts: new Date().toISOString(), event: "run" as const, kind: "code", status: "success", model: "coder-7b", server: SERVER, attempts: 1, project: "/p" };
    const file = userRecordFile(records, SERVER, "coder-7b");
    const held = await acquireLock(`${file}.lock`, { what: "a cut in another process", waitMs: 0 });
    if (!held.ok) throw new Error(held.error.message);
    const pending = appendUserRecord(records, line);
    // Every step an unlocked append would take has run: the record is untouched while the lock is held.
    await new Promise((r) => setImmediate(r));
    expect(existsSync(file)).toBe(false);
    held.value();
    expect((await pending).ok).toBe(true);
    expect(readUserRecord(records, SERVER, "coder-7b")).toHaveLength(1);
  });
});

describe("what a record holds", () => {
  const entry = { event: "run", ts: "2026-01-01T00:00:00.000Z", kind: "code", status: "success", model: "coder-7b", server: SERVER, attempts: 1 };

  it("keeps judged attempts only: the model answered and its answer was checked", () => {
    expect(userRecordLine(entry, "/p")).toMatchObject({ event: "run", model: "coder-7b", project: "/p" });
    expect(userRecordLine({ ...entry, status: "escalated", attempts: 2 }, "/p")).not.toBeNull();
    for (const bad of [{ status: "unavailable" }, { status: "cancelled" }, { attempts: 0 }, { model: null }, { server: null }, { kind: null }, { event: "hook" }]) {
      expect(userRecordLine({ ...entry, ...bad }, "/p"), JSON.stringify(bad)).toBeNull();
    }
  });

  it("is read per server and model, with the asking project's own lines left out", async () => {
    const records = dir.join("read");
    expect(hasUserRecord(records, SERVER, "coder-7b")).toBe(false);
    await appendUserRecord(records, userRecordLine(entry, "/a")!);
    await appendUserRecord(records, userRecordLine({ ...entry, status: "escalated", attempts: 2 }, "/b")!);
    await appendUserRecord(records, userRecordLine({ ...entry, server: "http://gpu:1234/v1" }, "/a")!);
    // The same model as the server reports it (a GGUF path), and the same server with a trailing slash.
    expect(hasUserRecord(records, `${SERVER}/`, "models/Coder-7B.gguf")).toBe(true);
    expect(readUserRecord(records, SERVER, "coder-7b").map((l) => l.project)).toEqual(["/a", "/b"]);
    expect(readUserRecord(records, SERVER, "coder-7b", { except: "/a" }).map((l) => l.project)).toEqual(["/b"]);
    expect(readUserRecord(records, "http://gpu:1234/v1", "coder-7b")).toHaveLength(1);
    expect(readUserRecord(records, SERVER, "llama-3b")).toEqual([]);
  });
});
