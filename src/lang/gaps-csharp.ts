// C# 10-13 syntax the C# 9 grammar does not know, in the code models write for ASP.NET's minimal
// APIs and fast paths: a lambda's attributes and explicit return type (`app.MapGet("/{id}",
// [Authorize] async Task<IResult> (int id) => …)`), UTF-8 literals (`"abc"u8`) and `params` of a
// collection type. Blanked, in place, so a mistake elsewhere is still found where it is. For
// ./grammar-gaps.ts.

// A type as a lambda's return type: a name, generic arguments nested up to three deep, `?`, `[]`.
const TYPE = String.raw`[A-Za-z_][\w.]*(?:<(?:[^<>()\n]|<(?:[^<>()\n]|<[^<>()\n]*>)*>)*>)?\??(?:\[\])*`;
const LAMBDA_START = String.raw`(?<=[(,=]\s*(?:\[[^\[\]\n]*\]\s*)*(?:(?:async|static)\s+)*)`;
const PARAMS_ARROW = String.raw`(?=\s*\([^()]*\)\s*=>)`;
const RETURN_TYPE = new RegExp(`${LAMBDA_START}(?!(?:async|static)\\b)${TYPE}${PARAMS_ARROW}`, "g");
const ATTRIBUTE = new RegExp(String.raw`(?<=[(,=]\s*(?:\[[^\[\]\n]*\]\s*)*)\[[^\[\]\n]*\](?=\s*(?:(?:async|static)\s+)*(?:\([^()]*\)|[A-Za-z_]\w*)\s*=>)`, "g");
const UTF8_SUFFIX = /("(?:[^"\\\n]|\\.)*")u8\b/g;
const PARAMS_COLLECTION = /\bparams(?=\s+[A-Za-z_][\w.]*\s*<)/g;

const blank = (s: string) => s.replace(/[^\n]/g, " ");

export function newerCSharp(text: string): string | null {
  const out = text
    .replace(RETURN_TYPE, blank)
    .replace(ATTRIBUTE, blank)
    .replace(UTF8_SUFFIX, (_, literal: string) => `${literal}  `)
    .replace(PARAMS_COLLECTION, blank);
  return out === text ? null : out;
}
