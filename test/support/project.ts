import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { dataDir } from "../../src/project/root.js";
import { ledgerPath } from "../../src/ledger/store.js";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export interface TempProject {
  root: string;
  /** local-delegate's own folder in the project: `dataDir(root)`. */
  data: string;
  home: string;
  write(rel: string, content: string): string;
  read(rel: string): string;
  exists(rel: string): boolean;
  /** Writes a spec under the data folder's specs/ and returns its path. */
  spec(spec: Record<string, unknown>): string;
  cleanup(): void;
}

/** A throwaway git-less project (a `.git` folder marks the root) with its own HOME. */
export function tempProject(files: Record<string, string> = {}): TempProject {
  const base = mkdtempSync(join(tmpdir(), "ld-proj-"));
  const root = join(base, "project");
  const home = join(base, "home");
  mkdirSync(join(root, ".git"), { recursive: true });
  mkdirSync(home, { recursive: true });
  const p: TempProject = {
    root,
    data: dataDir(root),
    home,
    write(rel, content) {
      const abs = join(root, rel);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
      return abs;
    },
    read: (rel) => readFileSync(join(root, rel), "utf8"),
    exists: (rel) => existsSync(join(root, rel)),
    spec(spec) {
      return p.write(join(relative(root, dataDir(root)), "specs", `${String(spec.task_id ?? "task")}.json`), JSON.stringify(spec, null, 2));
    },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
  for (const [rel, content] of Object.entries(files)) p.write(rel, content);
  return p;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON, when it is JSON. */
  json: any;
}

export interface RunCliOptions {
  cwd: string;
  home: string;
  env?: Record<string, string>;
  stdin?: string;
  /** As if a person watched stderr: the progress line is drawn (and can be watched through `onStderr`). */
  stderrIsTTY?: boolean;
  /** Hears stderr as it is written, while the command still runs. */
  onStderr?: (text: string) => void;
  /** One command's function called directly (with arguments `main` would not give it); `main` by default. */
  command?: (argv: string[], io: CliIO) => Promise<number>;
  /** What bin.ts gives a command: aborted, it is the user's Ctrl-C. */
  signal?: AbortSignal;
}

/** Runs the CLI in process, as `local-delegate ARGV` in `cwd`, with an isolated HOME. */
export async function runCli(argv: string[], opts: RunCliOptions): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await (opts.command ?? main)(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => {
      stderr += s;
      opts.onStderr?.(s);
    },
    env: { PATH: process.env.PATH, HOME: opts.home, XDG_CONFIG_HOME: join(opts.home, ".config"), XDG_STATE_HOME: join(opts.home, ".state"), ...opts.env },
    cwd: opts.cwd,
    stderrIsTTY: opts.stderrIsTTY ?? false,
    readStdin: async () => ({ ok: true, value: opts.stdin ?? "" }),
    signal: opts.signal,
  });
  return { code, stdout, stderr, json: lastJsonLine(stdout) };
}

/** The last line of a command's stdout parsed as JSON (the result line), or undefined. */
export function lastJsonLine(stdout: string): any {
  try {
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "");
  } catch {
    return undefined;
  }
}

/** A loopback URL where nothing listens: a port that was free a moment ago. (Port 9 and other "bad ports" are refused by fetch itself, which is a different error.) */
export async function deadBaseUrl(): Promise<string> {
  const { createServer } = await import("node:net");
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/v1`;
}

/** The project's ledger, one parsed entry per line (an empty list when there is none yet). */
export function ledgerEntries(root: string): any[] {
  const path = ledgerPath(dataDir(root));
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
}
