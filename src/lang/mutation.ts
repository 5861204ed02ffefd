import type { Segment } from "./scopes.js";

// State a lexer can see without types: a name declared at the top of a file or in a class body
// (a module variable, a field) that a function changes, and an object's own fields (`self.x`,
// `this.x`, `@x`, a Go pointer receiver's) changed outside its constructor.

interface MutationRules {
  /** How code names the object's own fields, as a regex source (`self\\.`). */
  member?: string;
  /** Text every use of `member` contains: without it in the file, there is nothing to look for. */
  hint?: string;
  /** A declaration at the top or in a type body; group 1 is the name. */
  declares?: RegExp;
  /** A local declaration in a function (group 1 or 2), when not the same as `declares`. */
  locals?: RegExp;
}

const JAVA_FIELD = /^\s*(?:@\w+\s+)*(?:(?:public|private|protected|internal|static|final|readonly|transient|volatile|const|new)\s+)*(?!return\b|throw\b|package\b|import\b|using\b|class\b|interface\b|enum\b|record\b|struct\b)[A-Za-z_][\w.]*(?:\s*<[^;=()]*>)?(?:\s*\[\s*\])*\??\s+(\w+)\s*(?:=|;|$)/;
const C_GLOBAL = /^\s*(?:(?:static|volatile|mutable|inline|unsigned|signed|long|short|struct|enum|const)\s+)*(?!return\b|typedef\b|using\b|extern\b|goto\b|case\b|delete\b)[A-Za-z_][\w:]*(?:<[^;=()]*>)?[\s*&]+(\w+)\s*(?:\[[^\]]*\]\s*)*(?:=|;|$)/;

