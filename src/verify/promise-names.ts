import { builtinsOf, isErrorClass } from "./promise-builtins.js";
import { anchorOf, DEFINE_VERBS, isExample, isFiller, type Anchor } from "./promise-words.js";

// The names a task's description asks the file to define, read from its words. A signature is a
// promise only when the words right before it make one ("write", "export", "a helper"); one the
// description calls, throws, passes in or gives as an example is not. Pure.

export interface PromisedName {
  name: string;
  /** Must be exported (an ES module's `export`), not only defined. */
  exported: boolean;
  /** Where the spec said it, for the message the model reads on a retry. */
  said: string;
}

const JS_MODULE = new Set(["javascript", "typescript", "jsx", "tsx"]);
const KEYWORDS = new Set("true false null undefined None True False nil self this return if else for while const let var def fn func function class import export from async await string number boolean int float bool void any unknown never object".split(" "));

interface Reading {
  esModule: boolean;
  rust: boolean;
  csharp: boolean;
  builtins: ReadonlySet<string>;
  found: PromisedName[];
  /** Parameters of promised signatures: a callback's name is passed in, not defined. */
  params: Set<string>;
  /** Names the description says not to write or export ("do not export `splitLine`"). */
  negated: Set<string>;
  /** Names the description wants defined but kept private. */
  internal: Set<string>;
}

/** The names a description promises, each with whether it must be exported. */
export function namesIn(description: string, language: string): PromisedName[] {
  const r: Reading = { esModule: JS_MODULE.has(language), rust: language === "rust", csharp: language === "csharp", builtins: builtinsOf(language), found: [], params: new Set(), negated: new Set(), internal: new Set() };
  // "e.g." and "i.e." do not end a sentence.
  const text = description.replace(/\b(?:e\.g|i\.e|etc|vs|cf)\./gi, (m) => m.replace(/\./g, ""));
  const exportsAll = /\bexports?\b|\bexported\b/i.test(text);
  for (const sentence of text.split(/(?<=[.;!?])\s+|\n+/)) {
    exportsIn(sentence, r);
    signaturesIn(sentence, r);
    constantsIn(sentence, r, r.esModule && exportsAll);
  }
  return r.found.filter((n) => !r.params.has(n.name) && !r.negated.has(n.name)).map((n) => (r.internal.has(n.name) ? { ...n, exported: false } : n));
}

