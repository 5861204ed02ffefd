/**
 * The name of the tag to put around `text` in a prompt: `base` itself (`file`), unless the text
 * holds a closing tag of that name, in any case or spacing (a parser of such tags, a test of one,
 * a prompt template). Then `base-2`, `base-3`… the first the text does not close: shown inside
 * `<file>`, a file holding `</file>` would seem to end there, and the model would read the rest of
 * it as another file, or as the task. Chosen from the file's own text alone, so that a file shared
 * by a plan's tasks is shown the same in each of their prompts (their shared prefix stays alike).
 */
export function tagFor(base: string, text: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!closes(text, name)) return name;
  }
}

function closes(text: string, name: string): boolean {
  return new RegExp(`</\\s*${name}(?![\\w-])`, "i").test(text);
}

/** A context file as the prompt shows it: its whole text, in a tag it cannot close early. */
export function fileBlock(rel: string, text: string, attr: string): string {
  const body = text.replace(/\s+$/, "");
  const tag = tagFor("file", body);
  return `<${tag} path="${rel}"${attr}>\n${body}\n</${tag}>`;
}
