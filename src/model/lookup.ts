// How a server's host name becomes an address without leaving a thread behind. Node's own lookup,
// getaddrinfo(), runs in libuv's thread pool, and a process's exit waits for that pool: with a
// base_url naming a LAN host (the README's gpu-box) on a network whose DNS never answers, the
// call gave up at its deadline but the process lived on for the resolver's own timeouts (5 s x 2
// by default), past Claude Code's 10 s hook timeout, which then threw the hook's answer away.
// Here `localhost`, the hosts file and this machine's own name are answered at once; DNS is asked
// through c-ares, whose queries live on the event loop and are cancelled when the request ends;
// getaddrinfo runs only once a DNS server has answered without an address (so it will answer
// again at once; the name may be one only NSS knows, such as mDNS, LLMNR or LDAP, or a short name
// the system completes with resolv.conf's `search` domains, which c-ares's queries do not), or for
// a `.local` name (mDNS, which c-ares does not speak). Loaded by http.ts only for a host that is not
// an IP literal, after node:http (and so node:net) is loaded; node:dns only when DNS is asked.
import type { LookupAddress, LookupOptions } from "node:dns";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { join } from "node:path";

type Family = 4 | 6;
type Address = { address: string; family: Family };

/** Node's `lookup` option: `all` asks for every address (autoSelectFamily does), else the first. */
export type LookupFn = (
  host: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** No DNS server answered for the name: asking getaddrinfo would only wait on the same silence. */
export class DnsNoAnswer extends Error {
  override readonly name = "DnsNoAnswer";
  readonly code = "DNS_NO_ANSWER";
  constructor(readonly host: string, why?: string) {
    super(`no DNS server answered for ${host}${why ? ` (${why})` : ""}`);
  }
}

/** The failures that mean no DNS server answered at all, as c-ares names them. */
const NO_ANSWER = new Set(["ETIMEOUT", "ECONNREFUSED", "ECANCELLED", "EDESTRUCTION"]);

const LOOPBACK: Address[] = [
  { address: "127.0.0.1", family: 4 },
  { address: "::1", family: 6 },
];

export function hostsPath(): string {
  return process.platform === "win32" ? join(process.env.SystemRoot ?? "C:\\Windows", "System32", "drivers", "etc", "hosts") : "/etc/hosts";
}

/** A hosts file's names (lower case) and their addresses, in the file's order. */
export function parseHosts(text: string): Map<string, Address[]> {
  const names = new Map<string, Address[]>();
  for (const line of text.split(/\r?\n/)) {
    const [address, ...aliases] = line.replace(/#.*/, "").trim().split(/\s+/);
    const family = isIP(address ?? "");
    if (!address || (family !== 4 && family !== 6)) continue;
    for (const alias of aliases) {
      const name = canonical(alias);
      const known = names.get(name) ?? [];
      if (!known.some((a) => a.address === address)) known.push({ address, family });
      names.set(name, known);
    }
  }
  return names;
}

/** `localhost` is loopback (RFC 6761); then the hosts file; then this machine's own name. Null: ask DNS. */
export function localAnswer(host: string, hostsText: string): Address[] | null {
  const name = canonical(host);
  if (name === "localhost" || name.endsWith(".localhost")) return LOOPBACK;
  const listed = parseHosts(hostsText).get(name);
  if (listed) return listed;
  // glibc's nss-myhostname (Fedora, Arch) answers this before DNS; a LAN address first, loopback after.
  if (name !== canonical(hostname())) return null;
  const own = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const lan = own.filter((i) => !i.internal && !i.address.startsWith("fe80:")).map((i): Address => ({ address: i.address, family: i.family === "IPv6" ? 6 : 4 }));
  return [...lan, ...LOOPBACK];
}

const canonical = (name: string) => name.toLowerCase().replace(/\.$/, "");

export interface HostLookup {
  /** For `http.request`'s `lookup` option. */
  lookup: LookupFn;
  /** The request is over: a DNS query still in flight is dropped (it would keep the process alive). */
  cancel(): void;
  /** What to fail with while a DNS query is still in flight (a connection bound ended: DNS was the hold-up); else null. */
  silence(): DnsNoAnswer | null;
}

/** Where a lookup looks, in place of the system's: for tests. */
export interface LookupPlaces {
  /** DNS servers, `host:port`. */
  servers?: readonly string[];
  hostsFile?: string;
}

/** A lookup that answers or fails within `boundMs`, and leaves nothing running once `cancel` is called. */
export function hostLookup(boundMs: number, places: LookupPlaces = {}): HostLookup {
  let resolver: import("node:dns").promises.Resolver | undefined;
  let over = false;
  let asking: string | null = null;
  const cancel = () => {
    over = true;
    resolver?.cancel();
  };
  const lookup: LookupFn = (host, options, callback) => {
    const family = familyOf(options.family);
    const answer = async (): Promise<Address[]> => {
      const local = localAnswer(host, readHosts(places.hostsFile ?? hostsPath()));
      if (local) return local;
      const dns = await import("node:dns");
      if (!canonical(host).endsWith(".local")) {
        resolver = new dns.promises.Resolver({ timeout: Math.max(100, Math.floor(boundMs / 3)), tries: 2 });
        if (places.servers) resolver.setServers([...places.servers]);
        if (over) resolver.cancel();
        const timer = setTimeout(() => resolver?.cancel(), boundMs);
        asking = host;
        const found = await askDns(resolver, host, family).finally(() => {
          clearTimeout(timer);
          asking = null;
        });
        if (found) return found;
      }
      if (over) throw new DnsNoAnswer(host);
      const all = await dns.promises.lookup(host, { all: true, family });
      return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
    };
    answer().then(
      (found) => {
        const fit = found.filter((a) => family === 0 || a.family === family);
        if (!fit[0]) callback(Object.assign(new Error(`no IPv${family} address for ${host}`), { code: "ENOTFOUND" }), options.all ? [] : "");
        else if (options.all) callback(null, fit);
        else callback(null, fit[0].address, fit[0].family);
      },
      (e: NodeJS.ErrnoException) => callback(e, options.all ? [] : ""),
    );
  };
  return { lookup, cancel, silence: () => (asking === null ? null : new DnsNoAnswer(asking)) };
}

/**
 * A and AAAA through c-ares. Null when every query was answered but held no address (the name is
 * not in DNS: getaddrinfo may know it elsewhere); `DnsNoAnswer` when any went unanswered.
 */
async function askDns(resolver: import("node:dns").promises.Resolver, host: string, family: 0 | Family): Promise<Address[] | null> {
  const families: Family[] = family === 0 ? [4, 6] : [family];
  const asked = await Promise.allSettled(families.map((f) => (f === 4 ? resolver.resolve4(host) : resolver.resolve6(host))));
  const found = asked.flatMap((r, i) => (r.status === "fulfilled" ? r.value.map((address) => ({ address, family: families[i]! })) : []));
  if (found.length > 0) return found;
  const silent = asked.map((r) => (r.status === "rejected" ? String((r.reason as { code?: unknown }).code) : "")).find((c) => NO_ANSWER.has(c));
  // Cancelled: by the bound or the request's end, whose own error says how long it waited.
  if (silent) throw new DnsNoAnswer(host, silent === "ECANCELLED" ? undefined : silent);
  return null;
}

function familyOf(f: LookupOptions["family"]): 0 | Family {
  return f === 4 || f === "IPv4" ? 4 : f === 6 || f === "IPv6" ? 6 : 0;
}

function readHosts(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
