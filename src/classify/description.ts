import { ATOMIC, DELEGABLE, type Category, type Reason, type Verdict } from "./criteria.js";

interface Rule {
  category: Category;
  pattern: RegExp;
}

// Order matters: what keeps a task with Claude is checked before what sends it away.
const RULES: Rule[] = [
  { category: "bugfix", pattern: /\b(fix(es|ed|ing)?|bug|broken|regression|crash(es)?|doesn'?t work|not working|wrong result)\b/i },
  { category: "react-hook", pattern: /\b(custom\s+)?(react\s+)?hook\b|\buse[A-Z]\w+\b/ },
  { category: "reducer", pattern: /\breducers?\b/i },
  { category: "state", pattern: /\b(state management|global state|store|redux|zustand|mobx|context provider|createContext|useState)\b/i },
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
    reasons.push({ criterion: "test", ok: input.hasTest, detail: input.hasTest ? "has a test" : "no test to verify it" });
  }
  return { verdict: reasons.every((r) => r.ok) ? "local" : "claude", category, reasons };
}

export function categoryFromDescription(description: string, kind?: string): Category {
  if (kind === "test") return "test";
  if (kind === "doc") return "doc";
  for (const r of RULES) if (r.pattern.test(description)) return r.category;
  return kind === "refactor" ? "utility" : "unknown";
}
