import { parseModule, walk } from "../lang/babel.js";
import type { Result } from "../errors.js";

// The qualification suite runs on a user's machine from the committed bundle, with Node 20 and
// no node_modules: no TypeScript compiler, and no `--experimental-strip-types`. So TypeScript
// answers are turned into JavaScript here, with the Babel parser the bundle already holds, by
// blanking type-only syntax with spaces (the approach of Node's own type stripping and
// ts-blank-space): every line and column stays where it was, and nothing is generated. Syntax
// that has run-time meaning (enums, namespaces, parameter properties) cannot be erased; the
// suite asks for erasable TypeScript, so such an answer fails its task, with the reason.
import { EraseError, Eraser, isComment, type EraseOptions, type Token } from "./eraser.js";

export type { EraseOptions };

/** JavaScript with the same lines and columns, or why the source cannot be erased to it. */
export function eraseTypes(source: string, options: EraseOptions = {}): Result<string> {
  const parsed = parseModule(source, "typescript", { tokens: true });
  if (!parsed.ok) return failure(`not valid TypeScript: ${parsed.error.reason}${parsed.error.line ? ` (${parsed.error.line}:${parsed.error.column})` : ""}`);
  const tokens: Token[] = (parsed.value.tokens ?? []).filter((tk: Token) => !isComment(tk));
  const eraser = new Eraser(source, tokens, options);
  try {
    for (const st of parsed.value.program.body) walk(st, eraser.visit);
  } catch (e) {
    if (e instanceof EraseError) return failure(e.message);
    throw e;
  }
  const js = eraser.result();
  // The proof that erasing worked: what is left parses as plain JavaScript.
  const plain = parseModule(js, "javascript", { plugins: [] });
  if (!plain.ok) return failure(`the TypeScript could not be reduced to JavaScript: ${plain.error.reason}${plain.error.line ? ` (${plain.error.line}:${plain.error.column})` : ""}`);
  return { ok: true, value: js };
}

function failure(message: string): Result<string> {
  return { ok: false, error: { code: "VERIFY_FAILED", message } };
}
