/**
 * Model ids as servers report them differ from ids as configured: llama.cpp reports the GGUF path
 * (`models/qwen2.5-coder-7b-instruct-q4_k_m.gguf`), LM Studio an id, Ollama `name:tag`.
 */
export function sameModel(a: string, b: string): boolean {
  return normalizeModel(a) === normalizeModel(b);
}

export function normalizeModel(id: string): string {
  // String operations, not regular expressions: the session hook runs this in a fresh process.
  const s = id.trim().toLowerCase();
  const name = s.slice(Math.max(s.lastIndexOf("/"), s.lastIndexOf("\\")) + 1);
  return name.endsWith(".gguf") ? name.slice(0, -".gguf".length) : name;
}

/**
 * A server URL as it may be shown, logged or recorded: a user name and password in it (basic auth
 * for a proxy in front of the server, `https://user:pass@gpu-box/v1`) left out; the URL itself
 * keeps them for the requests. Up to the last `@` before the path, as URL parsers read it.
 */
export function withoutCredentials(url: string): string {
  return url.replace(/^(\w+:\/\/)[^/?#]*@/, "$1");
}

/**
 * The server a model's record is kept under: an OpenAI-compatible base URL as configured (case and
 * trailing slashes and credentials aside), or `embedded` for a GGUF run in process (`embedded:<path>` in a ledger
 * line), whose model name is its file's.
 */
export function serverKey(server: string): string {
  const s = withoutCredentials(server.trim());
  if (s === "embedded" || s.startsWith("embedded:")) return "embedded";
  let end = s.length;
  while (end > 0 && s[end - 1] === "/") end--;
  return s.slice(0, end).toLowerCase();
}
