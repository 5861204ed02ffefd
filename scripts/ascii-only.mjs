// The CLI's bundle is read by dist/cli.js as Latin-1 when it is all ASCII (src/util/code-cache.ts):
// a one-byte string, made without decoding 2 MB of UTF-8. esbuild's `charset: "ascii"` escapes
// strings and names but leaves comments, regular expressions and template literals as they are;
// here their characters become \u escapes, which mean the same there: a comment is only read by
// people, and a regular expression or an untagged template literal gets the same characters. In a
// String.raw template (the qualification suite's files) they become substitutions of the same
// characters. Another tag could tell the difference: its characters stay, and the launcher then
// decodes the file as UTF-8.
import { parse } from "@babel/parser";

const NON_ASCII = /[^\x00-\x7f]/;

/** `code` with each non-ASCII character of its comments, regular expressions and untagged templates escaped. */
export function asciiOnly(code) {
  if (!NON_ASCII.test(code)) return code;
  const ast = parse(code, { sourceType: "script", allowReturnOutsideFunction: true, createImportExpressions: true });
  const spans = ast.comments.map((c) => [c.start, c.end, escapeIn]);
  const visit = (node, parent) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, parent));
    if (node.type === "RegExpLiteral") spans.push([node.start, node.end, escapeIn]);
    if (node.type === "TemplateLiteral") {
      const tagged = parent?.type === "TaggedTemplateExpression";
      const raw = tagged && code.slice(parent.tag.start, parent.tag.end) === "String.raw";
      if (!tagged || raw) for (const q of node.quasis) spans.push([q.start, q.end, raw ? escapeInRaw : escapeIn]);
    }
    for (const [k, v] of Object.entries(node)) if (v && typeof v === "object" && k !== "loc" && k !== "extra") visit(v, node);
  };
  visit(ast.program, null);
  spans.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [start, end, escape = escapeIn] of spans) {
    if (start < at) continue;
    out += code.slice(at, start) + escape(code.slice(start, end));
    at = end;
  }
  return out + code.slice(at);
}

/**
 * Each UTF-16 unit over 0x7f as \uXXXX; a character written with a backslash before it (`\é`) loses
 * the backslash. A backslash before U+2028 or U+2029 is a line continuation in a template (the two
 * mean nothing), so both go: `\\u2028` would be the character itself. (No regular expression holds one.)
 */
function escapeIn(text) {
  return text.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, ch) => {
    const odd = slashes.length % 2 === 1;
    const kept = odd ? slashes.slice(1) : slashes;
    return odd && (ch === "\u2028" || ch === "\u2029") ? kept : kept + unit(ch);
  });
}

const unit = (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** In a String.raw template: each run of non-ASCII characters as a substitution of the same string (`\é` keeps its backslash). */
function escapeInRaw(text) {
  return text.replace(/(\\*)([^\x00-\x7f]+)/g, (_, slashes, run) => {
    const odd = slashes.length % 2 === 1;
    const chars = run.split("").map(unit).join("");
    return (odd ? slashes.slice(1) : slashes) + "${\"" + (odd ? "\\\\" : "") + chars + "\"}";
  });
}
