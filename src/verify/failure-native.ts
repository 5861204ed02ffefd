// The first failing assertion in the output of pytest, unittest (and Python tracebacks), doctest, go test,
// cargo test, JUnit (the console launcher and Maven surefire) and of compilers that stop a test
// run before it starts. Each parser answers null for output that is not its runner's.
import { location, type FailurePoint, type Parser } from "./failure-point.js";

const indexOf = (lines: readonly string[], re: RegExp, from = 0) => {
  for (let i = from; i < lines.length; i++) if (re.test(lines[i]!)) return i;
  return -1;
};

/** The error line of a Python failure: the exception (or pytest's `assert …`) without `AssertionError: `. */
function pyError(texts: readonly string[]): string | undefined {
  const e = texts.find((t) => /^(\w+\.)*\w*(Error|Exception|Exit|Interrupt)\b/.test(t)) ?? texts.find((t) => /^assert\b|^Failed:/.test(t)) ?? texts.find(Boolean);
  return e?.replace(/^AssertionError: (?=.)/, "");
}

const pyFile = (l: string) => /^\s*(?:E\s+)?File "([^"]+)", line (\d+)/.exec(l);

export const pytest: Parser = (lines) => {
  const sec = indexOf(lines, /^=+ (FAILURES|ERRORS) =+$/);
  if (sec >= 0) {
    const h = indexOf(lines, /^_{3,} .+ _{3,}$/, sec);
    if (h >= 0) {
      const name = /^_{3,} (.+?) _{3,}$/.exec(lines[h]!)![1]!;
      const end = indexOf(lines, /^(_{3,} .+ _{3,}|={3,}.*)$/, h + 1);
      const block = lines.slice(h + 1, end < 0 ? undefined : end);
      const e = block.filter((l) => /^E( |$)/.test(l)).map((l) => l.replace(/^E\s*/, ""));
      const fileLine = block.map(pyFile).findLast(Boolean);
      const loc = block.map((l) => /^(\S+\.py):(\d+): /.exec(l)).findLast(Boolean);
      const at = fileLine ? `${fileLine[1]}:${fileLine[2]}` : loc ? `${loc[1]}:${loc[2]}` : undefined;
      const collecting = /^ERROR collecting (.+)$/.exec(name);
      return { test: collecting ? undefined : name, message: pyError(e), at };
    }
  }
  const s = lines.map((l) => /^(?:FAILED|ERROR) (\S+?)::(\S+)(?: - (.*))?$/.exec(l)).find(Boolean);
  return s ? { test: s[2], message: s[3]?.replace(/^AssertionError: (?=.)/, ""), at: s[1] } : null;
};

/** The indented lines under a doctest heading (`Expected:`, `Got:`), joined. */
function doctestBlock(lines: readonly string[], at: number): string | undefined {
  if (at < 0) return undefined;
  const block: string[] = [];
  for (let i = at + 1; i < lines.length && /^\s{4}/.test(lines[i]!); i++) block.push(lines[i]!.trim());
  return block.length ? block.join(" ") : undefined;
}

/** doctest's `File "x", line N, in name` then `Failed example:`, its expected and actual output. */
export const doctest: Parser = (lines) => {
  const i = indexOf(lines, /^Failed example:$/);
  const head = i > 0 ? /^File "([^"]+)", line (\d+), in (.+)$/.exec(lines[i - 1]!) : null;
  if (!head) return null;
  const end = indexOf(lines, /^\*{20,}$|^Failed example:$/, i + 1);
  const block = lines.slice(i, end < 0 ? undefined : end);
  const example = lines[i + 1]?.trim();
  const raised = indexOf(block, /^Exception raised:$/);
  if (raised >= 0) {
    const err = block.slice(raised + 1).map((l) => l.trim()).filter((t) => /^(\w+\.)*\w*(Error|Exception|Exit)\b/.test(t));
    return { test: head[3], message: `${example}: ${pyError(err) ?? "raised"}`, at: `${head[1]}:${head[2]}` };
  }
  const expected = block.includes("Expected nothing") ? "nothing" : doctestBlock(block, indexOf(block, /^Expected:$/));
  const actual = block.includes("Got nothing") ? "nothing" : doctestBlock(block, indexOf(block, /^Got:$/));
  return { test: head[3], message: example, expected, actual, at: `${head[1]}:${head[2]}` };
};

