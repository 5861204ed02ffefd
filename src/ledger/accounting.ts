// The Claude-side token accounting of one delegated task. Pure arithmetic on token counts, so the
// formula is tested exactly and documented once (docs/savings.md, "How savings are counted"):
//
//   spent      = spec            (output: the spec Claude wrote)
//              + result          (input: the one JSON line Claude read back)
//   would_have = file            (output: Claude writing the file's content itself)
//              + file × REREAD   (input: the rereading allowance, below)
//   saved      = would_have − spent          when the file was written by the local model
//              = − spent                     when it was not (escalated, failed: Claude paid to
//                                            delegate and still has the file to write)
//
// The rereading allowance is one reading of the file (REREAD = 1): Claude Code makes Claude Read
// an existing file before its Write tool may replace it, and after writing, Claude reads the file
// again whenever a check fails or it reviews the change. One reading is the floor of that, not a
// generous guess; it is counted as input tokens.

/** Readings of the file counted as input in what writing it would have cost. */
export const REREAD_ALLOWANCE = 1;

export interface ClaudeCounts {
  /** Claude tokens of the spec text (Claude's output). */
  spec: number;
  /** Claude tokens of the result line (Claude's input). */
  result: number;
  /** Claude tokens of the file the local model wrote; null when no file was written. */
  file: number | null;
}

export interface ClaudeFigures {
  spent: number;
  would_have: number | null;
  saved: number;
  /** saved / would_have; null when nothing was written. */
  saved_ratio: number | null;
  spec: number;
  result: number;
  file: number | null;
  reread: number | null;
}

export function claudeFigures(c: ClaudeCounts, reread = REREAD_ALLOWANCE): ClaudeFigures {
  const spent = c.spec + c.result;
  if (c.file === null) {
    return { spent, would_have: null, saved: -spent, saved_ratio: null, spec: c.spec, result: c.result, file: null, reread: null };
  }
  const rereadTokens = Math.round(c.file * reread);
  const wouldHave = c.file + rereadTokens;
  const saved = wouldHave - spent;
  return {
    spent,
    would_have: wouldHave,
    saved,
    saved_ratio: wouldHave > 0 ? round4(saved / wouldHave) : null,
    spec: c.spec,
    result: c.result,
    file: c.file,
    reread: rereadTokens,
  };
}

/** The per-task aim from the design: at least this share of Claude's tokens saved. */
export const PER_TASK_AIM = 0.8;

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
