// Answers with no fence at all: code on its own (told "output only the code", many models do
// exactly that), or a Markdown document written out directly.

const CODE_START = /^\s*(import|export|from|const|let|var|function|class|interface|type|enum|async|def|package|#include|#!|use |pub |fn |module|namespace|"use strict"|'use strict'|\/\/|\/\*|\*|#|@|\{|\[|<\?|<!|<[a-z])/;
const PROSE = /^[A-Z][^;{}()=<>]*[.!:]\s*$/;

/** Code with no fence: the lines from the first that looks like code to the last that is not prose. */
export function bareCode(text: string): string | null {
  const lines = text.split("\n");
  const first = lines.findIndex((l) => CODE_START.test(l));
  if (first < 0) return null;
  let last = lines.length - 1;
  while (last > first && (!lines[last]!.trim() || PROSE.test(lines[last]!.trim()))) last--;
  const body = lines.slice(first, last + 1);
  const codeish = body.filter((l) => /[;{}()=]|^\s*(def|class|import|return)\b/.test(l)).length;
  return codeish >= Math.max(1, body.filter((l) => l.trim()).length / 3) ? body.join("\n") : null;
}

const LEAD = /^(?:sure|here|certainly|below|okay|ok|of course|absolutely|great|alright)\b.*[:.!]\s*$/i;
const TAIL = /^(?:let me know|i hope|hope this|you can (?:now )?(?:customi[sz]e|adjust|modify|extend|tweak)|this (?:readme|document|file|markdown) (?:covers|includes|provides|should|gives|is)|would you like)\b/i;
// A document may end on these itself ("Feel free to open issues.", "If you need help, open an
// issue."): they are the model's only when they speak of the answer, and never a section's text.
const MAYBE_TAIL = /^(?:feel free|if you (?:need|want|have|'d like))\b/i;
const OF_THE_ANSWER = /\b(?:let me know|ask|changes|modifications|adjustments|tweaks|customi[sz]e|adjust|modify|tweak|tailor)\b|\bthis (?:readme|document|file|draft|version|template)\b/i;
const HEADING = /^#{1,6}\s/;
const FRONT_MATTER_KEY = /^[\w-]+\s*:/;

/** A document written out directly, without the sentences that introduce and close it. */
export function dropChatter(text: string): string {
  const lines = text.split("\n");
  let start = 0;
  while (start < lines.length && (!lines[start]!.trim() || LEAD.test(lines[start]!.trim()))) start++;
  let end = lines.length;
  for (;;) {
    while (end > start && !lines[end - 1]!.trim()) end--;
    // The last paragraph, when it is the model talking to the user.
    let para = end;
    while (para > start && lines[para - 1]!.trim()) para--;
    if (para > start && talksToUser(lines[para]!.trim(), lines.slice(start, para))) end = para;
    else break;
  }
  const body = lines.slice(start, end);
  const next = body.slice(1).find((l) => l.trim());
  // A rule that only separates the chatter from the document, not front matter.
  if (body[0]?.trim() === "---" && !(next && FRONT_MATTER_KEY.test(next.trim()))) body.shift();
  while (body.length && !body[body.length - 1]!.trim()) body.pop();
  if (body.length && body[body.length - 1]!.trim() === "---" && !body.slice(0, -1).some((l) => l.trim() === "---")) body.pop();
  return body.join("\n");
}

/** Whether a last paragraph starting with `first` is the model talking to the user, given the text before it. */
function talksToUser(first: string, before: readonly string[]): boolean {
  if (TAIL.test(first)) return true;
  const above = [...before].reverse().find((l) => l.trim());
  return MAYBE_TAIL.test(first) && OF_THE_ANSWER.test(first) && !(above && HEADING.test(above.trim()));
}
