import { ATOMIC, DELEGABLE, type Category, type Reason, type Verdict } from "./criteria.js";

interface Rule {
  category: Category;
  pattern: RegExp;
}

// Words that name concurrency in any ecosystem. "channel", "lock", "thread" and "atomic" also
// have plain meanings (an RGB channel, a lock file, an email thread, an atomic task), so they
// count only in the company that makes them concurrency.
const CONCURRENCY: RegExp[] = [
  /\b(thread[- ]?safe\w*|threading|multi-?thread\w*|thread ?pools?|(new|spawn\w*|background|worker|separate|several|many|multiple) threads?|(between|across) threads|concurren\w*|in parallel|paralleli[sz]\w*|parallelism)\b/i,
  /\b(worker pools?|pools? of (\w+ )?workers|goroutines?|mutex(es)?|semaphores?|wait ?groups?|race conditions?|deadlocks?|synchronized|coroutines?|asyncio|tokio|actor model|dispatch ?queues?|ExecutorService|async (queues?|tasks?|runtime|workers?|jobs?))\b/i,
  /\batomic (counters?|integers?|operations?|ops|variables?|flags?)\b|\batomically\b/i,
  /\b(over|through|from|on|into|via|to|reads?|sends?|receives?) (a |an |the )?(buffered |unbuffered |go )?channels?\b|\bchan\b/i,
  /\b(with|under|behind|holding|holds?|acquires?|releases?|takes?|read-write|rw|spin) (a |an |the |one |its |own )?locks?\b(?!\s*-?\s*files?)|\block-free\b|\b(threading\.)?R?Lock\(\)/i,
];

// Order matters: what keeps a task with Claude is checked before what sends it away.
const RULES: Rule[] = [
  { category: "bugfix", pattern: /\b(fix(es|ed|ing)?|bug|broken|regression|crash(es)?|doesn'?t work|not working|wrong result)\b/i },
  { category: "react-hook", pattern: /\b(custom\s+)?(react\s+)?hook\b|\buse[A-Z]\w+\b/ },
  { category: "reducer", pattern: /\breducers?\b/i },
  ...CONCURRENCY.map((pattern) => ({ category: "concurrency" as const, pattern })),
  { category: "state", pattern: /\b(state management|global state|store|redux|zustand|mobx|context provider|createContext|useState)\b/i },
  { category: "state", pattern: /\b(stateful|mutable state|shared state|state machine|singleton|caches?|caching|memoi[sz]\w*|rate limiter|module-level (state|variables?|dict|cache)|global (variables?|counters?|cache)|class variables?|static mut|in-memory (database|db))\b/i },
  { category: "integration", pattern: /\b(integrat\w*|wire (it|them|up)|wiring|across (files|modules)|provider|routing|router|migrat\w*|end[- ]to[- ]end|whole app|several files|multiple files)\b/i },
  { category: "test", pattern: /\b(unit tests?|tests? for|write tests?|test suite|specs? for)\b/i },
  { category: "doc", pattern: /\b(docs?|documentation|readme|jsdoc|docstrings?|comments?|changelog)\b/i },
  { category: "types", pattern: /\b(type definitions?|typings|types for|interfaces? for|define (the )?(types?|interfaces?)|\.d\.ts|type aliases)\b/i },
  { category: "constants", pattern: /\b(constants?|config(uration)?|settings|enum|theme (colou?rs|tokens)|tokens file)\b/i },
  { category: "utility", pattern: /\b(util(ity|ities|s)?|helpers?|format\w*|pars(e|er|ing)|validat\w*|convert\w*|slugify|sort\w*|filter\w*|compute|calculat\w*|pure function|function)\b/i },
];

export interface DescriptionInput {
  description: string;
  /** Expected size, when the planner gave one. */
  lines?: number | undefined;
  imports?: number | undefined;
  files?: number | undefined;
  hasTest?: boolean | undefined;
  /** The task whose tests will check this one, when a later task of the plan writes them. */
  testedBy?: string | undefined;
  kind?: string | undefined;
}

/** A verdict from what a task says it will do, before any code exists (plans, `classify`). */
export function classifyDescription(input: DescriptionInput): Verdict {
  const category = categoryFromDescription(input.description, input.kind);
  const reasons: Reason[] = [{ criterion: "category", ok: DELEGABLE.has(category), detail: category }];
  if (input.lines !== undefined) {
    const tooSmall = input.lines < ATOMIC.minLines;
    reasons.push({
      criterion: "lines",
      ok: !tooSmall && input.lines <= ATOMIC.maxLines,
      detail: tooSmall ? `~${input.lines} lines: under ${ATOMIC.minLines}, writing it costs Claude less than delegating it` : `~${input.lines} lines expected (limit ${ATOMIC.maxLines})`,
    });
  }
  if (input.imports !== undefined) reasons.push({ criterion: "imports", ok: input.imports <= ATOMIC.maxImports, detail: `${input.imports} imports (limit ${ATOMIC.maxImports})` });
  if (input.files !== undefined) reasons.push({ criterion: "files", ok: input.files <= 1, detail: `${input.files} files (limit 1)` });
  if (input.hasTest !== undefined && category !== "doc" && category !== "test" && category !== "types" && category !== "constants") {
    const tested = input.hasTest || Boolean(input.testedBy);
    const detail = input.hasTest ? "has a test" : input.testedBy ? `gets tests from task "${input.testedBy}"` : "no test to verify it";
    reasons.push({ criterion: "test", ok: tested, detail });
  }
  return { verdict: reasons.every((r) => r.ok) ? "local" : "claude", category, reasons };
}

export function categoryFromDescription(description: string, kind?: string): Category {
  if (kind === "test") return "test";
  if (kind === "doc") return "doc";
  for (const r of RULES) if (r.pattern.test(description)) return r.category;
  return kind === "refactor" ? "utility" : "unknown";
}
