import { readdirSync, readFileSync } from "node:fs";

/**
 * The processes whose environment holds `NAME=value`, found through /proc on Linux: a test
 * command and everything it started inherit the tag, and keep it after their parent died and they
 * were re-parented, when no process tree leads to them any more. Null where there is no /proc.
 */
export function taggedProcesses(name: string, value: string): number[] | null {
  if (process.platform !== "linux") return null;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return null;
  }
  const tag = `${name}=${value}`;
  const found: number[] = [];
  for (const e of entries) {
    const pid = Number(e);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${e}/environ`, "latin1").split("\0").includes(tag)) found.push(pid);
    } catch {
      /* gone, or another user's */
    }
  }
  return found;
}

/**
 * A process's state letter and start (clock ticks since boot) from /proc/PID/stat, on Linux; null
 * when there is no such process or no /proc. The command name may hold spaces and parentheses:
 * the fields start after the last ")".
 */
export function procStat(pid: number): { state: string; start: string | undefined } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state: fields[0] ?? "", start: fields[19] };
}

/** Sends a signal to each process and to the process group it leads (test commands run in their own). */
export function signalAll(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    for (const target of process.platform === "win32" ? [pid] : [-pid, pid]) {
      try {
        process.kill(target, sig);
      } catch {
        /* not a group leader, or already gone */
      }
    }
  }
}

/**
 * SIGKILLs the processes `find` reports, again and again, until it reports none or `waitMs` has
 * passed: what is left of a dead run or job, stopped before its files are put back, so it cannot
 * write into them afterwards. Synchronous, since recovery is.
 */
export function killUntilGone(find: () => readonly number[] | null, waitMs = 1_000): void {
  const until = performance.now() + waitMs;
  for (let left = find(); left?.length && performance.now() < until; left = find()) {
    signalAll(left, "SIGKILL");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}
