// The first failing assertion in the output of JavaScript runners: node:test (TAP and spec
// reporters, and errors thrown outside any test, which Node prints after a
// `triggerUncaughtException(` frame), vitest and jest. Each parser answers null for output
// that is not its runner's.
import { diffValues, isForeign, location, type FailurePoint, type Parser } from "./failure-point.js";

const JS_ERROR = /^\s*(?:Uncaught )?([A-Z][\w$]*Error|Error)(?: \[(\w+)\])?:\s?(.*)$/;
type Values = { expected?: string | undefined; actual?: string | undefined };
const FRAME = /^\s*at\s/;
const PROP = /^\s*(generatedMessage|code|actual|expected|operator): /;
// node:assert's words when the values are the news: the values say it better.
const NODE_GENERIC = /^(Expected values to be (strictly |loosely )?(deep-)?equal|Values (identical|have same structure) but are not reference-equal):?$/;

/** The first line of a message that says something, joined with the next when it ends in ":". */
function headline(lines: readonly string[]): string {
  const texts = lines.map((l) => l.trim()).filter(Boolean);
  const first = texts[0] ?? "";
  return first.endsWith(":") && texts[1] && !/^[-+] /.test(texts[1]) ? `${first} ${texts[1]}` : first;
}

/** The first project frame of a stack (lines with or without `at `), as `path:line`. */
function projectFrame(frames: readonly string[]): string | undefined {
  for (const f of frames) {
    const at = location(f);
    if (at && !isForeign(at) && !/^(node|internal)[:/]/.test(at)) return at;
  }
  return undefined;
}

/**
 * A Node error as printed when thrown: `XError [CODE]: message`, more message lines, `at` frames,
 * then `{ actual: …, expected: … }`. Module-level errors name their place on a line before.
 */
