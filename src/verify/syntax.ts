import { parse, type ParserPlugin } from "@babel/parser";
import { parseDocument } from "yaml";

export type SyntaxVerdict = { ok: true; checked: boolean } | { ok: false; message: string };

/**
 * A syntax check that needs no tool from the user's machine: Babel's parser for JS/TS/JSX/TSX,
 * JSON.parse, the YAML parser. `checked: false` means no checker for this language.
 */
export function checkSyntax(content: string, language: string): SyntaxVerdict {
  switch (language) {
    case "javascript":
    case "jsx":
    case "typescript":
    case "tsx":
      return checkJs(content, language);
    case "json":
      return checkJson(content);
    case "yaml": {
      const doc = parseDocument(content);
      const err = doc.errors[0];
      return err ? { ok: false, message: `YAML: ${err.message.split("\n")[0]}` } : { ok: true, checked: true };
    }
    default:
      return { ok: true, checked: false };
  }
}

function checkJs(content: string, language: string): SyntaxVerdict {
  const plugins: ParserPlugin[] =
    // Plain .js files hold JSX in many React projects (Create React App, React Native), so
    // JavaScript is parsed with JSX on, as Babel's React preset does; .ts files never hold JSX.
    language === "typescript" ? ["typescript"] : language === "tsx" ? ["typescript", "jsx"] : ["jsx"];
  try {
    parse(content, { sourceType: "unambiguous", plugins, errorRecovery: false, allowReturnOutsideFunction: false });
    return { ok: true, checked: true };
  } catch (e) {
    const err = e as { message?: string; loc?: { line: number; column: number } };
    const line = err.loc?.line;
    const msg = (err.message ?? String(e)).replace(/\s*\(\d+:\d+\)$/, "");
    return { ok: false, message: line ? `line ${line}:${(err.loc?.column ?? 0) + 1}: ${msg}${showLine(content, line)}` : msg };
  }
}

function showLine(content: string, line: number): string {
  const text = (content.split("\n")[line - 1] ?? "").trim();
  return `\n  ${line} | ${text.length > 160 ? `${text.slice(0, 160)}…` : text}`;
}

function checkJson(content: string): SyntaxVerdict {
  try {
    JSON.parse(content);
    return { ok: true, checked: true };
  } catch (e) {
    // Node 20's messages give no line, often no position, and echo the text: the error is located
    // here instead, and the echo and position are cut from the message.
    const reason = (e as Error).message
      .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, "")
      .replace(/ (?:in JSON )?at position \d+.*$/s, "")
      .replace(/^"(.).*" is not valid JSON$/s, "Unexpected token '$1'");
    const at = jsonErrorOffset(content);
    if (at === null) return { ok: false, message: `JSON: ${reason}` };
    const before = content.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    return { ok: false, message: `JSON: line ${line}:${column}: ${reason}${showLine(content, line)}` };
  }
}

const JSON_WS = new Set([" ", "\t", "\n", "\r"]);
const JSON_SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** The offset where `text` stops being JSON (RFC 8259), or null when it cannot tell. */
function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const stop = (): never => {
    throw i;
  };
  const ws = () => {
    while (JSON_WS.has(text[i] ?? "")) i++;
  };
  const string = () => {
    for (i++; ; i++) {
      const c = text[i];
      if (c === undefined || c < " ") stop();
      if (c === '"') return void i++;
      if (c === "\\") {
        i++;
        if (text[i] === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
        else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) stop();
      }
    }
  };
  const value = (): void => {
    ws();
    const open = text[i];
    if (open === "{" || open === "[") {
      const close = open === "{" ? "}" : "]";
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (open === "{") {
          ws();
          if (text[i] !== '"') stop();
          string();
          ws();
          if (text[i] !== ":") stop();
          i++;
        }
        value();
        ws();
        if (text[i] === close) return void i++;
        if (text[i] !== ",") stop();
        i++;
      }
    }
    if (open === '"') return string();
    JSON_SCALAR.lastIndex = i;
    const m = JSON_SCALAR.exec(text);
    if (!m) stop();
    i += m![0].length;
  };
  try {
    value();
    ws();
    return i < text.length ? i : null;
  } catch (at) {
    return typeof at === "number" ? at : null; // a RangeError from very deep nesting: no location
  }
}
