// The constraints of a spec a machine can check: a whole file's length, "no functions", "no
// dependencies" (with the packages it allows). Each constraint is read clause by clause, so that
// "keep each function under 30 lines" is not a limit on the file and "no function may mutate its
// input" is not "no functions". Pure.

export interface ConstraintPromises {
  maxLines: number | null;
  noDependencies: boolean;
  /** Packages "no dependencies other than react" / "except lodash" allows. */
  allowedDependencies: string[];
  /** "no runtime dependencies": an import only for types (`import type`) is not one. */
  typeImportsAllowed: boolean;
  noFunctions: boolean;
}

/** A constraint's clauses: "ES module, no imports, no functions" is three. */
function clausesOf(constraint: string): string[] {
  return constraint
    .split(/[,;\n]/)
    .map((c) => c.trim().replace(/[.!]+$/, ""))
    .filter(Boolean);
}

export function constraintsOf(constraints: readonly string[]): ConstraintPromises {
  const clauses = constraints.flatMap(clausesOf);
  const deps = dependencyRule(constraints);
  return {
    maxLines: maxLinesIn(clauses),
    noDependencies: deps !== null,
    allowedDependencies: deps?.allowed ?? [],
    typeImportsAllowed: deps?.typesAllowed ?? false,
    noFunctions: clauses.some((c) => NO_FUNCTIONS.test(c)),
  };
}

/**
 * Only a clause that says this and nothing more: "no functions", "no function definitions", "data
 * only", "only constants", maybe after "with" ("ES module with no functions"); not "no function
 * may mutate its input" nor "no function calls at import time".
 */
const NO_FUNCTIONS = /(?:^|\b(?:with|and|has|contains|have)\s+)(?:no functions?(?:\s+(?:definitions?|declarations?))?(?:\s+or\s+(?:classes|methods))?(?:\s+at all)?|(?:pure\s+)?data only|only data|only constants|constants only)$/i;

/** What the limit is about when it is not the file: "each function", "per method", "functions under 20 lines". */
const PART_OF_FILE = /\b(?:each|every|per|any|a single)\b|\b(?:functions?|methods?|components?|classes|hooks?|tests?|blocks?|bod(?:y|ies)|lines? of code per)\b/i;

function maxLinesIn(clauses: readonly string[]): number | null {
  for (const clause of clauses) {
    const m = /\b(?:at most|no more than|under|fewer than|less than|max(?:imum)?|≤|<=)\s*(\d{1,5})\s*(?:lines|loc)\b/i.exec(clause);
    if (!m) continue;
    if (PART_OF_FILE.test(clause) && !/\b(?:file|module)\b/i.test(clause)) continue;
    const n = Number(m[1]);
    return /under|fewer|less/i.test(m[0]) ? n - 1 : n;
  }
  return null;
}

const NO_DEPS = /\bno (?:external |third[- ]party |runtime |npm |other )?(?:dependencies|dependency|deps|packages|imports)\b|\bzero (?:runtime )?dependencies\b|\bstandard library only\b|\bonly the standard library\b/i;
const ALLOWED = /\b(?:other than|except(?: for)?|besides|apart from|beyond|but)\s+(.+)$/i;

/** Null when the constraints allow dependencies; else what they still allow. */
function dependencyRule(constraints: readonly string[]): { allowed: string[]; typesAllowed: boolean } | null {
  let found = false;
  let typesAllowed = false;
  const allowed: string[] = [];
  for (const constraint of constraints) {
    for (const sentence of constraint.split(/[;\n]/)) {
      const m = NO_DEPS.exec(sentence);
      if (!m) continue;
      found = true;
      typesAllowed ||= /\bruntime\b/i.test(m[0]);
      const rest = ALLOWED.exec(sentence.slice(m.index + m[0].length));
      if (rest) allowed.push(...packagesIn(rest[1]!));
    }
  }
  return found ? { allowed, typesAllowed } : null;
}

/** "react and react-dom", "`lodash`, date-fns": the single-word items of a list are package names. */
function packagesIn(list: string): string[] {
  return list
    .split(/,|\band\b|\bor\b/)
    .map((s) => s.trim().replace(/^[`'"]|[`'"]$/g, ""))
    .filter((s) => /^(?:@[\w.-]+\/)?[\w.-]+$/.test(s) && !/^(?:the|its|their|a|an)$/i.test(s));
}

/** Whether a dependency is one the constraints allow: the package itself or a path inside it (`lodash/debounce` is lodash). */
export function isAllowedDependency(dep: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => dep === a || dep.startsWith(`${a}/`));
}
