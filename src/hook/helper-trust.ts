import { basename, dirname, isAbsolute } from "node:path";

// What the resident helper takes from a request. Only the user can open its socket, and the user's
// own processes could do what it does; but a command Claude runs in a sandbox that lets it reach
// Unix sockets must not get, through the helper, what the sandbox keeps from it: code run outside
// (the warm-up's `node`) or files written where it may not write. So the helper writes the session's
// env file and the plugin's data note only where Claude Code puts them, and starts the warm-up
// from its own bundle with an environment that cannot load code into it.

/** The request's environment, without the file and folder it names that are not where Claude Code puts them. */
export function trustedEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  // <config>/session-env/<session>/sessionstart-hook-<n>.sh
  const file = out.CLAUDE_ENV_FILE;
  if (file !== undefined && !(isAbsolute(file) && /^sessionstart-hook-\d+\.sh$/.test(basename(file)) && basename(dirname(dirname(file))) === "session-env")) delete out.CLAUDE_ENV_FILE;
  // <config>/plugins/data/<plugin id>
  const data = out.CLAUDE_PLUGIN_DATA;
  if (data !== undefined && !(isAbsolute(data) && basename(dirname(data)) === "data" && basename(dirname(dirname(data))) === "plugins")) delete out.CLAUDE_PLUGIN_DATA;
  return out;
}

/** Names a warm-up may see: where things are, the settings, the network's; never NODE_OPTIONS, LD_PRELOAD and their kind. */
const WARM_NAMES = new Set(["HOME", "USER", "LOGNAME", "PATH", "LANG", "LC_ALL", "TMPDIR", "TZ", "CLAUDE_PLUGIN_DATA", "CLAUDE_PROJECT_DIR", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR"]);
const WARM_PREFIXES = ["LOCAL_DELEGATE_", "CLAUDE_PLUGIN_OPTION_", "XDG_"];
const PROXY = /^(https?|no|all)_proxy$/i;

/** The environment the helper starts a warm-up with, from a trusted request environment. */
export function warmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && (WARM_NAMES.has(k) || WARM_PREFIXES.some((p) => k.startsWith(p)) || PROXY.test(k))));
}
