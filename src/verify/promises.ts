import type { FileFacts } from "../lang/facts.js";
import type { TaskKind } from "../spec/schema.js";

export type { FileFacts };

// What a spec promises about the file, read from its words, so that a file that compiles and
// passes no test can still be held to what was asked: the names it must define (and, in a module,
// export), and the constraints a machine can check. Pure.

export interface PromisedName {
  name: string;
  /** Must be exported (an ES module's `export`), not only defined. */
  exported: boolean;
  /** Where the spec said it, for the message the model reads on a retry. */
  said: string;
}

export interface Promises {
  names: PromisedName[];
  maxLines: number | null;
  noDependencies: boolean;
  noFunctions: boolean;
}

export interface PromiseInput {
  kind: TaskKind;
  description: string;
  constraints: readonly string[];
  language: string;
  rename?: { from: string; to: string } | undefined;
}

const DEFINE_VERBS = /\b(?:write|writes|export|exports|exporting|implement|implements|define|defines|create|creates|add|adds|provide|provides|expose|exposes|declare|declares|function|functions|method|methods|helper|helpers|class|returns?)\b[^.;:]*$/i;
const JS_MODULE = new Set(["javascript", "typescript", "jsx", "tsx"]);
// Names a description calls rather than defines: a language's own functions and common globals.
const BUILTINS = new Set("min max len print range map filter reduce sorted sum abs round int str float list dict set tuple isinstance open zip enumerate any all parseInt parseFloat String Number Boolean Array Object Date Math JSON Promise Error Map Set require fetch setTimeout clearTimeout console assert expect describe it test append push pop format println printf sprintf make new len cap panic".split(" "));
const KEYWORDS = new Set("true false null undefined None True False nil self this return if else for while const let var def fn func function class import export from async await string number boolean int float bool void any unknown never object".split(" "));

/** The promises in a spec. A refactor's names come from its rename; tests and docs promise none. */
export function promisesOf(input: PromiseInput): Promises {
  const constraints = input.constraints.join("\n");
  const names = input.kind === "code" ? namesIn(input.description, JS_MODULE.has(input.language)) : [];
  if (input.kind === "refactor" && input.rename) names.push({ name: input.rename.to, exported: JS_MODULE.has(input.language), said: `rename ${input.rename.from} → ${input.rename.to}` });
  return {
    names: dedupe(names),
    maxLines: maxLinesIn(constraints),
    noDependencies: /\bno (?:external |third[- ]party |runtime |npm )?(?:dependencies|dependency|deps|packages|imports)\b|\bzero dependencies\b|\bstandard library only\b/i.test(constraints),
    noFunctions: /\bno functions?\b|\bdata only\b|\bonly constants\b/i.test(constraints),
  };
}

function namesIn(description: string, esModule: boolean): PromisedName[] {
  const out: PromisedName[] = [];
  const exportsAll = /\bexports?\b|\bexported\b/i.test(description);
  for (const sentence of description.split(/(?<=[.;!?])\s+|\n+/)) {
    // `export X`, `exports \`x\``, `export default X`: a name in backticks, or one written as code
    // (camelCase, snake_case, CONSTANT), never an English word ("export the theme").
    for (const m of sentence.matchAll(/\bexports?\s+(?:default\s+|const\s+|function\s+|class\s+)?(?:`([A-Za-z_$][\w$]*)`|([A-Za-z_$][\w$]*))/gi)) {
      const name = m[1] ?? m[2]!;
      if (isName(name) && (m[1] !== undefined || looksLikeCode(name))) out.push({ name, exported: esModule, said: m[0].trim() });
    }
    // `name(args)` written as a signature: at the start of a sentence or list item, after a verb
    // of making, or followed by a type or what it returns.
    for (const m of sentence.matchAll(/(^|[\s`*(,])([A-Za-z_$][\w$]*)\(([^()]*)\)(\s*(?::|->|=>|returns?\b|that\b|which\b))?/g)) {
      const before = sentence.slice(0, m.index! + m[1]!.length);
      const signature = m[4] !== undefined || /^\s*(?:[-*•]\s*)?`?$/.test(before) || DEFINE_VERBS.test(before);
      // In an ES module a promised function is there to be imported: it must be exported.
      if (signature && isName(m[2]!) && !before.endsWith(".")) out.push({ name: m[2]!, exported: esModule, said: m[0].trim() });
    }
    // `NAME = value`: a constant the description spells out.
    for (const m of sentence.matchAll(/(?:^|[\s;,(])([A-Z][A-Z0-9_]{2,})\s*=(?!=)/g)) {
      out.push({ name: m[1]!, exported: esModule && exportsAll, said: m[0].trim() });
    }
  }
  return out;
}

/** camelCase, PascalCase, snake_case or CONSTANT: how code names things and prose does not. */
function looksLikeCode(name: string): boolean {
  return /[a-z][A-Z]|_|\$/.test(name) || /^[A-Z][A-Z0-9]+$/.test(name) || /^[A-Z][a-z]+[A-Z]/.test(name);
}

function isName(name: string): boolean {
  return !BUILTINS.has(name) && !KEYWORDS.has(name) && !/^[a-z]$/.test(name);
}

function maxLinesIn(constraints: string): number | null {
  const m = /\b(?:at most|no more than|under|fewer than|less than|max(?:imum)?|≤|<=)\s*(\d{1,5})\s*(?:lines|loc)\b/i.exec(constraints);
  if (!m) return null;
  const n = Number(m[1]);
  return /under|fewer|less/i.test(m[0]) ? n - 1 : n;
}

function dedupe(names: PromisedName[]): PromisedName[] {
  const by = new Map<string, PromisedName>();
  for (const n of names) {
    const seen = by.get(n.name);
    if (!seen) by.set(n.name, n);
    else if (n.exported && !seen.exported) by.set(n.name, { ...seen, exported: true });
  }
  return [...by.values()];
}


export interface PromiseBreach {
  message: string;
  details: string;
}

/**
 * Whether the file keeps the spec's promises. A promised name found in a context file or imported
 * by the file is the spec naming something to use, not to write, and is not held against it.
 */
export function checkPromises(p: Promises, lines: number, facts: FileFacts | null, elsewhere: ReadonlySet<string>): PromiseBreach | null {
  const problems: string[] = [];
  if (p.maxLines !== null && lines > p.maxLines) problems.push(`the file has ${lines} lines; the constraints allow at most ${p.maxLines}`);
  if (facts) {
    for (const n of p.names) {
      if (elsewhere.has(n.name) || facts.imported.includes(n.name)) continue;
      const d = facts.defined.find((x) => x.name === n.name);
      if (!d) problems.push(`\`${n.name}\` is not defined in the file (the task says: "${n.said}")`);
      else if (n.exported && !d.exported) problems.push(`\`${n.name}\` is defined but not exported (the task says: "${n.said}")`);
    }
    if (p.noDependencies && facts.dependencies.length) problems.push(`the file imports ${facts.dependencies.map((d) => `\`${d}\``).join(", ")}; the constraints say no dependencies`);
    if (p.noFunctions && facts.functions > 0) problems.push(`the file defines ${facts.functions} function${facts.functions === 1 ? "" : "s"}; the constraints say no functions`);
  }
  if (!problems.length) return null;
  return { message: `the file does not match the spec: ${problems[0]!.slice(0, 160)}`, details: problems.map((x) => `- ${x}`).join("\n") };
}
