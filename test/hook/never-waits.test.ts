import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, constants, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { createServer, connect, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { readStreamInput } from "../../src/hook/stdin.js";
import { builtHook } from "../support/dist.js";
import { deadBaseUrl, tempProject, type TempProject } from "../support/project.js";

// The hook reads its event on stdin. Whatever stdin does, it must end within its own deadline
// (8 s, under Claude Code's 10 s timeout) with exit 0 and nothing printed, and never spin a core
// while it waits. These run the built bundle, as Claude Code does.
const DEADLINE_MS = 8_000;
/** How long a test waits for the hook before it gives up on it: the deadline and a loaded machine's slack. */
const GIVE_UP_MS = 25_000;

let proj: TempProject;
const running = new Set<ChildProcess>();
const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  running.clear();
  for (const close of closers.splice(0)) close();
  proj?.cleanup();
});

const env = async (): Promise<Record<string, string>> => ({ PATH: process.env.PATH ?? "", HOME: proj.home, XDG_STATE_HOME: join(proj.home, "state"), XDG_CONFIG_HOME: join(proj.home, "config"), LOCAL_DELEGATE_BASE_URL: await deadBaseUrl() });

interface Ended {
  code: number | null;
  signal: string | null;
  stdout: string;
  wallMs: number;
  /** The hook's own CPU time (user + system), reported by the child as it exits. */
  cpuMs: number | null;
}

/**
 * Starts the built hook with `stdin` and waits (bounded) for it to end. A preload records the
 * child's CPU time at exit, so a hook that spins while it waits is seen as such.
 */
function startHook(stdin: "pipe" | "ignore" | Socket | number, e: Record<string, string>): { child: ChildProcess; ended: Promise<Ended> } {
  const cpuFile = join(proj.home, `cpu-${running.size}.txt`);
  const preload = join(proj.home, "cpu-preload.cjs");
  writeFileSync(preload, `process.on("exit", () => { const u = process.cpuUsage(); require("fs").writeFileSync(${JSON.stringify(cpuFile)}, String((u.user + u.system) / 1000)); });\n`);
  const started = Date.now();
  const child = spawn(process.execPath, ["--require", preload, builtHook("UserPromptSubmit")], { cwd: proj.root, env: e, stdio: [stdin, "pipe", "pipe"] });
  running.add(child);
  let stdout = "";
  child.stdout!.on("data", (b) => (stdout += b));
  const ended = new Promise<Ended>((resolve) => {
    const giveUp = setTimeout(() => child.kill("SIGKILL"), GIVE_UP_MS);
    child.on("close", (code, signal) => {
      clearTimeout(giveUp);
      let cpuMs: number | null = null;
      try {
        cpuMs = Number(readFileSync(cpuFile, "utf8"));
      } catch {
        /* killed before it could say */
      }
      resolve({ code, signal, stdout, wallMs: Date.now() - started, cpuMs });
    });
  });
  return { child, ended };
}

