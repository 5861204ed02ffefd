import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";

export interface CommandResult {
  exitCode: number | null;
  /** stdout and stderr interleaved, capped: the head and the tail are kept. */
  output: string;
  timedOut: boolean;
  cancelled: boolean;
  ms: number;
}

export interface CommandOptions {
  cwd: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv | undefined;
  signal?: AbortSignal | undefined;
  /** Bytes of output kept from the start and from the end. */
  keepBytes?: number;
}

/**
 * Runs a lint or test command in its own process group, so a timeout or a cancel kills the whole
 * tree (a test runner's workers included), and keeps only the head and tail of its output so a
 * command printing megabytes cannot fill memory.
 */
export function runCommand(command: string, opts: CommandOptions): Promise<CommandResult> {
  const keep = opts.keepBytes ?? 32 * 1024;
  const started = Date.now();
  // An abort event has already fired for a signal aborted before the call: nothing would stop it.
  if (opts.signal?.aborted) return Promise.resolve({ exitCode: null, output: "", timedOut: false, cancelled: true, ms: 0 });
  return new Promise((resolve) => {
    const child = spawn(command, {
      cwd: opts.cwd,
      shell: true,
      detached: process.platform !== "win32",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...opts.env, CI: "1", FORCE_COLOR: "0", NO_COLOR: "1" },
    });
    let head = "";
    let tail = "";
    let dropped = 0;
    const take = (s: string) => {
      if (head.length < keep) {
        const room = keep - head.length;
        head += s.slice(0, room);
        if (s.length <= room) return;
        tail += s.slice(room);
      } else tail += s;
      if (tail.length > keep) {
        dropped += tail.length - keep;
        tail = tail.slice(tail.length - keep);
      }
    };
    // A decoder per stream: a chunk may end inside a UTF-8 character, finished by the next one.
    const outText = new StringDecoder("utf8");
    const errText = new StringDecoder("utf8");
    child.stdout?.on("data", (b: Buffer) => take(outText.write(b)));
    child.stderr?.on("data", (b: Buffer) => take(errText.write(b)));

    let timedOut = false;
    let cancelled = false;
    let killed: Promise<void> | null = null;
    const kill = () => {
      killed ??= killTree(child.pid);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    const onAbort = () => {
      cancelled = true;
      kill();
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    const done = (exitCode: number | null) => {
      take(outText.end() + errText.end());
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      const output = dropped ? `${head}\n… (${dropped} bytes of output cut) …\n${tail}` : head + tail;
      const result = { exitCode, output, timedOut, cancelled, ms: Date.now() - started };
      // The shell can close its output before a child that ignores SIGTERM is dead; the CLI exits
      // as soon as the run ends, so the result waits until the group is gone or sent SIGKILL.
      if (killed) void killed.then(() => resolve(result));
      else resolve(result);
    };
    child.on("error", (e) => {
      take(`cannot start the command: ${e.message}\n`);
      done(null);
    });
    child.on("close", (code) => done(code));
  });
}

/**
 * SIGTERM to the group, then SIGKILL for whatever ignores it. Resolves once the group is gone or
 * has been sent SIGKILL; until then a timer keeps this process alive, so a caller that exits
 * right after cannot leave a process behind.
 */
export function killTree(pid: number | undefined, graceMs = 1_500): Promise<void> {
  if (!pid) return Promise.resolve();
  const target = process.platform === "win32" ? pid : -pid;
  const send = (sig: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(target, sig);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === "EPERM";
    }
  };
  send("SIGTERM");
  const until = Date.now() + graceMs;
  return new Promise((resolve) => {
    const check = () => {
      if (!send(0)) return resolve();
      if (Date.now() >= until) {
        send("SIGKILL");
        return resolve();
      }
      setTimeout(check, 50);
    };
    setTimeout(check, 50);
  });
}
