// After a check failed: was it the model's file, or could the command not run the check at all?
// A program that is not there (exit 127), a test file or target that does not exist, or a file the
// model did not write that does not parse would fail every attempt whatever the model wrote, so
// such a run ends `invalid`: no retry spent, nothing on the model's record.
import { basename } from "node:path";
import { fail, type Failure } from "../errors.js";
import { isTestFile } from "../lang/languages.js";
import type { CommandResult } from "./command.js";
import { outputLines, shortPath } from "./failure-point.js";
import { RAN_NOTHING } from "./no-tests.js";
import { brokenOtherFile, missingImport, type Reason } from "./other-file.js";
import { simpleCommands } from "./shell-words.js";

export interface FaultContext {
  field: "lint_command" | "test_command";
  /** The project root, where the command ran. */
  root: string;
  /** Project-relative path of the file the model wrote: errors in it are the model's. */
  outputFile: string;
}

/** `then`: a line among the next few must match too (the runner's usage line, its own next error). */
type Missing = { re: RegExp; when?: (m: RegExpExecArray, words: string[]) => boolean; exit?: number; noTests?: true; then?: RegExp; hint?: string };

const OPTION_HINT = "fix the command's options (or install the plugin that adds them), then run again (not the model's doing)";

// What runners print when what the command names is not there. Each is about the command, never
// about the file the model wrote (which exists: it was just written).
const MISSING: readonly Missing[] = [
  { re: /^Could not find '([^']+)'$/ }, // node --test
  { re: /Cannot find module '([^']+)'$/, when: (m, w) => names(m[1]!, w) }, // node <entry>
  { re: /can't open file '([^']+)': \[Errno 2\]/ }, // python <file>
  { re: /^ERROR: (?:file or directory|module or package) not found: (.+)$/ }, // pytest
  { re: /No module named '?([\w.]+)'?$/, when: (m, w) => w.some((x, i) => x === "-m" && w[i + 1] === m[1]) }, // python -m x
  { re: RAN_NOTHING.pytest, exit: 5, noTests: true }, // nothing collected
  { re: RAN_NOTHING.vitest, noTests: true },
  { re: RAN_NOTHING.jest, noTests: true },
  { re: RAN_NOTHING.unittest, exit: 5, noTests: true }, // python -m unittest, 3.12+
  { re: /^no Go files in (.+)$/ },
  { re: /^stat (.+): directory not found$/ },
  { re: /does not contain main module|go\.mod file not found|cannot find main module/ },
  // The Go toolchain refusing its own environment (a bad GOFLAGS, no build cache): nothing was built.
  { re: /^go: (?:parsing \$GOFLAGS|GOCACHE is not defined|cannot find GOROOT|downloading go\d|go\.work file)/ },
  { re: /^error: no such command: `(.+)`/ }, // cargo
  { re: /^error: no (test|bin|example|bench) target named `(.+)`/ },
  { re: /could not find `Cargo\.toml`/ },
  { re: /Missing script: "?([^"\s]+)"?/ }, // npm
  { re: /No rule to make target '([^']+)'/ }, // make
  { re: /npm (ERR!|error) (404 |could not determine executable to run)/ }, // npx of a package that is not there
  { re: /there is no POM in this directory|Unknown lifecycle phase/ }, // mvn
  { re: /^(?:[^:]+: )?(?:line \d+: |\d+: )?(?:cannot open )?([^\s:]+): No such file( or directory)?$/, when: (m, w) => names(m[1]!, w) }, // sh <file>
  // An option the runner does not know (`--cov` without pytest-cov): each is the runner's own
  // usage error, which no file the model writes can cause or fix. Not a program the model wrote
  // refusing its arguments (argparse, clap): that is its to fix.
  { re: /^(?:pytest|py\.test|__main__\.py): error: /, exit: 4, hint: OPTION_HINT },
  { re: /^\S+ -m unittest: error: /, hint: OPTION_HINT },
  { re: /^node: (?:bad option|.* is not allowed in NODE_OPTIONS)\b/, hint: OPTION_HINT },
  { re: /^CACError: /, then: /\/node_modules\/vitest\//, hint: OPTION_HINT },
  { re: /^error: (?:unexpected argument|unrecognized subcommand|invalid value|a value is required for) /, then: /^Usage: cargo /, hint: OPTION_HINT },
  { re: /^error: Unrecognized option: '/, then: /^error: test failed, to rerun pass /, hint: OPTION_HINT }, // libtest, after cargo test --
];

/** Whether a path the output names is one the command itself names (as written or resolved). */
function names(path: string, words: readonly string[]): boolean {
  const p = path.replace(/^file:\/\//, "");
  return words.some((w) => w.length > 1 && (p === w || p.endsWith(`/${w.replace(/^\.\//, "")}`)));
}

/** Every literal word of the command line. */
function wordsOf(command: string): string[] {
  return (simpleCommands(command) ?? []).flatMap((c) => c.words.filter((w): w is string => w !== null));
}

function notRunnable(exit: number | null, lines: readonly string[], words: readonly string[]): Reason | null {
  const notFound = lines.find((l) => /: (?:command )?not found$|^zsh: command not found: /.test(l));
  if (exit === 127) return { text: notFound ?? lines.find((l) => /No such file or directory/.test(l)) ?? "exit code 127 (command not found)", hint: "fix the command, or install the program it runs" };
  if (exit === 126) return { text: lines.find((l) => /Permission denied|cannot execute/i.test(l)) ?? "exit code 126 (cannot execute)", hint: "make it executable (chmod +x), or run it with its interpreter" };
  const own = notFound && /^(?:\/bin\/)?(?:sh|bash|dash|zsh)(?:: line \d+|: \d+)?: (\S+): (?:command )?not found$/.exec(notFound);
  if (own && words.includes(own[1]!)) return { text: notFound!, hint: "fix the command, or install the program it runs" };
  if (exit === null && lines[0]?.startsWith("cannot start the command")) return { text: lines[0] };
  return null;
}

function missingTarget(exit: number | null, lines: readonly string[], words: string[], outputFile: string): Reason | null {
  for (const rule of MISSING) {
    if (rule.exit !== undefined && rule.exit !== exit) continue;
    // "No tests" when the model wrote a test file may mean its file holds none: the model's to fix.
    if (rule.noTests && isTestFile(outputFile)) continue;
    for (const [i, l] of lines.entries()) {
      const m = rule.re.exec(l.trim());
      if (!m || (rule.when && !rule.when(m, words))) continue;
      if (rule.then && !lines.slice(i + 1, i + 6).some((x) => rule.then!.test(x.trim()))) continue;
      // A summary like pytest's `1 warning in 0.5s` says nothing alone: say that no test ran.
      const text = rule.noTests ? `no test ran (${l.trim().replace(/^=+ | =+$/g, "")})` : l.trim();
      return { text, ...(rule.hint ? { hint: rule.hint } : {}) };
    }
  }
  return null;
}

/**
 * A fault of the check itself, or null when the failure may be the model's (then it is judged as
 * a test or lint failure, with a retry). When unsure, null: a retry costs less than blaming the
 * command for a model's mistake.
 */
export function commandFault(r: CommandResult, command: string, ctx: FaultContext): Failure | null {
  if (r.exitCode === 0 || r.timedOut || r.cancelled) return null;
  const lines = outputLines(r.output)
    .map((l) => l.replace(/^\s*# /, ""))
    .filter((l) => l.trim());
  const words = wordsOf(command);
  const mine = (file: string) => basename(file.replace(/:\d+(:\d+)?$/, "")) === basename(ctx.outputFile);
  const reason =
    notRunnable(r.exitCode, lines, words) ??
    missingTarget(r.exitCode, lines, words, ctx.outputFile) ??
    missingImport(lines, mine) ??
    brokenOtherFile(lines, mine);
  return reason ? asFault(reason, command, ctx) : null;
}

/**
 * A test command that exited 0 having run no test (see no-tests.ts): `summary` is the runner's
 * line saying so. Like the no-tests rules above it is the command's, not the model's.
 */
export function noTestsFault(summary: string, command: string, ctx: FaultContext): Failure {
  return asFault({ text: `no test ran (${summary})`, hint: `make ${ctx.field} run the tests that check ${basename(ctx.outputFile)} (its files, pattern or filter found none, or all it found are skipped), then run again (not the model's doing)` }, command, ctx);
}

function asFault(reason: Reason, command: string, ctx: FaultContext): Failure {
  const what = ctx.field === "lint_command" ? "lint" : "tests";
  const head = `\`${clip(command, 60)}\` could not run the ${what}: `;
  // The result line's `error` is `field: message`; the whole stays within 200 characters.
  const room = 200 - ctx.field.length - 2 - head.length;
  const text = reason.text.replace(/(?:file:\/\/)?(\/\S+)/g, (p) => shortPath(p, ctx.root));
  return fail("TEST_COMMAND", head + clip(text, room), { field: ctx.field, hint: reason.hint ?? `fix ${ctx.field} or the file it names, then run again (not the model's doing)` }).error;
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, Math.max(1, n - 1))}…` : s;
}
