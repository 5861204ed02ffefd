// How many modules a file depends on, read the way each language writes its imports. Counted on
// masked code (`maskCode`): comments are gone, string contents are empty but their quotes stay.

type Counter = (line: string) => number;

const once = (re: RegExp): Counter => (line) => (re.test(line) ? 1 : 0);

const JS_STATIC = /^\s*import(?:\s+type)?(?:\s+[\w$]|\s*[{*"'`])/;
const JS_REEXPORT = /^\s*export\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*["'`]/;
const JS_CALL = /\b(?:require|import)\s*\(\s*["'`]/g;

/** `import x from "m"`, `import {\n…` (once, on its first line), `export … from`, `require("m")`, `import("m")`. */
const javascript: Counter = (line) => {
  if (JS_STATIC.test(line) || JS_REEXPORT.test(line)) return 1;
  return line.match(JS_CALL)?.length ?? 0;
};

/** `import a, b as c` is two modules; `from m import (x, y)` one; `from __future__` none. */
const python: Counter = (line) => {
  const from = /^\s*from\s+(\S+)\s+import\b/.exec(line);
  if (from) return from[1] === "__future__" ? 0 : 1;
  const imp = /^\s*import\s+(.+)$/.exec(line);
  return imp ? imp[1]!.split(",").filter((s) => s.trim()).length : 0;
};

const RULES: Record<string, Counter> = {
  javascript,
  typescript: javascript,
  tsx: javascript,
  jsx: javascript,
  vue: javascript,
  svelte: javascript,
  python,
  // `use a::{b, c};` is one path; `use super::*` (a test module's) and `use self::…` are the file itself.
  rust: once(/^\s*(?:pub(?:\([^)]*\))?\s+)?(?:use\s+(?!super::|self::)\w|extern\s+crate\s+\w)/),
  java: once(/^\s*import\s+(?:static\s+)?[\w.]+(?:\.\*)?\s*;/),
  kotlin: once(/^\s*import\s+[\w.`]+/),
  // `using System.Text;`, `using static …;`, `using Alias = …;`; not `using (var x = …)` nor `using var x = …;`.
  csharp: once(/^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?[A-Za-z_][\w.]*\s*;/),
  c: once(/^\s*#\s*include\b/),
  cpp: once(/^\s*(?:#\s*include\b|import\s+[\w.<"])/),
  ruby: once(/^\s*(?:require|require_relative|load|autoload)\b\s*\(?\s*[:"']/),
  php: once(/^\s*(?:use\s+[\w\\]+|(?:require|require_once|include|include_once)\b)/),
  swift: once(/^\s*(?:@testable\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?\w/),
  bash: once(/^\s*(?:source|\.)\s+\S/),
  css: once(/^\s*@(?:import|use|forward)\b/),
  scss: once(/^\s*@(?:import|use|forward)\b/),
};

/** The modules a file imports, per its language's forms; 0 for a language without imports. */
export function countImports(masked: string, language: string): number {
  if (language === "go") return goImports(masked);
  const rule = RULES[language];
  if (!rule) return 0;
  let n = 0;
  for (const line of masked.split("\n")) n += rule(line);
  return n;
}

/** `import "fmt"`, and each path of an `import ( … )` block. */
function goImports(masked: string): number {
  let n = 0;
  let block = false;
  for (const line of masked.split("\n")) {
    if (block) {
      if (/^\s*\)/.test(line)) block = false;
      else if (/^\s*(?:[\w.]+\s+)?"/.test(line)) n++;
    } else if (/^\s*import\s*\(/.test(line)) {
      block = true;
      if (/"/.test(line)) n += (line.match(/"[^"]*"/g) ?? []).length;
      if (/\)\s*$/.test(line)) block = false;
    } else if (/^\s*import\s+(?:[\w.]+\s+)?"/.test(line)) {
      n++;
    }
  }
  return n;
}