const RULES: Record<string, MutationRules> = {
  // Python binds a name in a function by assigning it: only `global` (a signal of its own) changes the module's.
  python: { member: String.raw`self\.`, hint: "self.", declares: /^([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)/, locals: /^\s+([A-Za-z_]\w*)\s*(?::[^=]+)?=(?!=)/ },
  ruby: { member: "@", hint: "@" },
  javascript: { member: String.raw`this\.#?`, hint: "this.", declares: /^\s*(?:export\s+)?(?:let|var|const)\s+([A-Za-z_$][\w$]*)/, locals: /\b(?:let|var|const)\s+([A-Za-z_$][\w$]*)/ },
  java: { member: String.raw`this\.`, hint: "this.", declares: JAVA_FIELD },
  csharp: { member: String.raw`this\.`, hint: "this.", declares: JAVA_FIELD },
  kotlin: { member: String.raw`this\.`, hint: "this.", declares: /^\s*(?:(?:private|public|protected|internal|override|lateinit|open|const|@\w+)\s+)*(?:var|val)\s+(\w+)/ },
  swift: { member: String.raw`self\.`, hint: "self.", declares: /^\s*(?:(?:private|fileprivate|public|internal|open|static|class|lazy|weak|final|nonisolated)\s+|@\w+\s+)*(?:var|let)\s+(\w+)/ },
  php: { member: String.raw`(?:\$this->|(?:self|static)::\$)`, hint: "$" },
  rust: { member: String.raw`self\.`, hint: "self." },
  c: { declares: C_GLOBAL },
  cpp: { member: String.raw`this->`, hint: "this->", declares: C_GLOBAL },
  go: { declares: /^var\s+(\w+)/, locals: /^\s*(?:var\s+(\w+)|(\w+)(?:\s*,\s*\w+)*\s*:=)/ },
};
for (const alias of ["typescript", "tsx", "jsx", "vue", "svelte"]) RULES[alias] = RULES.javascript!;

// `x ||= f()` and `x ??= f()` are left out: that idiom fills a derived value in once (a memo), it
// does not change what the object holds.
const ASSIGN = String.raw`(?:[-+*/%&|^]|<<|>>|\*\*|&&|//)?=(?![=>~])|\+\+|--`;
const MUTATORS = "push|pop|shift|unshift|splice|set|delete|clear|add|append|appendleft|extend|insert|remove|discard|update|setdefault|popitem|put|putAll|putIfAbsent|offer|poll|sort|reverse|fill|retain|truncate|drain|Add|AddRange|Remove|RemoveAt|Clear|Enqueue|Dequeue|Push|Pop|TryAdd|Store|store|merge!|\\w+!";

export interface Mutation {
  line: number;
  text: string;
}

/**
 * The first place a function changes state the file declares or its object owns, if any. A
 * look over the whole text comes first: most files change nothing of the kind, and then their
 * scopes (`segs`, the costlier read) are never worked out.
 */
export function findMutation(masked: string, segs: () => readonly Segment[], language: string): Mutation | null {
  const rules = RULES[language];
  if (!rules) return null;
  const receivers = language === "go" ? goReceivers(masked) : undefined;
  const members = receivers ?? (rules.member && masked.includes(rules.hint!) ? rules.member : undefined);
  // The same pieces `segments` cuts (lines, split at braces), at every scope: a superset of the names.
  const rough = candidateNames(masked.split(/[\n{}]/), rules, language);
  if (!pattern(members, rough, language)?.test(masked)) return null;

  const all = segs();
  const shadowed = localNames(all, rules);
  const names = declaredNames(all, rules, language).filter((n) => !shadowed.has(n));
  // A Go receiver is the object only inside its own methods; elsewhere `c.n = 1` sets a local.
  const re = pattern(receivers ? undefined : members, names, language);
  const own = new Map<string, RegExp | null>();
  for (const seg of all) {
    if (seg.scope !== "body") continue;
    let m = re?.exec(seg.text) ?? null;
    if (!m && seg.self) {
      if (!own.has(seg.self)) own.set(seg.self, pattern(`${seg.self}\\.`, [], language));
      m = own.get(seg.self)?.exec(seg.text) ?? null;
    }
    if (m) return { line: seg.line, text: m[0].replace(/^[\s;{(]+/, "").trim() };
  }
  return null;
}

function pattern(members: string | undefined, names: readonly string[], language: string): RegExp | null {
  const targets: string[] = [];
  if (members) targets.push(`(?:${members})\\w+`);
  if (names.length) targets.push(`(?:${members ? `(?:${members})?` : ""}(?:${names.join("|")})\\b)`);
  return targets.length ? mutationPattern(targets.join("|"), language === "ruby") : null;
}

function mutationPattern(target: string, ruby: boolean): RegExp {
  const path = String.raw`(?:\s*\.\s*\w+|\s*\[[^\]\n]*\])*`;
  // An assignment starts a statement (`f(x=1)` passes an argument); `++`/`--` change it anywhere (`return n++`).
  const assign = String.raw`(?:^|[;{])\s*(?:${target})${path}\s*(?:${ASSIGN}${ruby ? "|<<" : ""})`;
  const postfix = String.raw`(?<![\w$.>])(?:${target})${path}\s*(?:\+\+|--)`;
  const prefix = String.raw`(?:^|[;{(\s=])(?:\+\+|--)(?:${target})\b`;
  const call = String.raw`(?<![\w$])(?:${target})${path}\s*\.\s*(?:${MUTATORS})(?:\s*\(|\s+(?=[\w"':@]))`;
  const del = String.raw`(?<![\w.])delete\s*\(?\s*(?:${target})`;
  return new RegExp(`${assign}|${postfix}|${prefix}|${call}|${del}`, "m");
}

/** Names declared at the file's top or in a type body that a function might change. */
function declaredNames(segs: readonly Segment[], rules: MutationRules, language: string): string[] {
  return candidateNames(
    segs.filter((s) => s.scope === "top" || s.scope === "type").map((s) => s.text),
    rules,
    language,
  );
}

/** Names the lines declare (every line of the file: a first, rough pass; or those at the top and in types). */
function candidateNames(lines: readonly string[], rules: MutationRules, language: string): string[] {
  const names = new Set<string>();
  let goVarBlock = false;
  for (const text of lines) {
    if (language === "go") {
      if (/^var\s*\(/.test(text)) goVarBlock = true;
      else if (goVarBlock && /^\)/.test(text)) goVarBlock = false;
      const m = goVarBlock ? /^\s+(\w+)\b/.exec(text) : null;
      if (m) names.add(m[1]!);
    }
    const m = rules.declares?.exec(text);
    if (m && m[1] && !KEYWORDS.has(m[1])) names.add(m[1]);
  }
  return [...names];
}

/** Names a function declares for itself: those are its own, not the file's or the object's. */
function localNames(segs: readonly Segment[], rules: MutationRules): Set<string> {
  const names = new Set<string>();
  const re = rules.locals ?? rules.declares;
  if (!re) return names;
  for (const seg of segs) {
    if (seg.scope !== "body" && seg.scope !== "init") continue;
    const m = re.exec(seg.text);
    const name = m?.[1] ?? m?.[2];
    if (name) names.add(name);
  }
  return names;
}

const KEYWORDS = new Set(["if", "else", "for", "while", "return", "def", "class", "import", "from", "var", "let", "const", "function", "fun", "func", "struct", "enum", "true", "false", "null", "nil", "None", "self", "this", "super", "new", "in", "is", "as", "of"]);

/** The names Go methods with a pointer receiver give it (`func (c *Counter) Inc()`), as a member prefix. */
function goReceivers(masked: string): string | undefined {
  const names = new Set<string>();
  for (const m of masked.matchAll(/^func\s*\(\s*(\w+)\s+\*/gm)) names.add(m[1]!);
  return names.size ? `(?:${[...names].join("|")})\\.` : undefined;
}