export function jsErrorBlock(lines: readonly string[]): FailurePoint | null {
  const i = lines.findIndex((l) => JS_ERROR.test(l) && !FRAME.test(l));
  if (i < 0) return null;
  const m = JS_ERROR.exec(lines[i]!)!;
  const msg = [m[3] ?? ""];
  let j = i + 1;
  // A lone `{` starts the error's properties only when a property follows; in a diff it is a value.
  const propsStart = (k: number) => /^\s*\{$/.test(lines[k]!) && PROP.test(lines[k + 1] ?? "");
  while (j < lines.length && !FRAME.test(lines[j]!) && !propsStart(j) && !/^Node\.js v\d/.test(lines[j]!) && msg.length < 40) msg.push(lines[j++]!);
  const frames: string[] = [];
  while (j < lines.length && FRAME.test(lines[j]!)) frames.push(lines[j++]!);
  const props: Record<string, string> = {};
  if (frames.at(-1)?.endsWith("{") || (j < lines.length && propsStart(j))) {
    for (; j < lines.length && !/^\s*}$/.test(lines[j]!); j++) {
      const p = /^\s*(actual|expected|operator|generatedMessage): (.*?),?$/.exec(lines[j]!);
      if (p) props[p[1]!] = p[2]!;
    }
  }
  const header = lines.slice(Math.max(0, i - 8), i).map((l) => /^(file:\/\/\S+|\/\S+):(\d+)$/.exec(l.trim())).findLast(Boolean);
  const at = projectFrame(frames) ?? (header ? `${header[1]}:${header[2]}` : undefined);
  const assertion = m[1] === "AssertionError";
  const first = headline(msg);
  const message = assertion ? (NODE_GENERIC.test(first) ? undefined : first) : `${m[1]}: ${first}`;
  const single = (v: string | undefined) => (v !== undefined && !/[[{(]$/.test(v) ? v : undefined);
  let values: Values = { expected: single(props.expected), actual: single(props.actual) };
  if (assertion && (values.expected === undefined || values.actual === undefined)) values = diffValues(msg, "expected");
  if (props.operator === "'throws'" || props.operator === "'rejects'") values = {};
  return { message, ...values, at };
}

/** A TAP YAML diagnostic block of node:test: its keys, each with its lines (inline or block). */
function tapYaml(lines: readonly string[], from: number, indent: number): { keys: Map<string, string[]>; end: number } {
  const keys = new Map<string, string[]>();
  const pad = " ".repeat(indent + 2);
  let j = from;
  if (lines[j]?.trim() !== "---") return { keys, end: from };
  let key: string | null = null;
  for (j++; j < lines.length && lines[j] !== `${pad}...`; j++) {
    const l = lines[j]!;
    const k = new RegExp(`^${pad}([\\w]+):(?: (.*))?$`).exec(l);
    if (k) {
      key = k[1]!;
      keys.set(key, k[2] !== undefined && k[2] !== "|-" ? [k[2]] : []);
    } else if (key) keys.get(key)!.push(l.slice(pad.length + 2));
  }
  return { keys, end: j };
}

// node:test quotes YAML scalars with ' or ", or ` when the text holds both.
const unquote = (s: string) => s.replace(/^(['"`])(.*)\1$/, "$2");

/** Suite names above the line at `i`, from headers (`# Subtest: x`, `▶ x`) indented less. */
function suites(lines: readonly string[], i: number, header: RegExp): string[] {
  let indent = /^\s*/.exec(lines[i]!)![0].length;
  const out: string[] = [];
  for (let k = i - 1; k >= 0 && indent > 0; k--) {
    const h = header.exec(lines[k]!);
    if (h && h[1]!.length < indent) {
      out.unshift(h[2]!);
      indent = h[1]!.length;
    }
  }
  return out;
}

export const nodeTap: Parser = (lines) => {
  if (!lines.some((l) => /^TAP version \d+$/.test(l))) return null;
  let since = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)not ok \d+ - (.*?)(?:\s+#\s+(?:SKIP|TODO)\b.*)?$/.exec(lines[i]!);
    if (!m) continue;
    const { keys } = tapYaml(lines, i + 1, m[1]!.length);
    const error = keys.get("error") ?? [];
    if (keys.get("failureType")?.[0] === "'subtestsFailed'") continue;
    if (unquote(error[0] ?? "") === "test failed") {
      // The file itself failed (an error outside any test): Node printed it as `# ` comments.
      const diag = lines.slice(since, i).filter((l) => /^\s*#( |$)/.test(l)).map((l) => l.replace(/^\s*# ?/, ""));
      const p = jsErrorBlock(diag);
      if (p) return p;
      since = i + 1;
      continue;
    }
    const ownSuites = suites(lines, i, /^(\s*)# Subtest: (.*)$/).filter((s) => s !== m[2]);
    const p = jsErrorBlock([`${unquote(keys.get("name")?.[0] ?? "Error")}: ${unquote(error[0] ?? "")}`, ...error.slice(1)]) ?? {};
    const scalar = (k: string) => (keys.get(k)?.length === 1 ? keys.get(k)![0] : undefined);
    let values: Values = { expected: scalar("expected"), actual: scalar("actual") };
    if (values.expected === undefined || values.actual === undefined) values = diffValues(error, "expected");
    if (/'(throws|rejects)'/.test(scalar("operator") ?? "")) values = {};
    const at = projectFrame(keys.get("stack") ?? []) ?? (scalar("location") ? unquote(scalar("location")!) : undefined);
    return { test: [...ownSuites, m[2]!].join(" > "), message: p.message, ...values, at: at ? location(at) : undefined };
  }
  return null;
};

export const nodeSpec: Parser = (lines) => {
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)✖ (.*?)(?: \([\d.]+m?s\))?$/.exec(lines[i]!);
    if (!m || m[2] === "failing tests:") continue;
    const indent = m[1]!.length;
    let j = i + 1;
    while (j < lines.length && (!lines[j]!.trim() || /^\s*/.exec(lines[j]!)![0].length > indent)) j++;
    const block = lines.slice(i + 1, j);
    const said = block.map((l) => l.trim()).find(Boolean) ?? "";
    if (/^'?\d+ subtests? failed'?$/.test(said)) continue;
    if (said === "'test failed'") {
      const p = jsErrorBlock(lines.slice(0, i));
      if (p) return p;
      continue;
    }
    const p = jsErrorBlock(block);
    if (!p) continue;
    return { test: [...suites(lines, i, /^(\s*)▶ (.*)$/), m[2]!].join(" > "), ...p };
  }
  return null;
};

/** An error thrown outside any test runner's report (`node file.js`, a top-level assert). */
export const nodeUncaught: Parser = (lines) => (lines.some((l) => /triggerUncaughtException|^Node\.js v\d+|^\s+at\s/.test(l)) ? jsErrorBlock(lines) : null);

export const vitest: Parser = (lines) => {
  const i = lines.findIndex((l) => /^ FAIL {2}\S/.test(l));
  if (i < 0) return null;
  const head = lines[i]!.slice(7);
  const suite = / \[ (.+) \]$/.exec(head);
  const test = suite ? undefined : head.split(" > ").slice(1).join(" > ") || undefined;
  const end = lines.findIndex((l, k) => k > i && (/^⎯{3,}/.test(l) || /^ FAIL {2}/.test(l)));
  const block = lines.slice(i + 1, end < 0 ? undefined : end);
  const first = block.map((l) => l.trim()).find(Boolean) ?? "";
  // Vite's parse errors run to several sentences; the first says it.
  const message = first.replace(/^(AssertionError|Error): /, "").replace(/ \/\/ [\w. ]+$/, "").replace(/^(.{40,}?\.) [A-Z].*$/, "$1");
  const where = block.map((l) => /^\s*❯ (\S+:\d+:\d+)$/.exec(l)?.[1] ?? /^\s*File: (\S+:\d+(:\d+)?)$/.exec(l)?.[1]).find((a) => a && !isForeign(a));
  return { test, message, at: where ? location(where) : undefined };
};

export const jest: Parser = (lines) => {
  const i = lines.findIndex((l) => /^\s*● (?!Console$)/.test(l));
  if (i < 0) return null;
  const name = lines[i]!.replace(/^\s*● /, "");
  const end = lines.findIndex((l, k) => k > i && (/^\s*● /.test(l) || /^(Test Suites:|FAIL |PASS )/.test(l)));
  const block = lines.slice(i + 1, end < 0 ? undefined : end).filter((l) => !/^\s*>?\s*\d+ \|/.test(l) && !/^\s+\|/.test(l));
  let message = block.map((l) => l.trim()).find(Boolean) ?? "";
  let at = projectFrame(block.filter((l) => FRAME.test(l)));
  const syntax = /^(\w*Error): (\/\S+?|\S+\.\w+): (.*) \((\d+):\d+\)$/.exec(message);
  if (syntax) {
    message = `${syntax[1]}: ${syntax[3]}`;
    at = `${syntax[2]}:${syntax[4]}`;
  }
  const pick = (re: RegExp) => block.map((l) => re.exec(l)?.[1]).find((v) => v !== undefined);
  let values: Values = { expected: pick(/^\s*Expected(?: value)?: (.*)$/), actual: pick(/^\s*Received(?: value)?: (.*)$/) };
  if (values.expected === undefined || values.actual === undefined) values = diffValues(block, "expected");
  const generic = /^expect\(.*\)\.[\w.]+\(.*\)( \/\/ .*)?$/.test(message);
  return {
    test: name === "Test suite failed to run" ? undefined : name.replace(/ › /g, " > "),
    message: generic && values.expected !== undefined ? undefined : message,
    ...values,
    at,
  };
};