/** unittest's `FAIL: test (module.Class.test)` blocks, and a bare Python traceback. */
export const pyTraceback: Parser = (lines) => {
  const f = indexOf(lines, /^(FAIL|ERROR): \w+ \(.+\)$/);
  const start = f >= 0 ? f : indexOf(lines, /^(Traceback \(most recent call last\):|\s*File "[^"]+", line \d+)$/);
  if (start < 0) return null;
  const end = indexOf(lines, /^(-{20,}|={20,})$/, start + 2);
  const block = lines.slice(start, end < 0 ? undefined : end);
  const file = block.map(pyFile).findLast(Boolean);
  const err = block.map((l) => l.trim()).filter((t) => /^(\w+\.)*\w*(Error|Exception|Exit)\b/.test(t) && !/^File /.test(t));
  if (!err.length && !file) return null;
  const name = f >= 0 ? /^(?:FAIL|ERROR): (\w+) \((.+)\)$/.exec(lines[f]!) : null;
  const cls = name?.[2]!.split(".").slice(-2, -1)[0];
  return { test: name ? (cls ? `${cls}.${name[1]}` : name[1]) : undefined, message: pyError(err), at: file ? `${file[1]}:${file[2]}` : undefined };
};

const GO_FOREIGN = /\/go(-[\d.]+)?\/src\/|\/pkg\/mod\//;

const GO_SAID = /^(\s+)(\S+\.go):(\d+):(?: (.*))?$/;

/** What a test said at `lines[j]` (`file.go:N: message`), or testify's block under an empty one. */
function goSaid(lines: readonly string[], j: number, test: string): FailurePoint {
  const said = GO_SAID.exec(lines[j]!)!;
  const at = `${said[2]}:${said[3]}`;
  if (said[4]) return { test, message: said[4], at };
  // testify: the message is a block below, `Error:`, `expected:`, `actual  :`.
  const block = lines.slice(j + 1, j + 13).map((l) => l.replace(/^\s+/, "").replace(/\t+/g, " "));
  const pick = (re: RegExp) => block.map((l) => re.exec(l)?.[1]?.trim()).find((x) => x !== undefined);
  return { test, message: pick(/^Error: (.*\S)\s*:?$/)?.replace(/:$/, ""), expected: pick(/^(?:\s*)expected\s*: (.*)$/), actual: pick(/^(?:\s*)actual\s*: (.*)$/), at };
}

/**
 * go test -v prints what a test says as it runs, under its `=== RUN`, before its `--- FAIL`: the
 * first message there, from the (sub)test that said it. Not a line before: another test's log.
 */
function verboseSaid(lines: readonly string[], i: number, name: string): FailurePoint | null {
  let run = i - 1;
  while (run >= 0 && /^=== RUN\s+(\S+)$/.exec(lines[run]!)?.[1] !== name) run--;
  if (run < 0) return null;
  let test = name;
  for (let k = run + 1; k < i; k++) {
    const sub = /^=== (?:RUN|CONT)\s+(\S+)$/.exec(lines[k]!);
    if (sub) test = sub[1]!;
    else if (GO_SAID.test(lines[k]!)) return goSaid(lines, k, test);
  }
  return null;
}

export const goTest: Parser = (lines) => {
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)--- FAIL: (\S+) \(/.exec(lines[i]!);
    if (!m) continue;
    const next = lines[i + 1] ?? "";
    const said = GO_SAID.exec(next);
    if (said && said[1]!.length > m[1]!.length) return goSaid(lines, i + 1, m[2]!);
    const verbose = verboseSaid(lines, i, m[2]!);
    if (verbose) return verbose;
    const p = indexOf(lines, /^panic: /, i + 1);
    if (p >= 0 && !/^\s*--- FAIL/.test(next)) {
      const frame = lines.slice(p).map((l) => /^\t(\/\S+\.go):(\d+)/.exec(l)).find((x) => x && !GO_FOREIGN.test(x[1]!));
      return { test: m[2], message: lines[p]!.replace(/ \[recovered\]$/, ""), at: frame ? `${frame[1]}:${frame[2]}` : undefined };
    }
  }
  return null;
};

