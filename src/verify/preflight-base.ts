// What the command preflight knows while it reads a line, and the file-system questions it asks.
import { readFileSync, statSync, type Stats } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fail, type Failure } from "../errors.js";

export interface Preflight {
  field: "lint_command" | "test_command";
  root: string;
  outputAbs: string | null;
  path: string[];
  /** `npm test` runs a script: how deep we are in scripts, and what the user wrote. */
  depth: number;
  via: string | null;
}

export function refuse(ctx: Preflight, message: string, hint?: string): Failure {
  const m = ctx.via ? `\`${ctx.via}\` runs a script where ${message}` : message;
  return fail("TEST_COMMAND", m, { field: ctx.field, hint: hint ?? `fix ${ctx.field} in the spec` }).error;
}

export function statOf(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

export const rel = (ctx: Preflight, p: string) => relative(ctx.root, p) || ".";

const isExecutable = (st: Stats | null) => !!st && st.isFile() && (st.mode & 0o111) !== 0;

export function onPath(cmd: string, dirs: readonly string[], cwd: string): boolean {
  return dirs.some((d) => isExecutable(statOf(resolve(cwd, d, cmd))));
}

/** The program itself: a path to a file that exists and may run, or a name on PATH. */
export function program(cmd: string, dir: string, ctx: Preflight): Failure | null {
  if (cmd.includes("/")) {
    const p = resolve(dir, cmd);
    if (p === ctx.outputAbs) return null;
    const st = statOf(p);
    if (!st) return refuse(ctx, `\`${cmd}\` does not exist in the project`);
    if (!st.isFile()) return refuse(ctx, `\`${cmd}\` is a folder, not a program`);
    if (!isExecutable(st)) return refuse(ctx, `\`${cmd}\` is not executable`, `chmod +x ${cmd}, or run it with its interpreter`);
    return null;
  }
  if (onPath(cmd, ctx.path, dir)) return null;
  if (isExecutable(statOf(resolve(dir, cmd))) || statOf(resolve(dir, cmd))?.isFile()) {
    return refuse(ctx, `\`${cmd}\` is not on PATH; the project's file runs as \`./${cmd}\``, `write ./${cmd} in ${ctx.field}`);
  }
  return refuse(ctx, `\`${cmd}\` is not a command on PATH or a file in the project`, `fix ${ctx.field} in the spec, or install ${cmd}`);
}

/** The folders from `dir` up to the filesystem root, nearest first. */
export function ancestors(dir: string): string[] {
  const out = [dir];
  for (let d = dir; dirname(d) !== d; d = dirname(d)) out.push(dirname(d));
  return out;
}

export function readJson(p: string): unknown {
  try {
    return JSON.parse(readFileSync(p, "utf8"));
  } catch {
    return undefined;
  }
}
