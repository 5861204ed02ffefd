import { basename, extname } from "node:path";
import { inferLanguage, isTestFile } from "../lang/languages.js";
import { readCode, type CodeFacts, type Finding } from "../lang/lexical.js";
import { countLines } from "../util/lines.js";
import { ATOMIC, DELEGABLE, type Category, type Reason, type Verdict } from "./criteria.js";

const DOC_EXT = new Set([".rst", ".txt", ".adoc"]);
const CONFIG_EXT = new Set([".ini", ".env"]);
/** Languages in the table that hold data, not code. */
const DATA = new Set(["json", "yaml", "toml"]);
const JS_FAMILY = new Set(["javascript", "typescript", "tsx", "jsx", "vue", "svelte"]);

// React and its state libraries: JavaScript's frameworks, read in JavaScript files only. Every
// other ecosystem's state and concurrency is read by src/lang/lexical.ts.
const STATEFUL = /\b(useState|useReducer|useContext|createContext|useSyncExternalStore|createSlice|configureStore|createStore|combineReducers|zustand|create\(\(set|makeAutoObservable|observable\(|this\.state|this\.setState|signal\(|writable\()/;
const HOOK_DEF = /\bexport\s+(?:default\s+)?(?:function\s+use[A-Z]\w*|const\s+use[A-Z]\w*\s*=)/;
const REDUCER = /\b\w*[rR]educer\b\s*[=(:]|switch\s*\(\s*action\.type\s*\)/;
const PROVIDER = /<\w+\.Provider\b|<\w*Provider\b|Provider\s+value=|<(Router|BrowserRouter|Routes)\b|app\.use\(|router\.(get|post|use)\(|express\(\)/;
const JSX = /<[A-Z][\w.]*[\s/>]|(return|=>)\s*\(?\s*<[A-Za-z>]/;

export interface ContentInput {
  /** Project-relative path. */
  file: string;
  content: string;
}

/**
 * What a file's content says about whether a local model should have written it. Pure: used by
 * the PreToolUse hook on every Write, so it reads lines and patterns per language, never an AST.
 */
export function classifyContent(input: ContentInput): Verdict {
  const { file, content } = input;
  const lines = countLines(content);
  const facts = readCode(file, content);
  const { category, why } = categorize(file, content, facts);
  const reasons: Reason[] = [];

  const delegableCategory = DELEGABLE.has(category);
  reasons.push({ criterion: "category", ok: delegableCategory, detail: CATEGORY_DETAIL[category] });
  // Constants, types and docs are long by nature and easy for a model: the line limit applies to logic.
  const linesLimit = category === "constants" || category === "types" || category === "doc" ? ATOMIC.maxLines * 4 : ATOMIC.maxLines;
  if (lines < ATOMIC.minLines) {
    reasons.push({ criterion: "lines", ok: false, detail: `${lines} line${lines === 1 ? "" : "s"}: under ${ATOMIC.minLines}, writing it costs Claude less than delegating it` });
  } else {
    reasons.push({ criterion: "lines", ok: lines <= linesLimit, detail: `${lines} lines (limit ${linesLimit})` });
  }
  if (category !== "doc") {
    reasons.push({ criterion: "imports", ok: facts.imports <= ATOMIC.maxImports, detail: `${facts.imports} imports (limit ${ATOMIC.maxImports})` });
  }
  reasons.push(statelessReason(why));

  const ok = reasons.every((r) => r.ok);
  return { verdict: ok ? "local" : "claude", category, reasons };
}

export function categoryOf(file: string, content: string): Category {
  return categorize(file, content, readCode(file, content)).category;
}

/** What keeps a file from being stateless, in the words the verdict gives. */
type Why = { kind: "state" | "concurrency"; detail: string } | null;

function categorize(file: string, content: string, facts: CodeFacts): { category: Category; why: Why } {
  const name = basename(file);
  const ext = extname(name).toLowerCase();
  const language = inferLanguage(file);
  const plain = (category: Category) => ({ category, why: null });
  if (language === "markdown" || DOC_EXT.has(ext)) return plain("doc");
  // Tests set up and change fixtures as they like: state is not what makes a test hard.
  if (isTestFile(file)) return plain("test");
  if (DATA.has(language) || CONFIG_EXT.has(ext)) return plain("constants");
  if (language === "text") return plain("unknown");

  const js = JS_FAMILY.has(language);
  const found = (kind: Finding["kind"]) => facts.findings.find((f) => f.kind === kind);
  const concurrency = found("concurrency");
  const state = found("state");
  const framework = js ? STATEFUL.exec(content) : null;
  const why: Why = concurrency
    ? { kind: "concurrency", detail: `concurrency: ${at(concurrency)}` }
    : framework
      ? { kind: "state", detail: "manages state" }
      : state
        ? { kind: "state", detail: `manages state: ${at(state)}` }
        : null;
  if (js && (HOOK_DEF.test(content) || /^use[A-Z]\w*\.[jt]sx?$/.test(name))) return { category: "react-hook", why };
  if (framework) return { category: "state", why };
  if (concurrency) return { category: "concurrency", why };
  if (state) return { category: "state", why };
  if (js && REDUCER.test(content)) return { category: "reducer", why };
  if ((js && PROVIDER.test(content)) || found("integration")) return { category: "integration", why };
  if (!js) return { category: "utility", why };
  const code = stripComments(content);
  if (isTypesOnly(code)) return plain("types");
  if (isConstantsOnly(code)) return plain("constants");
  if (JSX.test(code) && /\.[jt]sx$/.test(ext)) return plain("component");
  return plain("utility");
}

function at(f: Finding): string {
  return `\`${f.what}\` (line ${f.line})`;
}

function statelessReason(why: Why): Reason {
  return why ? { criterion: "stateless", ok: false, detail: why.detail } : { criterion: "stateless", ok: true, detail: "no state" };
}

const CATEGORY_DETAIL: Record<Category, string> = {
  utility: "pure utility",
  constants: "constants or config",
  types: "type definitions",
  test: "unit tests",
  doc: "documentation",
  component: "presentational component",
  "react-hook": "custom React hook (keep with Claude)",
  reducer: "reducer (keep with Claude)",
  state: "state management (keep with Claude)",
  concurrency: "threads, locks, channels or async tasks (keep with Claude)",
  integration: "integration across files (keep with Claude)",
  bugfix: "bug fix in existing logic (keep with Claude)",
  unknown: "not a source file the design delegates",
};

export function describeCategory(c: Category): string {
  return CATEGORY_DETAIL[c];
}

function stripComments(s: string): string {
  return s.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

function isTypesOnly(code: string): boolean {
  const stmts = code.split("\n").filter((l) => l.trim() && !/^\s*[}\])]/.test(l) && !/^\s+/.test(l));
  return stmts.length > 0 && stmts.every((l) => /^(export\s+)?(declare\s+)?(type|interface|enum|import\s+type|export\s+type|export\s*\{)/.test(l.trim()));
}

function isConstantsOnly(code: string): boolean {
  const top = code.split("\n").filter((l) => l.trim() && !/^\s/.test(l) && !/^[}\])]/.test(l.trim()));
  if (!top.length) return false;
  if (/=>|\bfunction\b|\bclass\b/.test(code)) return false;
  return top.every((l) => /^(export\s+)?(const|let|var)\s|^(export\s+)?(type|interface|enum)\s|^import\s|^export\s+(default\s+)?[{\[]|^export\s*\{|^module\.exports/.test(l.trim()));
}
