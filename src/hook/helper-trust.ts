import { PLUGIN_OPTION_KEYS, optionName } from "../config/layers.js";

// What the resident helper takes from a request. Only the user can open its socket, and the
// user's own processes could do what it does; but a command Claude runs in a sandbox that lets it
// reach Unix sockets must not get, through the helper, what the sandbox keeps from it: files
// written outside it, or code run outside it. So the session's env file is written by the hook's
// own process, never the helper (main-session-start.ts); the plugin's data folder is the one the
// helper itself was started with; and a warm-up takes where things are (HOME, the state folder,
// PATH) from the helper's own environment, and from the request only the settings, which are data.

/** The request's environment as the helper answers with it. */
export function trustedEnv(req: NodeJS.ProcessEnv, own: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...req };
  delete out.CLAUDE_ENV_FILE;
  if (out.CLAUDE_PLUGIN_DATA !== own.CLAUDE_PLUGIN_DATA) delete out.CLAUDE_PLUGIN_DATA;
  return out;
}

/** Where things are and how to reach the network, from the helper's own environment. */
const OWN_NAMES = new Set(["HOME", "USER", "LOGNAME", "PATH", "LANG", "LC_ALL", "TMPDIR", "TZ", "NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR", "CLAUDE_PLUGIN_DATA"]);
const PROXY = /^(https?|no|all)_proxy$/i;
/** LOCAL_DELEGATE_ names that are not settings: a test's pause points, a run's, a job's or a check command's id, the helper's own. */
export const NOT_SETTINGS = /^LOCAL_DELEGATE_(TEST_PAUSE$|HOOK_HELPER|RUN_ID$|JOB_ID$|COMMAND_ID$)/;

/** The environment the helper starts a warm-up with: never NODE_OPTIONS, LD_PRELOAD and their kind, nor a request's HOME. */
export function warmEnv(req: NodeJS.ProcessEnv, own: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(own)) if (v !== undefined && (OWN_NAMES.has(k) || k.startsWith("XDG_") || PROXY.test(k))) out[k] = v;
  const options = new Set(PLUGIN_OPTION_KEYS.map(optionName));
  for (const [k, v] of Object.entries(req)) {
    if (v === undefined) continue;
    if ((k.startsWith("LOCAL_DELEGATE_") && !NOT_SETTINGS.test(k)) || options.has(k) || k === "CLAUDE_PROJECT_DIR") out[k] = v;
  }
  return out;
}
