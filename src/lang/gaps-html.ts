// A `>` in HTML text is only a character (`5 > 3`, `x => y`, a breadcrumb's `Home > Docs`): HTML
// needs no escape for it, but the grammar refuses it. For ./grammar-gaps.ts.

/** Elements whose content is raw text, where the grammar reads any `>` already. */
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp"]);
const TAG = /<(\/?)([A-Za-z][\w:-]*)|<!/y;

/** The offset of the `>` closing the tag that starts at `from`, outside quoted values; -1 when none. */
function tagEnd(text: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) quote = c === quote ? null : quote;
    else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
  }
  return -1;
}

/**
 * The text with each `>` outside every tag, comment and raw-text element blanked, in place; null
 * when it has none. Where the reading is unsure (a tag or comment never closed), it stops there.
 */
export function textGreaterThan(text: string): string | null {
  const out = text.split("");
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith("<!--", i)) {
      const end = text.indexOf("-->", i + 4);
      if (end < 0) break;
      i = end + 2;
      continue;
    }
    TAG.lastIndex = i;
    const tag = TAG.exec(text);
    if (tag) {
      const end = tagEnd(text, i + 1);
      if (end < 0) break;
      i = end;
      const name = tag[2]?.toLowerCase();
      if (!tag[1] && name && RAW_TEXT.has(name)) {
        const close = text.toLowerCase().indexOf(`</${name}`, end);
        if (close < 0) break;
        i = close - 1;
      }
    } else if (text[i] === ">") {
      out[i] = " ";
      changed = true;
    }
  }
  return changed ? out.join("") : null;
}
