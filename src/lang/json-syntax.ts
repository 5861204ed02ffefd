import { showLines } from "./excerpt.js";

// JSON.parse says whether a file is JSON; where it stops being JSON is found here.

/** Null when `content` is JSON, else where and why it is not. */
export function jsonError(content: string): string | null {
  try {
    JSON.parse(content);
    return null;
  } catch (e) {
    // Node 20's messages give no line, often no position, and echo the text: the error is located
    // here instead, and the echo and position are cut from the message.
    const reason = (e instanceof Error ? e.message : String(e))
      .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, "")
      .replace(/ (?:in JSON )?at position \d+.*$/s, "")
      .replace(/^"(.).*" is not valid JSON$/s, "Unexpected token '$1'");
    const at = jsonErrorOffset(content);
    if (at === null) return `JSON: ${reason}`;
    const before = content.slice(0, at);
    const line = before.split("\n").length;
    const column = at - before.lastIndexOf("\n");
    return `JSON: line ${line}:${column}: ${reason}${showLines(content, line)}`;
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

// Files whose tools read JSON with comments and trailing commas (JSONC): tsc's and jsconfig's
// configs, VS Code's settings, dev containers, ESLint's legacy config.
const JSONC_FILE = /(?:^|[/\\])(?:[tj]sconfig(?:\.[\w.-]+)?\.json|\.vscode[/\\][^/\\]+\.json|\.?devcontainer\.json|\.eslintrc\.json)$/i;

/** Whether the file named `file` is read as JSON with comments. */
export function readsComments(file: string | undefined): boolean {
  return JSONC_FILE.test(file ?? "");
}

/**
 * JSON with comments as JSON: comments and trailing commas blanked in place, so lines and columns
 * stay. An unclosed comment is left for JSON.parse to refuse.
 */
export function blankJsonc(text: string): string {
  const out = text.split("");
  let last = -1; // the last character that is not white space, outside comments
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      while (++i < text.length && text[i] !== '"' && text[i] !== "\n") if (text[i] === "\\") i++;
      last = i;
    } else if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      const line = text[i + 1] === "/";
      const close = line ? text.indexOf("\n", i) : text.indexOf("*/", i + 2);
      if (close < 0 && !line) return text;
      const end = close < 0 ? text.length : line ? close : close + 2;
      for (let k = i; k < end; k++) if (out[k] !== "\n" && out[k] !== "\r") out[k] = " ";
      i = end - 1;
    } else if (!/\s/.test(c)) {
      if ((c === "}" || c === "]") && out[last] === ",") out[last] = " ";
      last = i;
    }
  }
  return out.join("");
}