export const cargoTest: Parser = (lines) => {
  const i = indexOf(lines, /^---- \S+ stdout ----$/);
  if (i < 0) return null;
  const test = /^---- (\S+) stdout ----$/.exec(lines[i]!)![1];
  const p = indexOf(lines, /^thread '.*' (\(\d+\) )?panicked at /, i);
  if (p < 0) return { test };
  const l = lines[p]!;
  const old = /panicked at '(.*)', (\S+:\d+):\d+$/.exec(l);
  const now = /panicked at (\S+:\d+):\d+:$/.exec(l);
  const msg: string[] = old ? [old[1]!] : [];
  for (let j = p + 1; j < lines.length && !/^(note: |stack backtrace:|\s*$)/.test(lines[j]!); j++) msg.push(lines[j]!.trim());
  const [head = "", ...rest] = msg;
  return { test, message: rest.length ? `${head}: ${rest.join(", ").replace(/,,/g, ",")}` : head, at: old?.[2] ?? now?.[1] };
};

const JAVA_FOREIGN = /^\s*(org\.junit|junit\.|java\.|javax\.|jdk\.|sun\.|org\.opentest4j|org\.apache\.maven|org\.hamcrest|org\.assertj)/;
const javaMessage = (s: string) => s.replace(/^(\w+\.)*(AssertionFailedError|AssertionError|ComparisonFailure): /, "").replace(/^(\w+\.)+(?=\w+(Exception|Error)\b)/, "");

export const junitConsole: Parser = (lines) => {
  const i = indexOf(lines, /^Failures \(\d+\):$/);
  if (i < 0) return null;
  const name = lines.slice(i + 1, i + 3).map((l) => /^\s+JUnit [\w ]+:(.+)$/.exec(l)?.[1]).find(Boolean);
  const e = indexOf(lines, /^\s+=> /, i);
  if (e < 0) return { test: name?.replace(/:/g, ".") };
  const frames: string[] = [];
  for (let j = e + 1; j < lines.length && /^\s+\S+\(.*\)$|^\s+\[\.\.\.\]$/.test(lines[j]!); j++) frames.push(lines[j]!);
  const own = frames.find((f) => !JAVA_FOREIGN.test(f) && location(f));
  return { test: name?.replace(/:/g, "."), message: javaMessage(lines[e]!.replace(/^\s+=> /, "")), at: own ? location(own) : undefined };
};

export const surefire: Parser = (lines) => {
  const i = indexOf(lines, /^\[ERROR\] (Failures|Errors): ?$/);
  if (i < 0) return null;
  const m = /^\[ERROR\]\s+(\S+?)(?::(\d+))? (?:» )?(.*)$/.exec(lines[i + 1] ?? "");
  if (!m) return null;
  const cls = m[1]!.split(".").slice(0, -1).pop()?.replace(/\$.*$/, "");
  return { test: m[1], message: javaMessage(m[3]!), at: m[2] && cls ? `${cls}.java:${m[2]}` : undefined };
};

/** The first compiler error that stopped the tests: rustc, javac (and Maven's), tsc, go, C/C++. */
export const compileError: Parser = (lines) => {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const rust = /^error(\[E\d+\])?: (.+)$/.exec(l);
    if (rust && !/^could not compile|^aborting due to/.test(rust[2]!)) {
      const arrow = lines.slice(i + 1, i + 4).map((x) => /^\s*--> (\S+?):(\d+):\d+$/.exec(x)).find(Boolean);
      if (arrow) return { message: rust[2], at: `${arrow[1]}:${arrow[2]}` };
    }
    const c =
      /^\[ERROR\] (\S+\.java):\[(\d+),\d+\] (.+)$/.exec(l) ??
      /^(\S+\.java):(\d+): error: (.+)$/.exec(l) ??
      /^(\S+\.[cm]?tsx?)\((\d+),\d+\): error (TS\d+: .+)$/.exec(l) ??
      /^(?:# )?(\S+\.(?:go|c|cc|cpp|cxx|h|hpp|swift|kt|cs|zig|rs)):(\d+):(?:\d+:)? (?!warning:|note:)(?:(?:fatal )?error: )?(.+)$/.exec(l);
    if (c) return { message: c[3], at: `${c[1]}:${c[2]}` };
  }
  return null;
};
