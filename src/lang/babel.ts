import { parse, type ParseError, type ParserPlugin } from "@babel/parser";
import type * as t from "@babel/types";
import type { Result } from "../errors.js";

// The one place JavaScript and TypeScript are parsed. The types come from @babel/types, which
// @babel/parser's own declarations import (type-only: nothing of it is bundled), so a caller
// switches on `node.type` and reads typed fields instead of casting.

export type { t };
export type Node = t.Node;

/** Babel's plugins for a language id of the table (src/lang/languages.ts). */
export function pluginsFor(language: string): ParserPlugin[] {
  // Plain .js files hold JSX in many React projects (Create React App, React Native), so
  // JavaScript is parsed with JSX on, as Babel's React preset does; .ts files never hold JSX.
  if (language === "typescript") return ["typescript", ...LEGACY_DECORATORS];
  if (language === "tsx") return ["typescript", "jsx", ...LEGACY_DECORATORS];
  return ["jsx"];
}

// tsc reads decorators in two spellings no one Babel plugin reads both of: experimentalDecorators'
// (NestJS, Angular: on parameters too) and TypeScript 5's standard ones (also after `export`).
// The first is tried first; the other only for a file that failed and has an `@` in it.
const LEGACY_DECORATORS: ParserPlugin[] = ["decorators-legacy", "decoratorAutoAccessors"];
const STANDARD_DECORATORS: ParserPlugin[] = [["decorators", {}], "decoratorAutoAccessors"];

function standardDecorators(plugins: ParserPlugin[]): ParserPlugin[] | null {
  return plugins.includes("decorators-legacy") ? [...plugins.filter((p) => !LEGACY_DECORATORS.includes(p)), ...STANDARD_DECORATORS] : null;
}

export interface ParseOptions {
  /** `module` (the default), `unambiguous` (script unless it imports or exports) or `commonjs` (a script in a function: `return` allowed). */
  sourceType?: "module" | "unambiguous" | "commonjs";
  /** Keep the token list (`File.tokens`). */
  tokens?: boolean;
  /** Instead of the language's plugins (`[]`: plain JavaScript). */
  plugins?: ParserPlugin[];
}

/** Why a source did not parse: Babel's reason without its `(L:C)` tail, and where (1-based line, 0-based column). */
export interface ParseFailure {
  reason: string;
  line: number | null;
  column: number;
}

/** The syntax tree of a module, or where and why it does not parse. */
export function parseModule(source: string, language: string, options: ParseOptions = {}): Result<t.File, ParseFailure> {
  const plugins = options.plugins ?? pluginsFor(language);
  const first = parseWith(source, options, plugins);
  const other = first.ok || !source.includes("@") ? null : standardDecorators(plugins);
  if (first.ok || !other) return first;
  const second = parseWith(source, options, other);
  // Each reading stops at the other's spelling when it has no mistake before: the mistake is where the later one stopped.
  return second.ok || later(second.error, first.error) ? second : first;
}

function later(a: ParseFailure, b: ParseFailure): boolean {
  return (a.line ?? 0) > (b.line ?? 0) || (a.line === b.line && a.column > b.column);
}

function parseWith(source: string, options: ParseOptions, plugins: ParserPlugin[]): Result<t.File, ParseFailure> {
  try {
    const file = parse(source, {
      sourceType: options.sourceType ?? "module",
      plugins,
      tokens: options.tokens ?? false,
      errorRecovery: false,
    });
    return { ok: true, value: file };
  } catch (e) {
    const loc = isParseError(e) ? e.loc : undefined;
    const reason = (e instanceof Error ? e.message : String(e)).replace(/\s*\(\d+:\d+\)$/, "");
    return { ok: false, error: { reason, line: loc?.line ?? null, column: loc?.column ?? 0 } };
  }
}

function isParseError(e: unknown): e is ParseError {
  return e instanceof SyntaxError && typeof (e as Partial<ParseError>).loc?.line === "number";
}

/** Keys that hold no child syntax (positions, comments, parser extras). */
const SKIP = new Set(["loc", "range", "extra", "leadingComments", "trailingComments", "innerComments", "tokens", "comments"]);

/** Whether a value is a syntax node (a child of a node, or an element of one of its lists). */
export function isNode(v: unknown): v is t.Node {
  return typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string";
}

/**
 * Visits `node` and its descendants depth first, in source order, with each one's parent.
 * `visit` returns false to skip a node's children.
 */
export function walk(node: t.Node, visit: (node: t.Node, parent: t.Node | null) => boolean | void, parent: t.Node | null = null): void {
  if (visit(node, parent) === false) return;
  for (const [key, value] of Object.entries(node)) {
    if (SKIP.has(key)) continue;
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) walk(v, visit, node);
    } else if (isNode(value)) {
      walk(value, visit, node);
    }
  }
}

/** The node's text. */
export function textOf(source: string, node: t.Node | t.Comment): string {
  return source.slice(node.start ?? 0, node.end ?? 0);
}
