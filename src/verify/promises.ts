import type { FileFacts } from "../lang/facts.js";
import type { DefinedName } from "../lang/names.js";
import type { TaskKind } from "../spec/schema.js";
import { constraintsOf, isAllowedDependency, type ConstraintPromises } from "./promise-constraints.js";
import { namesIn, type PromisedName } from "./promise-names.js";

export type { FileFacts, PromisedName };

// What a spec promises about the file, read from its words, so that a file that compiles and
// passes no test can still be held to what was asked: the names it must define (and, in a module,
// export), and the constraints a machine can check. Pure.

export interface Promises extends ConstraintPromises {
  names: PromisedName[];
}

export interface PromiseInput {
  kind: TaskKind;
  description: string;
  constraints: readonly string[];
  language: string;
  rename?: { from: string; to: string } | undefined;
}

const JS_MODULE = new Set(["javascript", "typescript", "jsx", "tsx"]);

/** The promises in a spec. A refactor's names come from its rename; tests and docs promise none. */
export function promisesOf(input: PromiseInput): Promises {
  const names = input.kind === "code" ? namesIn(input.description, input.language) : [];
  if (input.kind === "refactor" && input.rename) names.push({ name: input.rename.to, exported: JS_MODULE.has(input.language), said: `rename ${input.rename.from} → ${input.rename.to}` });
  return { names: dedupe(names), ...constraintsOf(input.constraints) };
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

const KEPT_KINDS = /^(?:function|class|struct|interface|trait|enum|record|union|type|object|annotation|protocol)$/;
/** A sentence that takes something out of the file's API: the names it mentions need not be kept. */
const REMOVAL = /\b(?:remove[sd]?|removing|delete[sd]?|deleting|drop(?:s|ped|ping)?|inline[sd]?|inlining|deprecated?|unexport(?:ed)?|no longer export|stop exporting|private|internal|merge[sd]?|merging|combine[sd]?|fold(?:s|ed)?|collapse[sd]?|replace[sd]?|replacing|rename[sd]?|renaming|move[sd]?|moving|extract(?:s|ed)?|split(?:s|ting)?|retire[sd]?|get rid of|consolidate[sd]?|eliminate[sd]?|obsolete|unused|dead)\b/i;
/** A sentence that takes out what it does not name ("Remove the unused helpers."): which ones is the model's to judge. */
const UNNAMED_REMOVAL = /\b(?:remove[sd]?|removing|delete[sd]?|deleting|drop(?:s|ped|ping)?|get rid of|eliminate[sd]?|clean(?:s|ed|ing)? up|prune[sd]?|pruning)\b/i;

/**
 * The names a task that changes an existing file must keep: what the file exported before. The
 * model writes the whole file back, and a code, test or doc task that returns only what it added
 * loses the rest; nothing else would see it, with no test naming what went. Not the name a
 * refactor renames, nor one a sentence that takes things out of the API mentions ("Remove the
 * deprecated `legacyParse` export"), nor any when a sentence removes things it does not name
 * ("Remove the unused helpers"); outside JavaScript and TypeScript only functions and classes,
 * not module-level variables.
 */
export function exportsToKeep(before: readonly DefinedName[], input: PromiseInput, promised: readonly PromisedName[]): PromisedName[] {
  const released = new Set<string>();
  const defined = new Set(before.map((n) => n.name));
  for (const sentence of input.description.replace(/\b(?:e\.g|i\.e)\./gi, "eg").split(/(?<=[.;!?])\s+|\n+/)) {
    if (!REMOVAL.test(sentence)) continue;
    const words = [...sentence.matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]);
    if (UNNAMED_REMOVAL.test(sentence) && !words.some((w) => defined.has(w))) return [];
    for (const w of words) released.add(w);
  }
  const js = JS_MODULE.has(input.language);
  const when = input.kind === "refactor" ? "before the refactor" : "before this task, which does not say to remove it";
  return before
    .filter((n) => n.exported && !n.name.includes(".") && (js || KEPT_KINDS.test(n.kind)))
    .filter((n) => n.name !== input.rename?.from && !released.has(n.name) && !promised.some((p) => p.name === n.name))
    .map((n) => ({ name: n.name, exported: true, said: `${n.name} is exported by the file ${when}` }));
}

export interface PromiseBreach {
  message: string;
  details: string;
}

/**
 * Whether the file keeps the spec's promises. A promised name the file does not define, but that a
 * context file defines or the file imports, is the spec naming something to use, not to write. A
 * name declared only inside something (a method of an interface, a function in an `if`) is defined,
 * and the export requirement is for top-level definitions.
 */
export function checkPromises(p: Promises, lines: number, facts: FileFacts | null, elsewhere: ReadonlySet<string>): PromiseBreach | null {
  const problems: string[] = [];
  if (p.maxLines !== null && lines > p.maxLines) problems.push(`the file has ${lines} lines; the constraints allow at most ${p.maxLines}`);
  if (facts) {
    for (const n of p.names) {
      const d = facts.defined.find((x) => x.name === n.name);
      if (d) {
        if (n.exported && !d.exported) problems.push(`\`${n.name}\` is defined but not exported (the task says: "${n.said}")`);
      } else if (!elsewhere.has(n.name) && !facts.imported.includes(n.name) && !facts.declared.includes(n.name)) {
        problems.push(`\`${n.name}\` is not defined in the file (the task says: "${n.said}")`);
      }
    }
    const deps = [...facts.dependencies, ...(p.typeImportsAllowed ? [] : facts.typeDependencies)].filter((d) => !isAllowedDependency(d, p.allowedDependencies));
    if (p.noDependencies && deps.length) problems.push(`the file imports ${deps.map((d) => `\`${d}\``).join(", ")}; the constraints say no dependencies`);
    if (p.noFunctions && facts.functions > 0) problems.push(`the file defines ${facts.functions} function${facts.functions === 1 ? "" : "s"}; the constraints say no functions`);
  }
  if (!problems.length) return null;
  return { message: `the file does not match the spec: ${problems[0]!.slice(0, 160)}`, details: problems.map((x) => `- ${x}`).join("\n") };
}
