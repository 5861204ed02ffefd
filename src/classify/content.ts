import { basename, extname } from "node:path";
import { ATOMIC, DELEGABLE, type Category, type Reason, type Verdict } from "./criteria.js";

const CODE_EXT = new Set([".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".py", ".go", ".rs", ".rb", ".java", ".kt", ".swift", ".php", ".cs", ".c", ".h", ".cpp", ".sh", ".sql", ".css", ".scss", ".html", ".vue", ".svelte"]);
const DOC_EXT = new Set([".md", ".mdx", ".rst", ".txt", ".adoc"]);
const CONFIG_EXT = new Set([".json", ".yaml", ".yml", ".toml", ".ini", ".env"]);

const IMPORT_LINE = /^\s*(import\s[^;]*?from\s+["'][^"']+["']|import\s+["'][^"']+["']|(?:const|let|var)\s+[^=]+=\s*require\(\s*["'][^"']+["']\s*\)|from\s+\S+\s+import\s|import\s+[\w.]+\s*$|use\s+[\w:]+;|#include\s)/;
const STATEFUL = /\b(useState|useReducer|useContext|createContext|useSyncExternalStore|createSlice|configureStore|createStore|combineReducers|zustand|create\(\(set|makeAutoObservable|observable\(|this\.state|this\.setState|signal\(|writable\()/;
const HOOK_DEF = /\bexport\s+(?:default\s+)?(?:function\s+use[A-Z]\w*|const\s+use[A-Z]\w*\s*=)/;
const REDUCER = /\b\w*[rR]educer\b\s*[=(:]|switch\s*\(\s*action\.type\s*\)/;
const PROVIDER = /<\w+\.Provider\b|<\w*Provider\b|Provider\s+value=|<(Router|BrowserRouter|Routes)\b|app\.use\(|router\.(get|post|use)\(|express\(\)/;
const TEST_FILE = /(\.|_)(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$|_test\.(py|go)$|(^|\/)__tests__\//;
const JSX = /<[A-Z][\w.]*[\s/>]|(return|=>)\s*\(?\s*<[A-Za-z>]/;

export interface ContentInput {
  /** Project-relative path. */
  file: string;
  content: string;
}

/**
 * What a file's content says about whether a local model should have written it. Pure: used by
 * the PreToolUse hook on every Write, so it reads lines and patterns, never an AST.
 */
export function classifyContent(input: ContentInput): Verdict {
  const { file, content } = input;
  const lines = countLines(content);
  const imports = content.split("\n").filter((l) => IMPORT_LINE.test(l)).length;
  const category = categoryOf(file, content);
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
    reasons.push({ criterion: "imports", ok: imports <= ATOMIC.maxImports, detail: `${imports} imports (limit ${ATOMIC.maxImports})` });
  }
  const stateful = STATEFUL.test(content);
  reasons.push({ criterion: "stateless", ok: !stateful, detail: stateful ? "manages state" : "no state" });

  const ok = reasons.every((r) => r.ok);
  return { verdict: ok ? "local" : "claude", category, reasons };
}

export function categoryOf(file: string, content: string): Category {
  const name = basename(file);
  const ext = extname(name).toLowerCase();
  if (DOC_EXT.has(ext)) return "doc";
  if (TEST_FILE.test(file)) return "test";
  if (CONFIG_EXT.has(ext)) return "constants";
  if (!CODE_EXT.has(ext)) return "unknown";
  if (HOOK_DEF.test(content) || /^use[A-Z]\w*\.[jt]sx?$/.test(name)) return "react-hook";
  if (STATEFUL.test(content)) return "state";
  if (REDUCER.test(content)) return "reducer";
  if (PROVIDER.test(content)) return "integration";
  const code = stripComments(content);
  if (isTypesOnly(code)) return "types";
  if (isConstantsOnly(code)) return "constants";
  if (JSX.test(code) && /\.[jt]sx$/.test(ext)) return "component";
  return "utility";
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
  integration: "integration across files (keep with Claude)",
  bugfix: "bug fix in existing logic (keep with Claude)",
  unknown: "not a source file the design delegates",
};

export function describeCategory(c: Category): string {
  return CATEGORY_DETAIL[c];
}

function countLines(s: string): number {
  if (!s) return 0;
  return s.endsWith("\n") ? s.split("\n").length - 1 : s.split("\n").length;
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
