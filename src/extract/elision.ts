// Lines where a model left part of the file out: a comment standing for code it did not write
// ("// ... existing code ...", "-- rest of the file unchanged", "<!-- unchanged -->"). Written
// as the whole file, a rewrite that elides its unchanged parts loses them, and a file nothing
// else checks (SQL, a config, a script) passes for a success. Only a line that is nothing but
// such a comment counts: a comment that goes on to explain ("# rest of the line is the value",
// "// Other methods are inherited from Base.") is the file's own.

// The comment styles of the languages a task may write: C family, shell and Python, SQL, Lua and
// Haskell, Lisp and INI, TeX and Erlang, OCaml, HTML and Markdown, JSX, batch files. In Markdown
// only an HTML comment is one (`#` starts a heading).
const CODE_LEADER = String.raw`(?:\/\/+|#+|--+|;+|%+|\/\*+|\(\*|\{-|<!--|\{\/\*+|::|rem\b)`;
const CLOSER = String.raw`(?:\*+\/\}?|\*\)|-\}|-->)?`;
const DOTS = String.raw`(?:\.{2,}|…)`;

// "as before", "as it was", "as in your original"; "from before", "to the original".
const AS_BEFORE = String.raw`as (?:before|above|is|it was|(?:in )?(?:the |your )?original)`;
const SINCE = String.raw`(?:${AS_BEFORE}|(?:from|to) (?:before|above|(?:the |your )?original))`;
// "unchanged", "is the same as before", "stays as it was", "truncated for brevity".
const LEFT_OUT = String.raw`(?:(?:(?:is|are|remains?|stays?) )?(?:(?:unchanged|the same)(?: ${SINCE})?|identical ${SINCE}|${AS_BEFORE})|(?:omitted|elided|skipped|not shown|truncated)(?: (?:here|for brevity))?|for brevity|goes? here|here)`;
const NOUNS = String.raw`(?:code|file|implementation|methods|functions?|tests|imports|logic|content|class|module|component|routes|styles|handlers|fields|properties|cases|config(?:uration)?|rules|jobs|steps|sections|document|script|program|body|definitions|declarations|helpers|statements|queries|tables|markup|jsx|html|css)`;
const PHRASES = [
  // "rest unchanged", "Rest of the class remains the same", "keep the rest as is"
  String.raw`(?:keep )?(?:the )?rest(?: of (?:the |this |your )?[\w-]+(?: [\w-]+)?)? ${LEFT_OUT}`,
  String.raw`(?:the )?rest of (?:the |this |your )?${NOUNS}`,
  String.raw`(?:keep )?(?:the |all |your )?(?:other )?(?:existing|remaining|previous|original|unchanged|same) code(?: ${LEFT_OUT})?`,
  String.raw`(?:keep (?:the )?)?(?:existing|remaining|other|previous|original) (?:[\w-]+ )?${NOUNS} ${LEFT_OUT}`,
  String.raw`(?:(?:[\w-]+ )?${NOUNS} |everything else |all else )?(?:unchanged(?: ${SINCE})?|identical ${SINCE}|(?:omitted|elided|truncated)(?: (?:here|for brevity))?)`,
  String.raw`no (?:other )?changes (?:below|above|to the rest(?: of (?:the |this )?[\w-]+)?)`,
  String.raw`same as (?:before|the original|the existing(?: \w+)?)`,
  String.raw`snip(?:ped)?`,
];
const PHRASE = String.raw`(?:${PHRASES.join("|")})`;
// Bounded: a marker is a few words, and a long comment line must not cost a scan per character.
const WORDS = String.raw`[\w ,'-]{0,60}?\b(?:rest|existing|remaining|previous|other|original|unchanged|same|omitted|elided|snip|more|etc)\b[\w ,'.-]{0,60}?`;
// After a comment sign: the phrase, bracketed or not, or dots with or without words of elision.
const IN_COMMENT = String.raw`(?:${DOTS}[ \t]*)?(?:[(\[<]?[ \t]*(?:${DOTS}[ \t]*)?${PHRASE}[ \t]*(?:${DOTS}[ \t]*)?[)\]>]?|[(\[<][ \t]*${DOTS}[ \t]*[)\]>]|${DOTS}(?:[ \t]*[(\[<]?${WORDS}[)\]>]?[ \t]*${DOTS}?)?)`;
// With no comment sign, only what no code reads like: the phrase in brackets, or words between
// dots set apart by spaces (`...rest,` and `..original` are a spread and a struct update).
const ALONE = String.raw`(?:${DOTS}[ \t]*)?(?:[(\[][ \t]*(?:${DOTS}[ \t]*)?${PHRASE}[ \t]*(?:${DOTS})?[ \t]*[)\]]|${DOTS}[ \t]+${WORDS}[ \t]+${DOTS})`;
const TAIL = String.raw`[ \t]*[.:]?[ \t]*(?:${DOTS})?[ \t]*${CLOSER}[ \t]*$`;

const elision = (leader: string) => new RegExp(String.raw`^[ \t]*(?:(?:(?:\.\.\.|pass)[ \t]*)?${leader}[ \t]*${IN_COMMENT}|${ALONE})${TAIL}`, "i");
const IN_CODE = elision(CODE_LEADER);
const IN_MARKDOWN = elision("<!--");
// A marker is a short line. Read with its spaces and dots run together, so that a long run of
// either cannot make the expression above try every way of splitting it (a line of spaces after
// "// ..." took a minute).
const LONGEST = 120;

// What such a line starts with (a comment sign, dots, a bracket, `pass`) and a word it holds: most
// lines of code have neither, and are not given to the expression above, which V8 is slow to build
// and to run (a plain run paid about 25 ms for it on every answer).
const MAY_START = /^(?:[/#\-;%(*{<:.…\[]|rem\b|pass\b)/i;
const MAY_SAY = /\.\.|…|rest|existing|remaining|previous|other|original|unchanged|same|identical|omitted|elided|skipped|not shown|truncated|brevity|snip|here|no (?:other )?changes|as (?:before|is)/i;

/** The first line of `content` that stands for code left out, or null. */
export function elidedLine(content: string, markdown: boolean): string | null {
  const re = markdown ? IN_MARKDOWN : IN_CODE;
  for (const raw of content.split("\n")) {
    const line = raw.trim().replace(/\s+/g, " ").replace(/\.{2,}/g, "...");
    if (line.length <= LONGEST && MAY_START.test(line) && MAY_SAY.test(line) && re.test(line)) return line;
  }
  return null;
}
