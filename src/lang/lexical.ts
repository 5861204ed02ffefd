import { countImports } from "./imports.js";
import { inferLanguage } from "./languages.js";
import { maskCode } from "./mask.js";
import { findMutation } from "./mutation.js";
import { segments, type Segment } from "./scopes.js";
import { signalsFor, type SignalKind } from "./signals.js";
import { lineAt } from "../util/lines.js";

// What the classifier needs to know about a file's code, read per language without a parser:
// the PreToolUse hook runs it on every Write, so it stays small and fast (no grammar is loaded).

export interface Finding {
  kind: SignalKind;
  /** The code that says so, as written (a comment or string never counts). */
  what: string;
  line: number;
}

export interface CodeFacts {
  language: string;
  /** Modules imported, counted the way the language writes imports. */
  imports: number;
  /** What keeps the file with Claude: state, concurrency, framework wiring; first found of each kind. */
  findings: Finding[];
}

/** A file this size is far over every limit already; reading past it changes no verdict. */
const MAX_CHARS = 512 * 1024;

/** The imports, state, concurrency and wiring a file's code shows, by its language's rules. */
export function readCode(file: string, content: string): CodeFacts {
  const language = inferLanguage(file);
  const masked = maskCode(content.length > MAX_CHARS ? content.slice(0, MAX_CHARS) : content, language);
  // Scopes cost more than the rest together; most files never need them.
  let segs: Segment[] | undefined;
  const scoped = () => (segs ??= segments(masked, language));
  const findings: Finding[] = [];
  const seen = new Set<SignalKind>();
  const add = (kind: SignalKind, what: string, line: number) => {
    seen.add(kind);
    findings.push({ kind, what: excerpt(what), line });
  };
  for (const sig of signalsFor(language)) {
    if (seen.has(sig.kind)) continue;
    const m = sig.re.exec(masked);
    if (!m) continue;
    if (!sig.in) {
      add(sig.kind, m[0], lineAt(masked, m.index));
      continue;
    }
    for (const seg of scoped()) {
      const inScope = sig.in.includes(seg.scope) ? sig.re.exec(seg.text) : null;
      if (inScope) {
        add(sig.kind, inScope[0], seg.line);
        break;
      }
    }
  }
  if (!seen.has("state")) {
    const m = findMutation(masked, scoped, language);
    if (m) add("state", m.text, m.line);
  }
  return { language, imports: countImports(masked, language), findings };
}

function excerpt(s: string): string {
  const t = s.replace(/\s+/g, " ").replace(/^[\s;{}(]+/, "").trim();
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}
