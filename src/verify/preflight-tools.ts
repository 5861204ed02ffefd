// What a few well-known programs need besides themselves: `npx x` a binary in node_modules/.bin,
// `npm test` a script (whose own commands are checked in turn), `node file` / `python3 file` the
// file, `make` a Makefile. Anything else about a tool is found out when it runs.
import { basename, join, resolve } from "node:path";
import type { Failure } from "../errors.js";
import { ancestors, onPath, readJson, refuse, rel, statOf, type Preflight } from "./preflight-base.js";

type LineCheck = (line: string, cwd: string, ctx: Preflight) => Failure | null;
type Words = readonly (string | null)[];

const binDirs = (dir: string) => ancestors(dir).map((d) => join(d, "node_modules", ".bin"));

export function checkTool(cmd: string, args: Words, dir: string, ctx: Preflight, checkLine: LineCheck): Failure | null {
  const name = basename(cmd);
  if (name === "npx" || name === "bunx" || name === "pnpx") return npx(name, args, dir, ctx);
  if (name === "npm" || name === "pnpm" || name === "yarn") return packageScript(name, args, dir, ctx, checkLine);
  if (name === "make") return makefile(args, dir, ctx);
  const interpreter = /^(node|nodejs|python[\d.]*|bash|sh|dash|zsh|ruby|php|perl)$/.exec(name)?.[1];
  return interpreter ? scriptFiles(interpreter, args, dir, ctx) : null;
}

function npx(name: string, args: Words, dir: string, ctx: Preflight): Failure | null {
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === null || a === undefined) return null;
    if (!a.startsWith("-")) break;
    // Told to fetch a package, or an option this reading does not know: npx's business.
    if (!/^(--no|--no-install|--quiet|-q|--silent|-s)$/.test(a)) return null;
  }
  const bin = args[i];
  if (!bin || /[@/:]/.test(bin)) return null;
  if (onPath(bin, [...binDirs(dir), ...ctx.path], dir)) return null;
  return refuse(ctx, `\`${name} ${bin}\`: ${bin} is not installed in the project (node_modules/.bin) nor on PATH`, `install it (npm install --save-dev ${bin}), or write \`npx --yes ${bin}\``);
}

function packageScript(name: string, args: Words, dir: string, ctx: Preflight, checkLine: LineCheck): Failure | null {
  const sub = args[0];
  // Workspaces and prefixes run another package.json's script: not this reading's to follow.
  if (args.some((a) => a === null || /^(-w|--workspaces?|--prefix|-C|--dir|--filter|-F|--cwd)(=|$)/.test(a))) return null;
  let script: string | null = null;
  if (sub === "test" || ((name === "npm" || name === "pnpm") && (sub === "t" || sub === "tst"))) script = "test";
  else if (sub === "run" || sub === "run-script") {
    const rest = args.slice(1);
    if (rest.includes("--if-present")) return null;
    script = (rest as string[]).find((a) => !a.startsWith("-")) ?? null;
  }
  if (!script) return null;
  const pkgDir = ancestors(dir).find((d) => statOf(join(d, "package.json"))?.isFile());
  const said = `${name} ${sub === "run" || sub === "run-script" ? `run ${script}` : "test"}`;
  if (!pkgDir) return refuse(ctx, `\`${said}\`: there is no package.json in ${rel(ctx, dir)} or above`);
  const pkg = readJson(join(pkgDir, "package.json"));
  if (!pkg || typeof pkg !== "object") return null;
  const scripts = (pkg as { scripts?: unknown }).scripts;
  const body = scripts && typeof scripts === "object" ? (scripts as Record<string, unknown>)[script] : undefined;
  if (typeof body !== "string") {
    return refuse(ctx, `\`${said}\`: package.json has no "${script}" script`, `add it, or name the runner in ${ctx.field} (e.g. \`npx vitest run\`)`);
  }
  if (/no test specified/.test(body)) return refuse(ctx, `\`${said}\`: the "${script}" script is npm's placeholder ("no test specified")`, `add a real test script, or name the runner in ${ctx.field}`);
  if (ctx.depth >= 2) return null;
  return checkLine(body, pkgDir, { ...ctx, depth: ctx.depth + 1, via: ctx.via ?? said, path: [...binDirs(pkgDir), ...ctx.path] });
}

function makefile(args: Words, dir: string, ctx: Preflight): Failure | null {
  if (args.some((a) => a === null || /^(-f|-C|--file|--directory|--makefile)/.test(a))) return null;
  if (["GNUmakefile", "makefile", "Makefile"].some((f) => statOf(join(dir, f))?.isFile())) return null;
  return refuse(ctx, `\`make\`: there is no Makefile in ${rel(ctx, dir)}`);
}

// Flags that take no value, per interpreter; any other flag makes the reading unsure.
const FLAGS: Record<string, RegExp> = {
  node: /^--(test|test-only|no-warnings|enable-source-maps|experimental-[\w-]+|no-experimental-[\w-]+|expose-gc|preserve-symlinks|no-deprecation|throw-deprecation|trace-[\w-]+)$|^--[\w-]+=\S+$/,
  python: /^-[uBOEsIqbR]+$|^-X\S+$|^-W\S+$/,
  shell: /^-[euxvn]+$/,
  other: /^-w$/,
};

function scriptFiles(interpreter: string, args: Words, dir: string, ctx: Preflight): Failure | null {
  const family = interpreter.startsWith("python") ? "python" : /^(node|nodejs)$/.test(interpreter) ? "node" : /sh$/.test(interpreter) ? "shell" : "other";
  let i = 0;
  let testMode = false;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === null || a === undefined) return null;
    if (!a.startsWith("-")) break;
    if (a === "--test") testMode = true;
    else if (!FLAGS[family]!.test(a)) return null;
  }
  // `node --test a.test.js b.test.js` runs each; otherwise the first word is the script and the
  // rest are its own arguments.
  const files = testMode ? args.slice(i) : args.slice(i, i + 1);
  for (const f of files) {
    // A quoted glob is the runner's to expand (node --test does).
    if (f === null || f === undefined || f.startsWith("-") || /[*?[{]/.test(f)) return null;
    const p = resolve(dir, f);
    if (p === ctx.outputAbs || statOf(p)) continue;
    return refuse(ctx, `\`${interpreter}\` is given ${f}, which does not exist`, `fix the path in ${ctx.field}`);
  }
  return null;
}
