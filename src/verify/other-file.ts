// Failures that name only files the model did not write: a test file that does not parse, or an
// import of a module that is not there made by a test file. Whatever the model answers, these
// fail again. A failure that also names the model's file (or a parse error that may be about it)
// is left to the retry.
import { jsErrorBlock } from "./failure-js.js";
import { isForeign, location } from "./failure-point.js";

export interface Reason {
  text: string;
  hint?: string;
}

type Mine = (file: string) => boolean;

const HINT = "fix that file (or the spec's test_command), then run again; the model's file was not judged";

// A parser's words for source it cannot read, as opposed to a name that is missing or unexported.
const JS_PARSE = /missing \) after argument list|Unexpected (token|identifier|end of input|string|number|template string|strict mode reserved word|reserved word|keyword)|Invalid or unexpected token|Unterminated (string|template|regular expression|comment)|Invalid regular expression|Cannot use import statement outside a module|await is only valid|has already been declared|Missing semicolon|Invalid left-hand side|Failed to parse source/;
const JAVA_PARSE = /'.+' expected|illegal start of|class, interface, enum, or record expected|reached end of file while parsing|unclosed (string|character|comment|text block)|not a statement|<identifier> expected|orphaned (case|default|catch|finally)|'else' without 'if'/;
const RUST_PARSE = /^(expected |mismatched closing delimiter|this file contains an unclosed delimiter|unexpected closing delimiter|unterminated |unknown start of token|missing |expected item|found )/;

function otherFile(file: string | undefined, message: string, mine: Mine): Reason | null {
  if (!file || mine(file)) return null;
  return { text: `${message.trim()} in ${file}, a file the model did not write`, hint: HINT };
}

/** A module a test (or another file the model did not write) imports that is not there. */
export function missingImport(lines: readonly string[], mine: Mine): Reason | null {
  for (const l of lines) {
    const m =
      /Cannot find (?:module|package) '([^']+)' imported from '?([^\s']+?)'?$/.exec(l) ?? // node ESM, vitest
      /Cannot find module '([^']+)' from '([^']+)'/.exec(l); // jest
    if (m) return otherFile(m[2], `Cannot find module '${m[1]}'`, mine);
  }
  const py = lines.findIndex((l) => /^E?\s*ModuleNotFoundError: No module named /.test(l));
  if (py >= 0) {
    // pytest prints the chain of imports; Python a traceback. The model's file in it: the model's.
    const start = Math.max(0, lines.slice(0, py).findLastIndex((l) => /^(_{3,} ERROR collecting|Traceback \()/.test(l)));
    const files = lines.slice(start, py).map((l) => /^(\S+\.py):\d+: in /.exec(l)?.[1] ?? /File "([^"]+)", line/.exec(l)?.[1]).filter((f): f is string => !!f && !/site-packages|\/lib\/python|<frozen/.test(f));
    if (files.length && !files.some(mine)) return otherFile(files.at(-1), lines[py]!.replace(/^E\s*/, ""), mine);
  }
  const go = lines.map((l) => /^(?:\.\/)?(\S+\.go):\d+:\d+: (no required module provides package .*|package .* is not in (GOROOT|std).*)$/.exec(l)).find(Boolean);
  if (go) return otherFile(go[1], go[2]!.replace(/; to add it:.*/, ""), mine);
  return null;
}