describe("the hook never waits on its stdin", () => {
  it("ends by its deadline, exit 0 and silent, when stdin (a socket, as Claude Code gives it) stays open and says nothing", { timeout: GIVE_UP_MS + 10_000 }, async () => {
    proj = tempProject();
    const { ended } = startHook("pipe", await env());
    const r = await ended;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.wallMs).toBeGreaterThanOrEqual(DEADLINE_MS - 500);
    expect(r.wallMs).toBeLessThan(GIVE_UP_MS);
  });

  it("does not spin on a non-blocking socket that stays open: its CPU time stays far under the time it waits", { timeout: GIVE_UP_MS + 10_000 }, async () => {
    proj = tempProject();
    // A socket made by this process is non-blocking, and so is the child's copy of it.
    const path = join(proj.home, "stdin.sock");
    const server: Server = createServer();
    const accepted = new Promise<Socket>((resolve) => server.once("connection", resolve));
    await new Promise<void>((resolve) => server.listen(path, resolve));
    const client = connect(path);
    const peer = await accepted;
    closers.push(() => {
      client.destroy();
      peer.destroy();
      server.close();
    });
    const { ended } = startHook(peer, await env());
    const r = await ended;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.cpuMs).not.toBeNull();
    // Waiting costs nothing; Node's own start-up is the CPU time there is.
    expect(r.cpuMs!).toBeLessThan(r.wallMs / 4);
  });

  it("answers at once when the parent writes a whole event and leaves stdin open", { timeout: GIVE_UP_MS + 10_000 }, async () => {
    proj = tempProject();
    const { child, ended } = startHook("pipe", await env());
    child.stdin!.write(JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt: "Add a date formatting helper and its tests", cwd: proj.root, session_id: "s1" }));
    const r = await ended;
    expect(r.code).toBe(0);
    // At the deadline it would have printed nothing: an answer means it did not wait for the end of stdin.
    expect(r.stdout).toContain("decompose this");
  });

  it("still reads an event that arrives in pieces before stdin closes", async () => {
    proj = tempProject();
    const { child, ended } = startHook("pipe", await env());
    const text = JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt: "Add a date formatting helper and its tests", cwd: proj.root, session_id: "s1" });
    child.stdin!.write(text.slice(0, 20));
    child.stdin!.write(text.slice(20, 21)); // `{…"` then more: not whole yet
    child.stdin!.end(text.slice(21));
    const r = await ended;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("decompose this");
  });

  it("keeps the input size cap: an event over 16 MB is not read, exit 0 and silent", async () => {
    proj = tempProject();
    const big = JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt: `Add a helper ${"x".repeat(17 * 1024 * 1024)}`, cwd: proj.root });
    const r = spawnSync(process.execPath, [builtHook("UserPromptSubmit")], { input: big, encoding: "utf8", timeout: GIVE_UP_MS, env: await env() });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
  });

  it("reads every kind of stdin: a shell pipe (FIFO), a regular file, nothing (/dev/null)", { timeout: GIVE_UP_MS + 10_000 }, async () => {
    proj = tempProject();
    const e = await env();
    const event = JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt: "Add a date formatting helper and its tests", cwd: proj.root, session_id: "s1" });
    // A pipe like `printf … | hook`, and one kept open and silent like `sleep 25 | hook`.
    const fifo = join(proj.home, "stdin.fifo");
    execFileSync("mkfifo", [fifo]);
    const writer = openSync(fifo, constants.O_RDWR); // holds the pipe open without blocking
    const reader = openSync(fifo, "r");
    const silent = startHook(reader, e);
    closeSync(reader);
    const silentEnd = await silent.ended;
    expect([silentEnd.code, silentEnd.stdout]).toEqual([0, ""]);
    expect(silentEnd.wallMs).toBeGreaterThanOrEqual(DEADLINE_MS - 500);
    writeSync(writer, event);
    const reader2 = openSync(fifo, "r");
    closeSync(writer);
    const piped = startHook(reader2, e);
    closeSync(reader2);
    expect((await piped.ended).stdout).toContain("decompose this");

    const file = proj.write("event.json", event);
    const fd = openSync(file, "r");
    const fromFile = startHook(fd, e);
    closeSync(fd);
    expect((await fromFile.ended).stdout).toContain("decompose this");

    const none = await startHook("ignore", e).ended;
    expect([none.code, none.stdout]).toEqual([0, ""]);
  });
});

describe("reading through a Node stream (where libuv's pipe handle is not available, or a terminal)", () => {
  it("gives the text at the end, a whole event at once, and nothing past the cap", async () => {
    const ended = new PassThrough();
    const read = readStreamInput(ended, 1024);
    ended.end('{"a":');
    expect(await read).toBe('{"a":');
    const open = new PassThrough();
    const whole = readStreamInput(open, 1024);
    open.write('{"hook_event_name":');
    open.write('"Stop"}\n');
    expect(await whole).toBe('{"hook_event_name":"Stop"}\n');
    expect(open.destroyed).toBe(true);
    const big = new PassThrough();
    const capped = readStreamInput(big, 10);
    big.write("x".repeat(11));
    expect(await capped).toBeNull();
  });
});
