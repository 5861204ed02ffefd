// How the one HTTP client finds a server named by host (base_url http://gpu-box:1234/v1): without
// getaddrinfo's thread, which a process's exit waits for (test/hook/slow-dns.test.ts shows the
// hook outliving Claude Code's timeout that way). DNS servers and the hosts file are given to the
// lookup (LookupPlaces), so none of this needs root or the machine's own resolver.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startDeadline } from "../../src/model/deadline.js";
import { callFailure } from "../../src/model/failures.js";
import { readBody, send } from "../../src/model/http.js";
import { hostLookup, localAnswer, parseHosts, type LookupPlaces } from "../../src/model/lookup.js";
import { startFakeDns, type DnsMode, type FakeDns } from "../support/fake-dns.js";
import { startFakeOpenAIServer, type FakeOpenAIServer } from "../support/fake-openai-server.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";
import { waitFor } from "../support/wait.js";

/** Room for a loaded machine on top of each bound. */
const MARGIN_MS = 2_000;

let dir: TmpDir;
let dns: FakeDns | undefined;
let server: FakeOpenAIServer | undefined;
beforeEach(() => {
  dir = tmpDir("ld-dns-");
});
afterEach(async () => {
  await dns?.close();
  await server?.close();
  dns = server = undefined;
  dir.cleanup();
});

async function places(mode: DnsMode, hosts = ""): Promise<LookupPlaces> {
  dns = await startFakeDns(mode);
  return { servers: [dns.server], hostsFile: dir.write("hosts", hosts) };
}

/** The lookup's answer as Node's net asks for it with autoSelectFamily (`all`), or its error. */
function lookupAll(boundMs: number, at: LookupPlaces, host: string) {
  const l = hostLookup(boundMs, at);
  const started = Date.now();
  const answer = new Promise<{ addresses?: unknown; error?: NodeJS.ErrnoException; ms: number }>((resolve) =>
    l.lookup(host, { all: true }, (error, addresses) => resolve(error ? { error, ms: Date.now() - started } : { addresses, ms: Date.now() - started })),
  );
  return { answer, cancel: l.cancel };
}

describe("the hosts file", () => {
  it("is read with its comments, several names a line, IPv4 and IPv6, any case", () => {
    const text = "# a comment\n127.0.0.1\tlocalhost\n192.168.1.20 GPU-Box gpu-box.lan  # the LAN box\n\nfe80::1%eth0 linklocal\n::1 ip6-localhost gpu-box\nnot-an-address name\n";
    const hosts = parseHosts(text);
    expect(hosts.get("gpu-box")).toEqual([
      { address: "192.168.1.20", family: 4 },
      { address: "::1", family: 6 },
    ]);
    expect(hosts.get("gpu-box.lan")).toEqual([{ address: "192.168.1.20", family: 4 }]);
    expect(hosts.get("linklocal")).toEqual([{ address: "fe80::1%eth0", family: 6 }]);
    expect(hosts.has("name")).toBe(false);
    expect(hosts.has("comment")).toBe(false);
  });

  it("answers before DNS; localhost is loopback whatever it says, and an unknown name goes to DNS", () => {
    const text = "10.0.0.7 gpu-box\n10.9.9.9 localhost\n";
    expect(localAnswer("GPU-BOX.", text)).toEqual([{ address: "10.0.0.7", family: 4 }]);
    for (const name of ["localhost", "api.localhost", "LocalHost."]) expect(localAnswer(name, text)?.map((a) => a.address)).toEqual(["127.0.0.1", "::1"]);
    expect(localAnswer(hostname(), "")?.map((a) => a.address)).toContain("127.0.0.1");
    expect(localAnswer("gpu-box.lan", text)).toBeNull();
  });
});

describe("a name asked of DNS", () => {
  it("that no DNS server answers: fails within its bound, naming the host, without falling back to getaddrinfo", async () => {
    const at = await places("silent");
    const { answer } = lookupAll(400, at, "gpu-box");
    const r = await answer;
    expect(r.error?.code).toBe("DNS_NO_ANSWER");
    expect(r.error?.message).toContain("gpu-box");
    expect(r.ms).toBeLessThan(400 + MARGIN_MS);
    expect(dns?.asked).toContain("gpu-box");
  });

  it("is dropped at once when the request ends (cancel), long before its bound", async () => {
    const at = await places("silent");
    const { answer, cancel } = lookupAll(60_000, at, "gpu-box");
    await waitFor("the query", () => dns?.asked.length);
    cancel();
    const r = await answer;
    expect(r.error?.code).toBe("DNS_NO_ANSWER");
    expect(r.ms).toBeLessThan(MARGIN_MS);
  });

  it("that a DNS server answers: its address", async () => {
    const r = await lookupAll(2_000, await places("answer"), "gpu-box.lan").answer;
    expect(r.addresses).toEqual([{ address: "127.0.0.1", family: 4 }]);
    const one = await new Promise<unknown[]>((resolve) => hostLookup(2_000, { servers: [dns!.server] }).lookup("gpu-box.lan", {}, (...a) => resolve(a)));
    expect(one).toEqual([null, "127.0.0.1", 4]);
  });

  // A name only NSS knows (here: the machine's own hosts file, given to getaddrinfo alone).
  const systemName = [...parseHosts(readHosts()).entries()].find(([n, a]) => !n.includes("localhost") && n !== hostname().toLowerCase() && a.length > 0);
  it.skipIf(!systemName)("that DNS says does not exist: getaddrinfo is asked, as before", async () => {
    const [name, addresses] = systemName!;
    const r = await lookupAll(2_000, await places("nxdomain"), name).answer;
    expect(r.error).toBeUndefined();
    expect((r.addresses as { address: string }[]).map((a) => a.address)).toContain(addresses[0]!.address);
  });
});