const EXPORT = /\bexports?\s+(?:default\s+|const\s+|function\s+|class\s+)?(?:`([A-Za-z_$][\w$]*)`|([A-Za-z_$][\w$]*))/gi;
const NEGATED = /(?:\b(?:not|never|no longer)|n['’]t)\s+(?:re-)?$/i;

/** `export X`, `exports \`x\``, `export default X`: a name in backticks or one written as code, never an English word. */
function exportsIn(sentence: string, r: Reading): void {
  for (const m of sentence.matchAll(EXPORT)) {
    const name = m[1] ?? m[2]!;
    if (!isName(name, r) || (m[1] === undefined && !looksLikeCode(name))) continue;
    const before = sentence.slice(0, m.index);
    if (NEGATED.test(before)) r.negated.add(name);
    else if (!isExample(before)) r.found.push({ name, exported: r.esModule, said: m[0].trim() });
  }
}

// `name(args)`, `name<T>(args)`, one level of parentheses inside (`fn: () => T`), then maybe a type or what it returns.
const SIGNATURE = /(^|[\s`*(,[])([A-Za-z_$][\w$]*)(<[^<>()]*(?:<[^<>()]*>[^<>()]*)*>)?\(((?:[^()]|\([^()]*\))*)\)(`?\s*(?::|->|=>|returns?\b|that\b|which\b|,\s*which\b))?/g;
/** A constructor, an exception raised or thrown: `new URL(s)`, `raises ValueError("…")`. */
const CONSTRUCTED = /\b(?:new|raises?|raising|throws?|throwing|rethrows?)\s+(?:(?:a|an|the)\s+)?`?$/i;
/** Right after a signature: "already exists", "comes from `./names.js`", "is provided by the context". */
const ELSEWHERE = /^`?\s*(?:,\s*which\s+)?(?:(?:is|are)\s+)?(?:already\b|exists\b|(?:provided|imported|defined|exported|implemented)\s+(?:by|in|from)\b|comes? from\b|from\s+`)/i;
/** Rust's `pub fn` (or `pub(crate) async fn`…) right before a signature's name. */
const RUST_PUB = /\bpub(?:\((?:crate|super|self)\))?\s+(?:(?:const|async|unsafe|extern(?:\s+"\w+")?)\s+)*fn\s+$/;
const KEPT_PRIVATE = /^[^;.]{0,40}?(?:,|\(|\bis|\bstays|\bremains|\bbe)\s*(?:not exported|unexported|private|internal|module-private)\b/i;

function signaturesIn(sentence: string, r: Reading): void {
  // Where the last signature the words ask for ends: a list goes on from it ("`a(x)`, `b()` and `c()`").
  let listEnd = -1;
  for (const m of sentence.matchAll(SIGNATURE)) {
    const [, lead, name, generic = "", args, suffix] = m as unknown as [string, string, string, string | undefined, string, string | undefined];
    const at = m.index + lead.length;
    const end = at + name.length + generic.length + args.length + 2;
    const before = sentence.slice(0, at);
    // Rust's `pub(crate) fn name(…)`: `pub(crate)` reads like a call, and is a visibility.
    if (/(?:\.|::|->|#)$/.test(before) || CONSTRUCTED.test(before) || (r.rust && name === "pub") || isAttribute(before, r)) continue;
    const anchor = (listEnd >= 0 ? chained(sentence.slice(listEnd, at)) : null) ?? anchorOf(before);
    if (anchor.kind === "negated") r.negated.add(name);
    if (anchor.kind !== "define" && anchor.kind !== "start" && !(anchor.kind === "none" && suffix !== undefined)) continue;
    // "`fetchUser(id)` already exists in `api.js`": said first, but about something to use.
    if (anchor.kind !== "define" && ELSEWHERE.test(sentence.slice(end))) continue;
    listEnd = end;
    if (!isName(name, r) || isExample(before)) continue;
    // "`pub fn add(a: i32, b: i32) -> i32`": a crate's other files and tests can only call it if it is `pub`.
    const pub = r.rust && RUST_PUB.test(before);
    r.found.push({ name, exported: r.esModule || pub, said: `${pub ? "pub fn " : ""}${m[0].slice(lead.length).trim()}` });
    for (const p of paramsOf(args)) r.params.add(p);
    if (anchor.private || KEPT_PRIVATE.test(sentence.slice(end))) r.internal.add(name);
  }
}

/** An attribute, not a definition: Rust's and PHP's `#[derive(Debug)]`, `#![allow(x)]`, C#'s `[HttpGet("{id}")]`. */
function isAttribute(before: string, r: Reading): boolean {
  return /#!?\[$/.test(before) || (r.csharp && /(?:^|[\s`])\[$/.test(before));
}

/** The words between a promised signature and the next one, when they only continue a list: "`a(x)`, `b(y)`", "`a(x): T` and a private `b()`". */
function chained(between: string): Anchor | null {
  const text = between.replace(/`/g, " ");
  // After the signature, maybe its type: `: string | null`, `-> u32`, Go's `(int, bool)` or `int`.
  const sep = /^\s*(?:(?::|->|=>)[^,;]{0,60}?|\([^()]*\)|[\w<>[\]*&.]+)?\s*(?:,\s*(?:and\b|or\b)?|\band\b|\bor\b|\bas well as\b)/i.exec(text);
  if (!sep) return null;
  // Not a type: a code span of its own holding a call, after the signature's span closed
  // ("`parse(s): Entry[]` — `s.trim()`, then `toEntry(line)`": toEntry is only used).
  const swallowed = between.slice(0, sep[0].length);
  if (swallowed.includes("`") && /`[^`]*[\w$]\(/.test(swallowed.slice(swallowed.indexOf("`") + 1))) return null;
  const rest = text.slice(sep[0].length).trim();
  const words = rest ? rest.split(/\s+/) : [];
  if (!words.every((w) => isFiller(w) && !DEFINE_VERBS.has(w.toLowerCase()))) return null;
  return { kind: "define", private: words.some((w) => /^(?:private|internal|unexported)$/i.test(w)) };
}

/** The parameter names of a signature's argument list (not its types, not default values). */
function paramsOf(args: string): string[] {
  return args.split(",").flatMap((part) => [...(part.split("=")[0] ?? "").matchAll(/[A-Za-z_$][\w$]*/g)].map((x) => x[0]).filter((n) => /^[a-z_$]/.test(n)));
}

// `NAME = value` written as a definition: at a clause's start, after a list's comma, or after a verb of making.
const CONSTANT = /(?:^|[;,:]\s*|\b(?:[Aa]nd|[Ee]xports?|[Dd]efines?|[Dd]eclares?|[Aa]dds?)\s+|^\s*[-*•]\s+)`?(?:export\s+)?(?:(?:const|final|static|let|var|pub)\s+)*([A-Z][A-Z0-9_]{2,})\s+=\s+(?!=)/g;

function constantsIn(sentence: string, r: Reading, exported: boolean): void {
  for (const m of sentence.matchAll(CONSTANT)) r.found.push({ name: m[1]!, exported, said: `${m[1]} = …` });
}

/** camelCase, PascalCase, snake_case or CONSTANT: how code names things and prose does not. */
function looksLikeCode(name: string): boolean {
  return /[a-z][A-Z]|_|\$/.test(name) || /^[A-Z][A-Z0-9]+$/.test(name) || /^[A-Z][a-z]+[A-Z]/.test(name);
}

function isName(name: string, r: Reading): boolean {
  return !r.builtins.has(name) && !KEYWORDS.has(name) && !/^[a-z]$/.test(name) && !isErrorClass(name);
}
