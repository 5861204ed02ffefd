import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isHookLine, readRecordEntries, recordEntries } from "../../src/classify/record-source.js";
import { ledgerTailMentions, readLedgerTail, TAIL_BYTES } from "../../src/ledger/tail.js";
import { keptLedgers } from "../../src/classify/kept-records.js";

// The resident helper's kept ledger tails must answer exactly as a hook's own process reads the
// file (ledger/tail.ts, record-source.ts), however the file changed in between.

let dir: string;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

function ledgerFile(): string {
  dir = mkdtempSync(join(tmpdir(), "ld-tail-memo-"));
  return join(dir, "ledger.jsonl");
}

/** A ledger line: runs and qualify attempts (a model's record), hook decisions (skipped), and oddities. */
function line(i: number): string {
  switch (i % 7) {
    case 0:
      return JSON.stringify({ event: "run", kind: "utility", status: i % 2 ? "success" : "failed", model: `Coder-${i % 3}`, attempts: 1, file: `src/f${i}.ts` });
    case 1:
      return JSON.stringify({ event: "qualify", kind: "test", status: "success", model: "coder-1", qualify: true, note: "é ✓" });
    case 2:
      return "{ torn";
    case 3:
      return "";
    case 4:
      return "[1, 2]";
    default:
      return JSON.stringify({ event: "hook", decision: "nudged", file: `src/x${i}.ts`, pad: "y".repeat(i % 40) });
  }
}

/** readRecordEntries with another reach than its default. */
const freshRecords = (file: string, maxBytes: number): unknown => recordEntries(readLedgerTail(file, maxBytes, isHookLine));

/** The kept answers against a fresh read, for the ledger as it is now. */
function same(kept: ReturnType<typeof keptLedgers>, file: string, maxBytes = TAIL_BYTES): void {
  expect(kept.records(file)).toEqual(freshRecords(file, maxBytes));
  for (const name of ["coder-1", "CODER-2", "nobody", "run\n", 'a"b']) expect(kept.mentions(file, name)).toBe(ledgerTailMentions(file, name, maxBytes));
}

describe("the helper's kept ledger tails", () => {
  it("answers as a fresh read while lines are appended one at a time, past the tail's reach", () => {
    const file = ledgerFile();
    const kept = keptLedgers(2_048);
    expect(kept.records(file)).toEqual([]);
    for (let i = 0; i < 120; i++) {
      appendFileSync(file, `${line(i)}\n`);
      same(kept, file, 2_048);
    }
    // Far past the reach: the first lines are gone from both.
    expect(freshRecords(file, 2_048)).not.toEqual(readRecordEntries(file));
    expect(kept.records(file)).toEqual(freshRecords(file, 2_048));
  });

  it("answers as a fresh read with the default reach, across several appends at once and a line appended in two writes", () => {
    const file = ledgerFile();
    const kept = keptLedgers();
    for (let round = 0; round < 30; round++) {
      appendFileSync(file, Array.from({ length: 40 }, (_, i) => `${line(round * 40 + i)}\n`).join(""));
      same(kept, file);
    }
    const next = JSON.stringify({ event: "run", kind: "utility", status: "success", model: "half-written", attempts: 1 });
    appendFileSync(file, next.slice(0, 20));
    same(kept, file);
    appendFileSync(file, `${next.slice(20)}\n`);
    same(kept, file);
    expect(kept.mentions(file, "half-written")).toBe(true);
    // A last line without its newline (a hand edit) is a line, as tail.ts reads it.
    appendFileSync(file, JSON.stringify({ event: "run", kind: "test", status: "success", model: "no-newline" }));
    same(kept, file);
    expect(kept.mentions(file, "no-newline")).toBe(true);
    appendFileSync(file, `\n${line(0)}\n`);
    same(kept, file);
  });

  it("leaves out a line that starts exactly where the tail's reach begins, as tail.ts does", () => {
    const file = ledgerFile();
    const kept = keptLedgers(2_048);
    // Lines of 64 bytes: the reach (2,048 bytes) begins at a line's start after every append.
    const fixed = (i: number): string => JSON.stringify({ event: "run", status: "success", model: `m${i}` }).padEnd(63, " ");
    for (let i = 0; i < 40; i++) {
      appendFileSync(file, `${fixed(i)}\n`);
      same(kept, file, 2_048);
    }
    expect(kept.records(file)).toHaveLength(31);
  });

  it("reads the file anew when it was replaced, truncated or rewritten in place", () => {
    const file = ledgerFile();
    const kept = keptLedgers();
    writeFileSync(file, Array.from({ length: 50 }, (_, i) => `${line(i)}\n`).join(""));
    same(kept, file);
    // Replaced by another file (a rotation or a restore): another inode.
    const other = join(dir, "other.jsonl");
    writeFileSync(other, `${JSON.stringify({ event: "run", kind: "test", status: "success", model: "replaced" })}\n`);
    renameSync(other, file);
    same(kept, file);
    expect(kept.mentions(file, "coder-1")).toBe(false);
    // Rewritten in place and longer: same inode, the bytes before the old end changed.
    writeFileSync(file, Array.from({ length: 60 }, (_, i) => `${line(i + 1)}\n`).join(""));
    same(kept, file);
    truncateSync(file, 10);
    same(kept, file);
    rmSync(file);
    expect(kept.records(file)).toEqual([]);
    expect(kept.mentions(file, "coder-1")).toBe(false);
  });
});