describe("a request by host name", () => {
  it.each([
    ["its connection bound", 30_000, 500],
    ["its deadline", 500, undefined],
  ])("whose DNS never answers: rejected at %s, and the failure names the host and what to check", async (_, ms, connectTimeoutMs) => {
    const at = await places("silent");
    const deadline = startDeadline(ms, "connect_timeout_ms");
    const started = Date.now();
    const e = await send({ baseUrl: "http://gpu-box:9/v1", connectTimeoutMs }, "GET", "http://gpu-box:9/v1/models", deadline, undefined, at).catch((x: unknown) => x);
    expect(Date.now() - started).toBeLessThan(500 + MARGIN_MS);
    const failure = callFailure("http://gpu-box:9/v1", e, deadline, "the model list").error;
    deadline.dispose();
    expect(failure.message).toBe("cannot reach the model server at http://gpu-box:9/v1: no DNS server answered for gpu-box");
    expect(failure.hint).toMatch(/IP address in base_url/);
  });

  // Near misses: what never needed DNS still connects, without asking it.
  it.each([
    ["an IP literal", "127.0.0.1"],
    ["localhost", "localhost"],
    ["a name in the hosts file", "gpu-box"],
  ])("%s still connects, and DNS is not asked", async (_, host) => {
    const at = await places("silent", "127.0.0.1 gpu-box\n");
    server = await startFakeOpenAIServer();
    expect(await status(`http://${host}:${server.port}/v1/models`, at)).toBe(200);
    expect(dns?.asked).toEqual([]);
  });

  it("named by DNS connects to the address it gives", async () => {
    const at = await places("answer");
    server = await startFakeOpenAIServer();
    expect(await status(`http://gpu-box.lan:${server.port}/v1/models`, at)).toBe(200);
    expect(dns?.asked).toContain("gpu-box.lan");
  });
});

describe("a process that asked a silent DNS server", () => {
  it("ends as soon as its request is cancelled: no query keeps it alive", async () => {
    const at = await places("silent");
    const bundle = dir.join("child.mjs");
    const src = join(import.meta.dirname, "../../src/model");
    const child = [
      `import { send } from ${JSON.stringify(join(src, "http.ts"))};`,
      `import { startDeadline } from ${JSON.stringify(join(src, "deadline.ts"))};`,
      // A long deadline, ended early as Ctrl-C would; then nothing left to do: the process ends by itself.
      `const stop = new AbortController(); const deadline = startDeadline(60_000, "timeout_ms", stop.signal);`,
      `setTimeout(() => stop.abort(), 300);`,
      `send({ baseUrl: "x" }, "GET", "http://gpu-box:9/v1/models", deadline, undefined, ${JSON.stringify(at)}).catch((e) => console.log("failed:", e.name));`,
    ].join("\n");
    buildSync({ stdin: { contents: child, resolveDir: src, loader: "ts" }, bundle: true, platform: "node", format: "esm", outfile: bundle, logLevel: "silent" });
    const started = Date.now();
    const r = spawnSync(process.execPath, [bundle], { encoding: "utf8", timeout: 30_000 });
    expect(r.stdout.trim(), r.stderr).toBe("failed: Cancelled");
    expect(Date.now() - started).toBeLessThan(300 + 2 * MARGIN_MS);
    // spawnSync held this process: its DNS server reads the child's queries now.
    await waitFor("the child's query", () => dns?.asked.includes("gpu-box"), 5_000);
  });

  // The hazard itself, shown with a FIFO no one writes to in place of a resolver that never
  // answers: a thread-pool call that never returns holds even process.exit() (getaddrinfo did).
  it.skipIf(process.platform === "win32" || spawnSync("mkfifo", ["--version"]).status !== 0)("a getaddrinfo-like call in the thread pool holds even process.exit()", () => {
    const fifo = dir.join("fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const script = `require("fs").readFile(${JSON.stringify(fifo)}, () => {}); setTimeout(() => { console.log("answered"); process.exit(0); }, 100);`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 3_000 });
    expect(r.stdout.trim()).toBe("answered");
    expect(r.signal).toBe("SIGTERM");
  });
});

async function status(url: string, at: LookupPlaces): Promise<number> {
  const deadline = startDeadline(10_000, "timeout_ms");
  try {
    const res = await send({ baseUrl: url }, "GET", url, deadline, undefined, at);
    await readBody(res, 1 << 20);
    return res.status;
  } finally {
    deadline.dispose();
  }
}

function readHosts(): string {
  try {
    return readFileSync("/etc/hosts", "utf8");
  } catch {
    return "";
  }
}
