// A plain reading of a shell command line, enough to know which programs it starts: its simple
// commands split on `&&`, `||`, `;`, `|` and `&`, each as its words with quotes removed.
// Anything the reading cannot be sure of (substitutions, subshells, control flow) makes it
// answer null, and the caller lets the command through.

export interface SimpleCommand {
  /** The operator before this command (`""` for the first). */
  after: "" | "&&" | "||" | ";" | "|" | "&";
  /** The words, quotes removed; null for a word whose value is only known when the shell runs it. */
  words: (string | null)[];
}

const OPERATORS = ["&&", "||", ";", "|", "&", "\n"] as const;

/** The simple commands of `line`, or null when the line is beyond a plain reading. */
export function simpleCommands(line: string): SimpleCommand[] | null {
  const out: SimpleCommand[] = [];
  let current: SimpleCommand = { after: "", words: [] };
  let word = "";
  let inWord = false;
  let dynamic = false;
  let redirect = false;
  const endWord = () => {
    if (inWord) {
      if (redirect) redirect = false;
      else current.words.push(dynamic ? null : word);
    }
    word = "";
    inWord = false;
    dynamic = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return null;
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) return null;
      const inner = line.slice(i + 1, end);
      if (/[$`\\]/.test(inner)) dynamic = true;
      word += inner;
      inWord = true;
      i = end;
    } else if (c === "\\") {
      if (line[i + 1] === "\n") i++;
      else {
        word += line[i + 1] ?? "";
        inWord = true;
        i++;
      }
    } else if (c === "`" || c === "(" || c === ")" || (c === "$" && line[i + 1] === "(")) {
      return null;
    } else if (c === "$" || c === "*" || c === "?" || (c === "~" && !inWord)) {
      // A variable, a glob or a home folder: the word's value is the shell's to decide.
      dynamic = true;
      word += c;
      inWord = true;
    } else if (c === "#" && !inWord) {
      break;
    } else if (c === ">" || c === "<") {
      // A redirection: `2>&1`, `> log`, `<file`; its target is not a word of the command.
      if (inWord && /^\d+$/.test(word)) {
        word = "";
        inWord = false;
      } else endWord();
      while (line[i + 1] === ">" || line[i + 1] === "&" || line[i + 1] === "<") i++;
      if (/^\d|-/.test(line[i + 1] ?? "")) {
        while (/[\d-]/.test(line[i + 1] ?? "")) i++;
      } else redirect = true;
    } else if (c === " " || c === "\t") {
      endWord();
    } else {
      const op = OPERATORS.find((o) => line.startsWith(o, i));
      if (op) {
        endWord();
        if (current.words.length) out.push(current);
        else if (current.after !== "" || out.length) return null;
        current = { after: op === "\n" ? ";" : op, words: [] };
        i += op.length - 1;
      } else {
        word += c;
        inWord = true;
      }
    }
  }
  endWord();
  if (redirect) return null;
  if (current.words.length) out.push(current);
  return out;
}

/** Shell builtins a plain `sh` knows: they are never looked up on PATH. */
export const BUILTINS = new Set([
  ":", ".", "[", "alias", "bg", "break", "cd", "command", "continue", "echo", "eval", "exec", "exit", "export", "false", "fg",
  "getopts", "hash", "jobs", "kill", "printf", "pwd", "read", "readonly", "return", "set", "shift", "source", "test", "times",
  "trap", "true", "type", "ulimit", "umask", "unalias", "unset", "wait",
]);

/** Words that open shell syntax a plain reading does not follow. */
export const KEYWORDS = new Set(["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "function", "select", "{", "}", "!", "[["]);
