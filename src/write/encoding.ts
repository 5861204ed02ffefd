/**
 * The encoding a file declares for itself that its text cannot be written in. A task writes UTF-8;
 * a file that says it is Latin-1, Windows-1252 or ASCII (a Python or Ruby coding comment, an XML
 * declaration, a CSS `@charset`, an HTML `<meta charset>`) is read by its tools in that encoding,
 * so each non-ASCII character written would read as two or three others ("café" as "cafÃ©"), or,
 * declared ASCII, not at all. ASCII text reads the same in all of them. Null when there is no such
 * clash. Pure.
 */
export function encodingClash(content: string, language: string): string | null {
  if (!/[^\u0000-\u007f]/.test(content)) return null;
  const declared = declaredEncoding(content.replace(/^\uFEFF/, ""), language);
  return declared !== null && !UTF8.test(declared) ? declared : null;
}

// Python also takes `utf-8-sig` and the Emacs forms `utf-8-unix`, `utf-8-dos`.
const UTF8 = /^utf[-_]?8(?:[-_]\w+)*$/i;

function declaredEncoding(text: string, language: string): string | null {
  const xml = /^<\?xml\b[^>]*?\bencoding\s*=\s*["']([-\w.:]+)["']/.exec(text);
  if (xml) return xml[1]!;
  const charset = /^@charset\s+["']([-\w.:]+)["']\s*;/i.exec(text);
  if (charset) return charset[1]!;
  if (language === "python" || language === "ruby") {
    // PEP 263 and Ruby's magic comment: on the first line, or the second after a shebang or comment.
    for (const line of text.split("\n", 2)) {
      const m = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/.exec(line);
      if (m) return m[1]!;
      if (!/^[ \t\f]*(?:#|$)/.test(line)) break;
    }
  }
  if (language === "html") {
    // Where a browser looks for it: the first 1024 bytes.
    const m = /<meta\b[^>]*?\bcharset\s*=\s*["']?([-\w.:]+)/i.exec(text.slice(0, 1024));
    if (m) return m[1]!;
  }
  return null;
}