/** A parse error in a file the model did not write, and none in the model's. */
export function brokenOtherFile(lines: readonly string[], mine: Mine): Reason | null {
  // Go: `[setup failed]` means the package could not even be parsed.
  if (lines.some((l) => /^FAIL\s+\S+ \[setup failed\]$/.test(l))) {
    const errs = lines.map((l) => /^(?:\.\/)?(\S+\.go):(\d+):\d+: (.*)$/.exec(l)).filter((m): m is RegExpExecArray => !!m);
    if (errs.length && !errs.some((m) => mine(m[1]!))) return otherFile(`${errs[0]![1]}:${errs[0]![2]}`, errs[0]![3]!, mine);
    return null;
  }
  // rustc: parse errors carry no error code; any coded error (a missing name…) may be the model's.
  if (!lines.some((l) => /^error\[E\d+\]/.test(l))) {
    const i = lines.findIndex((l) => /^error: /.test(l) && RUST_PARSE.test(l.slice(7)));
    const at = i >= 0 ? lines.slice(i + 1, i + 4).map((l) => /^\s*--> (\S+?):(\d+):\d+$/.exec(l)).find(Boolean) : null;
    if (at) {
      const all = lines.map((l) => /^\s*--> (\S+?):\d+:\d+$/.exec(l)?.[1]).filter((f): f is string => !!f);
      return all.some(mine) ? null : otherFile(`${at[1]}:${at[2]}`, lines[i]!.slice(7), mine);
    }
  }
  const java = lines.map((l) => /^(?:\[ERROR\] )?(\S+\.java):(?:\[(\d+),\d+\]|(\d+): error:) (.+)$/.exec(l)).filter((m): m is RegExpExecArray => !!m);
  if (java.length) {
    if (java.some((m) => mine(m[1]!)) || !java.every((m) => JAVA_PARSE.test(m[4]!))) return null;
    return otherFile(`${java[0]![1]}:${java[0]![2] ?? java[0]![3]}`, java[0]![4]!, mine);
  }
  const py = lines.findIndex((l) => /^E?\s*(SyntaxError|IndentationError|TabError): /.test(l));
  if (py >= 0) {
    // Where the parser stopped: `File "x", line N` without `, in f` (a frame), a few lines above.
    const file = lines.slice(Math.max(0, py - 5), py).map((l) => /File "([^"<]+)", line (\d+)$/.exec(l)).findLast(Boolean);
    if (file) return otherFile(`${file[1]}:${file[2]}`, lines[py]!.replace(/^E\s*/, ""), mine);
  }
  return jsParseError(lines, mine);
}

function jsParseError(lines: readonly string[], mine: Mine): Reason | null {
  const jest = lines.map((l) => /^\s*SyntaxError: (\/\S+|\S+\.\w+): (.*) \((\d+):\d+\)$/.exec(l)).find(Boolean);
  if (jest) return JS_PARSE.test(jest[2]!) ? otherFile(`${jest[1]}:${jest[3]}`, `SyntaxError: ${jest[2]}`, mine) : null;
  const vite = lines.findIndex((l) => /Failed to parse source/.test(l));
  if (vite >= 0) {
    const file = lines.slice(vite, vite + 6).map((l) => /^\s*File: (\S+)$/.exec(l)?.[1]).find(Boolean);
    return otherFile(file ? location(file) : undefined, "the file does not parse", mine);
  }
  const i = lines.findIndex((l) => /^\s*SyntaxError: /.test(l));
  if (i < 0 || /JSON/.test(lines[i]!)) return null;
  // A file that does not compile has only the runtime's frames; a SyntaxError thrown while the
  // code runs (JSON.parse, new RegExp) has the project's, and may come from the model's output.
  const first = lines.findIndex((l, k) => k > i && /^\s*at /.test(l));
  const frames: string[] = [];
  for (let k = first; first > 0 && k < lines.length && /^\s*at /.test(lines[k]!); k++) frames.push(lines[k]!);
  const projectFrame = (f: string) => {
    const at = location(f);
    return !!at && !isForeign(at) && !/^(node|internal)[:/]/.test(at);
  };
  if (frames.some(projectFrame)) return null;
  const p = jsErrorBlock(lines.slice(i));
  const header = lines.slice(Math.max(0, i - 6), i).map((l) => /^(?:file:\/\/)?(\/\S+:\d+)$/.exec(l.trim())?.[1]).findLast(Boolean);
  if (!p?.message || !JS_PARSE.test(p.message)) return null;
  return otherFile(header, p.message, mine);
}
