import type { WriteStep } from "../write/transaction.js";

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Progress lines go to stderr only when a person watches it; Claude's Bash captures it otherwise. */
  stderrIsTTY: boolean;
  /** Colours only for a person's terminal (or FORCE_COLOR); absent means not a terminal. */
  stdoutIsTTY?: boolean | undefined;
  readStdin: () => Promise<string>;
  signal?: AbortSignal | undefined;
  /** Set by bin.ts only for the kill tests (LOCAL_DELEGATE_TEST_PAUSE): pauses at a step of a file change. */
  onWriteStep?: ((step: WriteStep) => void) | undefined;
}

export function processIO(): CliIO {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}
