import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLedger } from "../../src/ledger/store.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

const PROCS = 6;
const PER_PROC = 300;

let dir: TmpDir;
let script: string;
beforeAll(async () => {
  dir = tmpDir("ld-ledger-");
  script = dir.join("appender.mjs");
  // The appender as the shipped code runs it: bundled, in its own Node process.
  await build({ entryPoints: ["test/ledger/fixtures/appender.ts"], bundle: true, platform: "node", format: "esm", outfile: script, logLevel: "silent" });
});
afterAll(() => dir.cleanup());

function runAppender(path: string, proc: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, path, String(proc), String(PER_PROC)], { stdio: "ignore" });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`appender ${proc} did not finish`));
    }, 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

describe("concurrent appends", () => {
  it(`from ${PROCS} processes at once lose no line and tear none`, async () => {
    const path = dir.join("ledger.jsonl");
    const codes = await Promise.all(Array.from({ length: PROCS }, (_, p) => runAppender(path, p)));
    expect(codes).toEqual(Array(PROCS).fill(0));
    const raw = readFileSync(path, "utf8");
    expect(raw.endsWith("\n")).toBe(true);
    const read = readLedger(path);
    expect(read.problems).toEqual([]);
    expect(read.entries).toHaveLength(PROCS * PER_PROC);
    const ids = new Set(read.entries.map((e) => ("task_id" in e && e.task_id) || ("session_id" in e && e.session_id)));
    expect(ids.size).toBe(PROCS * PER_PROC);
    for (let p = 0; p < PROCS; p++) for (let i = 0; i < PER_PROC; i++) expect(ids.has(`${p}:${i}`)).toBe(true);
  }, 90_000);
});
