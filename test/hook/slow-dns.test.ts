// A base_url host whose DNS never answers (a LAN name such as the README's gpu-box, on a laptop
// away from that network with a resolver that times out). The hook answers after its 800 ms
// probe; when the probe looked the name up with getaddrinfo, Node's exit joined libuv's thread
// pool, where getaddrinfo still waited on the resolver (5 s x 2 attempts by default), and the
// process lived on past Claude Code's 10 s hook timeout, which threw the answer away (see
// src/model/lookup.ts). Needs root (a network and mount namespace with a resolver on 127.0.0.1
// that never answers); test/backends/dns-lookup.test.ts covers the lookup without it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtHook } from "../support/dist.js";

const canNamespace = process.getuid?.() === 0 && spawnSync("unshare", ["--mount", "--net", "true"]).status === 0;

describe("the hook with a base_url host whose DNS never answers", () => {
  it.skipIf(!canNamespace)("SessionStart exits within its 8 s deadline", () => {
    const dir = mkdtempSync(join(tmpdir(), "ld-slow-dns-"));
    const resolv = join(dir, "resolv.conf");
    writeFileSync(resolv, "nameserver 127.0.0.1\n");
    const event = JSON.stringify({ hook_event_name: "SessionStart", source: "startup", cwd: dir, session_id: "s1" });
    const script = [
      "ip link set lo up",
      `mount --bind ${resolv} /etc/resolv.conf`,
      // A resolver that takes every query and answers none.
      `"${process.execPath}" -e "require('dgram').createSocket('udp4').bind(53, '127.0.0.1'); setTimeout(() => {}, 60000)" & DNS=$!`,
      "sleep 0.3",
      `start=$(date +%s%N)`,
      `echo '${event}' | HOME=${dir} XDG_STATE_HOME=${dir}/state LOCAL_DELEGATE_HOOK_HELPER=0 LOCAL_DELEGATE_BASE_URL=http://gpu-box:1234/v1 "${process.execPath}" "${builtHook("SessionStart")}" >/dev/null`,
      `echo $(( ($(date +%s%N) - start) / 1000000 ))`,
      "kill $DNS",
    ].join("\n");
    const r = spawnSync("unshare", ["--mount", "--net", "sh", "-c", script], { encoding: "utf8", timeout: 60_000 });
    const ms = Number(r.stdout.trim().split("\n").at(-1));
    expect(ms, r.stderr).toBeGreaterThan(0);
    expect(ms).toBeLessThan(9_000);
  }, 70_000);
});
