import { fail, ok, type Result } from "../errors.js";
import type { ConfigLayer, LayerKind } from "./layers.js";

// An API key written beside a base_url is that server's key, as an endpoint's key is its
// endpoint's (schema.ts). A later layer naming another server must not take the key along: the
// server it names may be anyone's (a team's box, a project's choice), and it would get the key
// with every request.

interface Source {
  layer: LayerKind;
  name: string;
}

/**
 * Refuses a config whose api_key would go to a server other than the one its layer named. Pure.
 * `baseUrl` is the server the config sends to (no `endpoints`, no embedded backend).
 */
export function keyStaysWithItsServer(layers: readonly ConfigLayer[], sources: Readonly<Record<string, Source>>, baseUrl: string): Result<null> {
  const key = sources.api_key;
  const url = sources.base_url;
  if (!key || !url || key.layer === url.layer) return ok(null);
  const own = layers.find((l) => l.kind === key.layer)?.values.base_url;
  // A key written with no server is for whichever server the config names.
  if (own === undefined || sameServer(String(own), baseUrl)) return ok(null);
  const keyWhere = key.layer === "plugin" ? "the plugin options" : key.name;
  const undo = url.layer === "env" ? `unset ${url.name}` : url.layer === "plugin" ? "clear the plugin option base_url (/plugin configure)" : `remove base_url from ${url.name}`;
  return fail("CONFIG_INVALID", `the api_key in ${keyWhere} was given with base_url ${String(own)}, but base_url ${baseUrl} from ${url.name} wins: the key would be sent to a server it was not given for`, {
    field: key.layer === "plugin" ? key.name : "api_key",
    hint: `set that server's key as LOCAL_DELEGATE_API_KEY (any text if it needs none), or ${undo}`,
  });
}

/** The same scheme, host and port (the path may differ); two loopback addresses are this machine either way. */
function sameServer(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return x.origin === y.origin || (loopback(x.hostname) && loopback(y.hostname));
  } catch {
    return a === b;
  }
}

function loopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
