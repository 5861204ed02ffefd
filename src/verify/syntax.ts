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
    language === "typescript" ? ["typescript"] : language === "tsx" ? ["typescript", "jsx"] : language === "jsx" ? ["jsx"] : [];
  try {
    parse(content, { sourceType: "unambiguous", plugins, errorRecovery: false, allowReturnOutsideFunction: false });
    return { ok: true, checked: true };
  } catch (e) {
    const err = e as { message?: string; loc?: { line: number; column: number } };
    const line = err.loc?.line;
    const text = line ? content.split("\n")[line - 1] ?? "" : "";
    const msg = (err.message ?? String(e)).replace(/\s*\(\d+:\d+\)$/, "");
    return { ok: false, message: line ? `line ${line}:${(err.loc?.column ?? 0) + 1}: ${msg}\n  ${line} | ${text.trim()}` : msg };
  }
}

function checkJson(content: string): SyntaxVerdict {
  try {
    JSON.parse(content);
    return { ok: true, checked: true };
  } catch (e) {
    return { ok: false, message: `JSON: ${(e as Error).message}` };
  }
}
