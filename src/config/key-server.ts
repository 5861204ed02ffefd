import { fail, ok, type Result } from "../errors.js";
import { DEFAULT_BASE_URL } from "./defaults.js";
import type { ConfigLayer, LayerKind } from "./layers.js";
import { withoutCredentials } from "../util/model-id.js";

// An API key written beside a base_url is that server's key, as an endpoint's key is its
// endpoint's (schema.ts). A later layer naming another server must not take the key along: the
// server it names may be anyone's (a team's box, a project's choice), and it would get the key
// with every request. A key written alone in the user's own settings is for the server those
// settings name (or the default), not for one a project's file names: a cloned repository's
// config could otherwise collect the user's key.

interface Source {
  layer: LayerKind;
  name: string;
}

/**
 * Refuses a config whose api_key would go to a server other than the one its layer named. Pure.
 * `baseUrl` is the top-level server, the one the top-level key goes to (endpoints or not).
 */
export function keyStaysWithItsServer(layers: readonly ConfigLayer[], sources: Readonly<Record<string, Source>>, baseUrl: string): Result<null> {
  const key = sources.api_key;
  const url = sources.base_url;
  if (!key || !url || key.layer === url.layer) return ok(null);
  const written = layers.find((l) => l.kind === key.layer)?.values.base_url;
  const own = written ?? impliedServer(layers, key.layer, url.layer);
  // A key written with no server is for whichever server the user's own settings name.
  if (own === undefined || sameServer(String(own), baseUrl)) return ok(null);
  // Said in the result line Claude reads: a password in either URL stays out of it.
  const mine = withoutCredentials(String(own));
  const other = withoutCredentials(baseUrl);
  const keyWhere = key.layer === "plugin" ? "the plugin options" : key.name;
  const field = key.layer === "plugin" ? key.name : "api_key";
  if (written === undefined) {
    return fail("CONFIG_INVALID", `the api_key in ${keyWhere} names no server, so it is for ${mine}, the server your own settings name; base_url ${other} from ${url.name} would get it with every request`, {
      field,
      hint: `give that server's key in ${url.name} or as LOCAL_DELEGATE_API_KEY (any text if it needs none), or write base_url ${other} beside the key if it is that server's`,
    });
  }
  const undo = url.layer === "env" ? `unset ${url.name}` : url.layer === "plugin" ? "clear the plugin option base_url (/plugin configure)" : `remove base_url from ${url.name}`;
  return fail("CONFIG_INVALID", `the api_key in ${keyWhere} was given with base_url ${mine}, but base_url ${other} from ${url.name} wins: the key would be sent to a server it was not given for`, {
    field,
    hint: `set that server's key as LOCAL_DELEGATE_API_KEY (any text if it needs none), or ${undo}`,
  });
}

/**
 * The server a key from the user's file or the plugin options is for when no base_url is written
 * beside it: the one the user's own layers name, else the default. Only a project's file is held
 * to it: a cloned repository's config must not collect the user's key by naming its own server.
 */
function impliedServer(layers: readonly ConfigLayer[], keyLayer: LayerKind, urlLayer: LayerKind): unknown {
  if (urlLayer !== "project" || (keyLayer !== "user" && keyLayer !== "plugin")) return undefined;
  const users = layers.filter((l) => (l.kind === "user" || l.kind === "plugin") && l.values.base_url !== undefined);
  return users.at(-1)?.values.base_url ?? DEFAULT_BASE_URL;
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
