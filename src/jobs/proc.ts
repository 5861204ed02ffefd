import { execFileSync } from "node:child_process";
import { pidAlive, probeCheap, type Probe } from "../util/process-id.js";
import { signalAll, taggedProcesses } from "../util/tagged.js";

/** Set in the worker's environment by the starter; every process of the job inherits it. */
export const JOB_ENV = "LOCAL_DELEGATE_JOB_ID";

export type { Probe };

/**
 * Whether a pid is alive, and who it is: on Linux the boot id plus the process's start time
 * (a reused pid has another start time), on macOS and the BSDs the start time from `ps`.
 * A zombie counts as dead: it will never write again. On Linux it is the identity locks and backup
 * manifests record (`util/process-id.ts`); `ps` is too slow for those, so elsewhere they keep the pid only.
 */
export function probe(pid: number): Probe {
  if (process.platform === "linux") return probeCheap(pid);
  if (!pidAlive(pid)) return { alive: false };
  if (process.platform === "win32") return { alive: true, identity: null };
  try {
    const out = execFileSync("ps", ["-o", "lstart=", "-p", String(pid)], { encoding: "utf8", timeout: 2_000, stdio: ["ignore", "pipe", "ignore"] }).trim();
    return { alive: true, identity: out || null };
  } catch {
    return { alive: true, identity: null };
  }
}

/**
 * Every process that belongs to the job: on Linux, each process whose environment carries the
 * job's id (which finds test commands even after their parent died and they were re-parented);
 * elsewhere, the descendants of the worker as `ps` shows them.
 */
export function jobProcesses(jobId: string, workerPid: number | null): number[] {
  const tagged = taggedProcesses(JOB_ENV, jobId);
  if (tagged) return tagged;
  const mine = new Set<number>();
  if (workerPid === null || process.platform === "win32") return [];
  let table: string;
  try {
    table = execFileSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8", timeout: 3_000, stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return pidAlive(workerPid) ? [workerPid] : [];
  }
  const children = new Map<number, number[]>();
  for (const line of table.split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (!pid || ppid === undefined) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const todo = [workerPid];
  while (todo.length) {
    const p = todo.pop()!;
    if (mine.has(p)) continue;
    if (p === workerPid ? pidAlive(p) : true) mine.add(p);
    todo.push(...(children.get(p) ?? []));
  }
  return [...mine].filter((p) => p !== process.pid);
}

export { signalAll };

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
