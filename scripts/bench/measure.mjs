// The bench's measuring helpers: children timed to their end, paired runs against a baseline,
// instruction counts under valgrind, and the processes the bench leaves behind. Each takes the
// bench's context (scripts/bench.mjs) when it needs the work folder, the env or the children set.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ms = (ns) => Number(ns) / 1e6;
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs a child to its end; the wall time in ms. Async, so the fake server in this process can answer it. */
export function timed(ctx, args, opts = {}) {
  const { children } = ctx;
  return new Promise((resolveRun, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: opts.cwd ?? ctx.project, env: opts.env ?? ctx.env, stdio: ["pipe", "pipe", "pipe"] });
    children.add(child);
    let out = "";
    let err = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (err += b));
    // A child that exits without reading its stdin (node -e 0) must not crash the bench with EPIPE.
    child.stdin.on("error", () => {});
    child.stdin.end(opts.input ?? "");
    child.on("close", (code) => {
      children.delete(child);
      const wall = ms(process.hrtime.bigint() - started);
      if (code !== 0 && !opts.allowFail) reject(new Error(`${args.join(" ")} exited ${code}: ${(out + err).slice(0, 400)}`));
      else resolveRun({ wall, out, err });
    });
  });
}

/**
 * Alternates the two commands so that drift in machine load hits both alike; medians. `ratio` is
 * the median of each pair's a/b: a burst of load from elsewhere slows both runs of a pair, so it
 * moves the pair's ratio less than either median (the hook's rows are ratios).
 */
export async function paired(a, b, n, warm = 3) {
  for (let i = 0; i < warm; i++) {
    await a();
    await b();
  }
  const ta = [];
  const tb = [];
  for (let i = 0; i < n; i++) {
    ta.push((await a()).wall);
    tb.push((await b()).wall);
  }
  return { a: median(ta), b: median(tb), ratio: median(ta.map((x, i) => x / tb[i])), spreadA: [Math.min(...ta), Math.max(...ta)], spreadB: [Math.min(...tb), Math.max(...tb)] };
}

/** Instructions one `node --predictable <a…>` runs under valgrind, `stdin` its input. */
function countInstructions(ctx, a, stdin, e) {
  const { children } = ctx;
  return new Promise((resolveRun, reject) => {
    const child = spawn("valgrind", ["--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", process.execPath, "--predictable", ...a], { cwd: ctx.project, env: e, stdio: ["pipe", "ignore", "pipe"] });
    children.add(child);
    let err = "";
    child.stderr.on("data", (b) => (err += b));
    child.stdin.on("error", () => {});
    child.stdin.end(stdin);
    child.on("close", () => {
      children.delete(child);
      const m = /I\s+refs:\s+([\d,]+)/.exec(err);
      m ? resolveRun(Number(m[1].replaceAll(",", ""))) : reject(new Error(`valgrind: ${err.slice(-300)}`));
    });
  });
}

/**
 * Instructions run (valgrind's count, user space): unlike wall time, the same on a machine other
 * sessions keep busy. Both sides run with V8's `--predictable` (no background compiler or GC
 * threads), without which a bare `node -e 0` counted anywhere from 83 to 89 M. Medians of `n`,
 * alternating with `baseline` (`node -e 0` unless told), after `warm` runs of each that are not
 * counted (a code cache written under valgrind and these flags, which V8 sees as another
 * machine's, is a first run's). `input` is the stdin text, or a function that makes each run's.
 */
export async function pairedInstructions(ctx, args, input, n, baseline = ["-e", "0"], warm = 0, argsEnv = ctx.env) {
  const a = [];
  const b = [];
  for (let i = -warm; i < n; i++) {
    const ca = await countInstructions(ctx, args, typeof input === "function" ? input() : input, argsEnv);
    await warmUpsDone(ctx);
    const cb = await countInstructions(ctx, baseline, "", ctx.env);
    if (i >= 0) a.push(ca), b.push(cb);
  }
  return { a: median(a), b: median(b) };
}

/** The processes whose command line is `node <cmd…>`, for which `match` holds; on Linux, where /proc lists them. */
export function processes(match) {
  try {
    return readdirSync("/proc").filter((pid) => {
      try {
        return /^\d+$/.test(pid) && match(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"));
      } catch {
        return false;
      }
    }).map(Number);
  } catch {
    return [];
  }
}

/** The hook's resident helpers this bench started: the bundle's (`dist`), on a socket in this bench's folder (`work`). */
export function helperPids({ dist, work }) {
  return processes((cmd) => cmd[0] === process.execPath && cmd[1] === join(dist, "hook-helper.cjs") && (cmd[2] ?? "").startsWith(`${work}/`));
}

/** Waits (10 s at most) until no `cli.js warm` of the bundle measured (`CLI`) runs; on Linux, where /proc lists them. */
export async function warmUpsDone({ CLI }) {
  const running = () => processes((cmd) => cmd.join("\0") === `${process.execPath}\0${CLI}\0warm\0`).length > 0;
  for (const until = Date.now() + 10_000; running() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
}

export function progress(s) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${s}`);
}
