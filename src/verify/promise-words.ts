// The words right before a signature, which say whether the description asks for it ("write",
// "export", "a helper `f(x)`") or only uses it ("calls", "using", "from", "with"). Pure.

const set = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

export const DEFINE_VERBS = set(`write writes writing export exports exporting re-export re-exports implement implements implementing
  define defines defining create creates creating add adds adding provide provides providing expose exposes exposing declare declares
  declaring contain contains containing`);

const USE_VERBS = set(`call calls called calling invoke invokes invoked invoking use uses used using via from through pass passes
  passed passing wrap wraps wrapped wrapping await awaits awaiting return returns returning give gives yield yields run runs
  delegate delegates delegating reuse reuses import imports imported importing extend extends given take takes accept accepts
  receive receives expect expects`);

/** Words that open a clause about something else: "When `fetchUser(id)` fails, …". */
const CONDITIONS = set(`when whenever if unless once after before since while because until where`);

/** "with", "has": making when what comes before is a class or object, or when a noun says what follows is a method. */
const HAVING = set(`with has having have`);

const NEGATORS = set(`not never without don't dont doesn't doesnt shouldn't mustn't won't`);

/** Things a description makes, said right before their name: "a helper `f(x)`", "methods `a()` and `b()`". */
const NOUNS = set(`function functions method methods helper helpers hook hooks constructor constructors fn func def component
  components utility utilities util utils predicate factory wrapper variant variants member members property properties
  field fields getter setter getters setters`);

/** What "with" gives members to: "a `Counter` class with `increment()`". */
const CONTAINERS = set(`class classes object objects interface struct type enum record component module trait impl namespace`);

const FILLERS = set(`a an the and also then or one two three its their new small simple pure tiny little single generic typed
  async asynchronous sync synchronous static public private protected internal exported unexported default named called
  top-level module-level standalone reusable recursive custom separate second another final abstract readonly const let var pub
  int double float boolean bool void long char byte short string number str u8 u16 u32 u64 i8 i16 i32 i64 usize isize f32 f64
  any unknown never - * • — – ${[...NOUNS, ...CONTAINERS].join(" ")}`);

const PRIVATE = set(`private internal unexported`);

export interface Anchor {
  /** `define`: asked for; `use`: only used; `negated`: "do not export"; `start`: nothing but fillers before it; `none`: other words. */
  kind: "define" | "use" | "negated" | "start" | "none";
  /** "a private `helper()`": defined, not exported. */
  private: boolean;
}

/** A word that can stand between a verb and the name it makes: an article, an adjective, a noun, a type. */
export function isFiller(word: string): boolean {
  const w = word.replace(/,$/, "");
  // Rust's restricted visibility, `pub(crate) fn name(…)`, is a modifier like `pub`.
  if (FILLERS.has(w.toLowerCase()) || /^\d+[.)]$/.test(w) || /^pub\((?:crate|super|self)\)$/.test(w)) return true;
  // A proper noun or a type: `React`, `TypeScript`, `Optional<String>`, `[]string`, `*Stack`, `&str`.
  return !/[()]/.test(w) && (/^[A-Z]/.test(w) || /[<>[\]*&]/.test(w));
}

/** What the words right before a signature (within its sentence) make of it. */
export function anchorOf(before: string): Anchor {
  const tokens = before.replace(/`/g, " ").trim().split(/\s+/).filter(Boolean);
  let noun = false;
  let priv = false;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const raw = tokens[i]!;
    // "Helpers: `isBlank(s)`": a colon starts a new clause.
    if (raw.endsWith(":")) return { kind: "start", private: priv };
    const w = raw.replace(/,$/, "").toLowerCase();
    if (DEFINE_VERBS.has(w)) return { kind: negatedAt(tokens, i) ? "negated" : "define", private: priv };
    if (HAVING.has(w)) return { kind: noun || containerBefore(tokens, i) ? "define" : "use", private: priv };
    if (USE_VERBS.has(w)) return { kind: "use", private: priv };
    if (CONDITIONS.has(w) || !isFiller(raw)) return { kind: "none", private: priv };
    noun ||= NOUNS.has(w);
    priv ||= PRIVATE.has(w);
  }
  return { kind: "start", private: priv };
}

function negatedAt(tokens: readonly string[], i: number): boolean {
  const prev = tokens[i - 1]?.toLowerCase() ?? "";
  return NEGATORS.has(prev.replace(/’/g, "'")) || (prev === "longer" && tokens[i - 2]?.toLowerCase() === "no");
}

/** "a `Counter` class with", "`pub struct Counter` with", "Implement `Queue` with": a container, or the verb making one, a few words back. */
function containerBefore(tokens: readonly string[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
    const w = tokens[j]!.replace(/,$/, "").toLowerCase();
    if (CONTAINERS.has(w) || DEFINE_VERBS.has(w)) return true;
    if (/[()]/.test(w)) return false;
  }
  return false;
}

const EXAMPLE = /\b(?:eg|for example|for instance|such as|like)\b/gi;

/** "e.g. `f(x)`", "such as `g()`": an example of what is meant, unless a verb of making comes after the marker. */
export function isExample(before: string): boolean {
  const marks = [...before.matchAll(EXAMPLE)];
  const last = marks.at(-1);
  if (!last) return false;
  const after = before.slice(last.index + last[0].length).replace(/`/g, " ");
  return !after.split(/\s+/).some((w) => DEFINE_VERBS.has(w.replace(/,$/, "").toLowerCase()));
}
