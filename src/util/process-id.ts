import { readFileSync } from "node:fs";
import { procStat } from "./tagged.js";

// Who a pid is, not only whether it is taken. Lock files and backup manifests outlive the process
// that wrote them (they survive reboots in the state folder), and pids are reused (pid_max is often
// 32768): a record that kept only the pid would name whatever process holds that number today.

export type Probe = { alive: false } | { alive: true; identity: string | null };

/** The pid is alive: signal 0 reaches it, or it exists but is another user's (EPERM). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether a pid is alive, and on Linux who it is: the boot id plus the process's start time (a
 * reused pid, or the same pid after a reboot, has another). One read of /proc/PID/stat, cheap
 * enough for every busy lock. A zombie counts as dead: it will never write or release again.
 * Where /proc tells nothing (another OS, /proc not mounted or hidden), the pid alone decides and
 * the identity is null.
 */
export function probeCheap(pid: number): Probe {
  if (process.platform === "linux") {
    const stat = procStat(pid);
    if (stat) {
      if (stat.state === "Z" || stat.state === "X") return { alive: false };
      return { alive: true, identity: stat.start ? `${bootId()}:${stat.start}` : null };
    }
  }
  return pidAlive(pid) ? { alive: true, identity: null } : { alive: false };
}

let self: string | null | undefined;
/** This process's identity, as `probeCheap` gives it (null where there is none); read once. */
export function selfIdentity(): string | null {
  if (self === undefined) {
    const p = probeCheap(process.pid);
    self = p.alive ? p.identity : null;
  }
  return self;
}

/**
 * Is the process a lock or a manifest recorded still the same live process? Its pid must be alive
 * and, when both the record and the platform give an identity, be the same process. A record
 * written before identities were kept (no `proc`) falls back to the pid alone, as it always did.
 */
export function sameProcess(pid: number, proc: string | null | undefined, seen: (pid: number) => Probe = probeCheap): boolean {
  const p = seen(pid);
  if (!p.alive) return false;
  return !proc || !p.identity || p.identity === proc;
}

let boot: string | undefined;
/** The first 8 characters of this boot's id: enough to tell boots apart, short in every record. */
function bootId(): string {
  if (boot === undefined) {
    try {
      boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim().slice(0, 8);
    } catch {
      boot = "";
    }
  }
  return boot;
}
