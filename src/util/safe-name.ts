// Text made safe for a file name. Loops, not regular expressions: the hook runs this on every
// prompt and session start in a fresh process, where a regular expression is compiled on first use
// and again to machine code on its second (together about 1% of a Node start for a pattern or two).

const isSafe = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 45; // 0-9 A-Z a-z . _ -

/**
 * `s` with each run of characters other than letters, digits, `.`, `_` and `-` turned into one `-`,
 * and no `-` at either end: what `s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "")` gives.
 */
export function safeName(s: string): string {
  let out = "";
  let gap = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isSafe(c)) {
      out += gap ? `-${s[i]}` : s[i];
      gap = false;
    } else gap = true;
  }
  let start = 0;
  let end = out.length;
  while (start < end && out.charCodeAt(start) === 45) start++;
  while (end > start && out.charCodeAt(end - 1) === 45) end--;
  return out.slice(start, end);
}
