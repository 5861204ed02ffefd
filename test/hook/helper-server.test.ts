import { spawn } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { answerFrame, askHelper, helperRequest, type Asked, type HelperRequest } from "../../src/hook/helper-client.js";
import { serveHelper, type HelperOptions, type RunningHelper } from "../../src/hook/helper-server.js";

// The resident helper's socket, lifecycle and protocol, with the hook's own client: the server in
// this process, a stub in place of the hook's handlers. test/hook/helper.test.ts runs the built
// entries against the built helper.

let base: string;
const helpers: RunningHelper[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const h of helpers.splice(0)) h.stop();
  for (const s of servers.splice(0)) s.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

/** A state folder, as the hook's would be; the helper makes its own folder inside it. */
function stateFolder(): string {
  base = mkdtempSync(join(tmpdir(), "ld-helper-"));
  const state = join(base, "state");
  mkdirSync(state);
  return state;
}

const request = (input: string, extra: Partial<HelperRequest> = {}): string =>
  helperRequest({ event: "SessionStart", input, env: { HOME: "/home/x" }, cwd: "/", cliPath: "/x/cli.js", until: Date.now() + 60_000, ...extra });

/** The answer's output, or why there is none, in angle brackets. */
const said = (a: Asked): string => ("out" in a ? a.out : `<${a.fallback}>`);
const ask = async (socket: string, line: string, waitMs = 5_000): Promise<string> => said(await askHelper(socket, line, waitMs));

/** Waits, bounded, until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  for (const end = Date.now() + 10_000; !cond(); await new Promise((r) => setTimeout(r, 10))) if (Date.now() > end) throw new Error("gave up waiting");
}

async function start(socket: string, opts: Partial<HelperOptions> = {}): Promise<RunningHelper> {
  const r = await serveHelper({ socket, idleMs: 60_000, watchMs: 60_000, answerMs: 5_000, answer: async (req) => ({ out: `got ${req.event} ${req.input} ${req.env.HOME}\n` }), ...opts });
  if (!r.ok) throw new Error(r.error.message);
  helpers.push(r.value);
  return r.value;
}

/** A helper whose answer to `input` waits for `release()`; `noted` gets each answered event's input once its answer is sent. */
async function holding(socket: string, input: string, opts: Partial<HelperOptions> = {}): Promise<{ noted: string[]; release: () => void; asked: Promise<void> }> {
  const noted: string[] = [];
  let release = (): void => {};
  const held = new Promise<void>((r) => (release = r));
  let arrived = (): void => {};
  const asked = new Promise<void>((r) => (arrived = r));
  await start(socket, {
    ...opts,
    answer: async (req) => {
      if (req.input === input) {
        arrived();
        await held;
      }
      return { out: "ok\n", after: () => noted.push(req.input) };
    },
  });
  return { noted, release, asked };
}

/** Asks once more ("next"), whose note comes, then waits past the second within which any note is written at the latest. */
async function notesOnceMore(socket: string, noted: string[]): Promise<string[]> {
  expect(await ask(socket, request("next"), 5_000)).toBe("ok\n");
  await until(() => noted.length > 0);
  await new Promise((r) => setTimeout(r, 1_300));
  return noted;
}

describe("the resident helper", () => {
  it("answers a hook's request over its socket, in a folder only its user can open", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    await start(socket);
    expect(await ask(socket, request("{}"), 5_000)).toBe("got SessionStart {} /home/x\n");
    expect(lstatSync(join(socket, "..")).mode & 0o777).toBe(0o700);
    expect(lstatSync(socket).mode & 0o777).toBe(0o600);
    expect(lstatSync(socket).isSocket()).toBe(true);
  });

  it("tightens its folder when others may enter it, and refuses a folder that is a link", async () => {
    const state = stateFolder();
    mkdirSync(join(state, "hook-helper"), { mode: 0o755 });
    chmodSync(join(state, "hook-helper"), 0o755);
    await start(join(state, "hook-helper", "b1.sock"));
    expect(statSync(join(state, "hook-helper")).mode & 0o777).toBe(0o700);

    const elsewhere = join(base, "elsewhere");
    mkdirSync(elsewhere, { mode: 0o700 });
    mkdirSync(join(base, "state2"));
    symlinkSync(elsewhere, join(base, "state2", "hook-helper"));
    const r = await serveHelper({ socket: join(base, "state2", "hook-helper", "b1.sock"), idleMs: 1_000, watchMs: 1_000, answerMs: 1_000, answer: async () => ({ out: "" }) });
    expect(r.ok).toBe(false);
    expect(existsSync(join(elsewhere, "b1.sock"))).toBe(false);
  });

  it("does not bring back a state folder that is gone", async () => {
    const state = stateFolder();
    rmSync(state, { recursive: true });
    const r = await serveHelper({ socket: join(state, "hook-helper", "b1.sock"), idleMs: 1_000, watchMs: 1_000, answerMs: 1_000, answer: async () => ({ out: "" }) });
    expect(r.ok).toBe(false);
    expect(existsSync(state)).toBe(false);
  });

  it("stands aside for a helper already answering, and takes over a socket its dead owner left", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    await start(socket);
    const second = await serveHelper({ socket, idleMs: 1_000, watchMs: 1_000, answerMs: 1_000, answer: async () => ({ out: "second\n" }) });
    expect(second.ok ? "listening" : second.error.code).toBe("LOCKED");
    expect(await ask(socket, request("{}"), 5_000)).toContain("got");

    // A helper killed outright leaves its socket behind: nothing answers on it.
    helpers.splice(0).forEach((h) => h.stop());
    const stale = join(base, "stale.sock");
    const child = spawn(process.execPath, ["-e", `require("net").createServer().listen(${JSON.stringify(stale)}, () => console.log("up"))`], { stdio: ["ignore", "pipe", "ignore"] });
    await new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    renameSync(stale, socket);
    expect(lstatSync(socket).isSocket()).toBe(true);
    expect(await ask(socket, request("{}"), 5_000)).toBe("<absent>");
    await start(socket, { answer: async () => ({ out: "new\n" }) });
    expect(await ask(socket, request("{}"), 5_000)).toBe("new\n");
  });

  it("stops when idle, and removes its socket", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    const h = await start(socket, { idleMs: 1_000 });
    // Each request starts the idle time again: three rounds outlast one idle time.
    for (let i = 0; i < 3; i++) {
      expect(await ask(socket, request("{}"), 5_000)).toContain("got");
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(existsSync(socket)).toBe(true);
    await h.stopped;
    expect(existsSync(socket)).toBe(false);
  });

  it("stops when its socket is removed or replaced, and leaves the new one alone", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    const first = await start(socket, { watchMs: 50 });
    unlinkSync(socket);
    await first.stopped;
    const second = await start(socket, { watchMs: 50, answer: async () => ({ out: "second\n" }) });
    const third = await start(`${socket}.next`, { answer: async () => ({ out: "third\n" }) });
    renameSync(`${socket}.next`, socket);
    await second.stopped;
    expect(await ask(socket, request("{}"), 5_000)).toBe("third\n");
    third.stop();
    await third.stopped;
  });

  it("writes its notes once the hook has its answer: when the hook closes, or a second later at the latest", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    const order: string[] = [];
    await start(socket, { answer: async (req) => ({ out: "x\n", after: () => order.push(`after ${req.input}`) }) });
    expect(await ask(socket, request("one"), 5_000)).toBe("x\n");
    order.push("answered one");
    await until(() => order.length === 2);
    expect(order).toEqual(["answered one", "after one"]);

    // A hook that keeps the connection open after its answer.
    const c = connect({ path: socket, allowHalfOpen: true });
    c.write(request("two"));
    const t = Date.now();
    await new Promise((r) => c.once("data", r));
    await until(() => order.length === 3);
    expect(order[2]).toBe("after two");
    expect(Date.now() - t).toBeGreaterThanOrEqual(900);
    c.destroy();
  });

  it("tells the hook to do the work itself when its handler is late, and then notes nothing for it", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    const h = await holding(socket, "slow", { answerMs: 200 });
    const t = Date.now();
    expect(await ask(socket, request("slow"), 5_000)).toBe("<failed>");
    expect(Date.now() - t).toBeLessThan(4_000);
    h.release();
    // The hook noted the slow one itself: the helper's late answer must not note it again.
    expect(await notesOnceMore(socket, h.noted)).toEqual(["next"]);
  });

  it("notes nothing for a hook that went away before its answer", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    const h = await holding(socket, "gone");
    // A hook killed while it waits: its end closes with its request unanswered.
    const c = connect(socket);
    c.on("error", () => undefined);
    c.write(request("gone"));
    await h.asked;
    await new Promise((r) => c.once("close", r).destroy());
    // The helper, in this process, reads the end of the connection on the loop's next turns.
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    h.release();
    expect(await notesOnceMore(socket, h.noted)).toEqual(["next"]);
  });

  it("answers by the hook's own clock: a request whose hook has all but given up is the hook's to do", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    const noted: string[] = [];
    await start(socket, { answer: async (req) => ({ out: "ok\n", after: () => noted.push(req.input) }) });
    expect(await ask(socket, request("past", { until: Date.now() + 100 }), 5_000)).toBe("<failed>");
    expect(await ask(socket, request("soon", { until: Date.now() + 3_000 }), 5_000)).toBe("ok\n");
    await new Promise((r) => setTimeout(r, 1_300));
    expect(noted).toEqual(["soon"]);
  });

  it("tells the hook to do the work itself when its handler fails, and closes on a request it cannot read", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    await start(socket, { answer: (req) => (req.input === "boom" ? Promise.reject(new Error("boom")) : Promise.resolve({ out: "ok\n" })) });
    expect(await ask(socket, request("boom"), 5_000)).toBe("<failed>");
    expect(await ask(socket, "not json\n", 5_000)).toBe("<failed>");
    expect(await ask(socket, `${JSON.stringify({ event: "Stop", input: "{}", env: {}, cwd: "/", cliPath: "/x", until: Date.now() + 5_000 })}\n`, 5_000)).toBe("<failed>");
    expect(await ask(socket, request("{}"), 5_000)).toBe("ok\n");
  });
});

describe("the resident helper's end", () => {
  it("takes over from a helper that accepts connections but answers nothing, after ending it", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    mkdirSync(join(socket, ".."), { mode: 0o700 });
    const stuckOne = createServer(() => {}).listen(socket);
    servers.push(stuckOne);
    await new Promise((r) => stuckOne.once("listening", r));
    let evicted = 0;
    await start(socket, { evict: () => void evicted++ });
    expect(evicted).toBe(1);
    expect(await ask(socket, request("{}"))).toContain("got");
  });

  it("stops at once with a hook still connected, which then does the work itself", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    const h = await start(socket, { answer: () => new Promise(() => {}) });
    const pending = ask(socket, request("{}"), 10_000);
    // Connected and waiting; a second one says nothing at all.
    const silent = connect(socket);
    await new Promise((r) => silent.once("connect", r));
    await new Promise((r) => setTimeout(r, 50));
    const t = Date.now();
    h.stop();
    await h.stopped;
    expect(Date.now() - t).toBeLessThan(2_000);
    expect(await pending).toBe("<failed>");
    silent.destroy();
  });

  it("writes the notes of events already answered when it stops", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    const noted: string[] = [];
    const h = await start(socket, { answer: async (req) => ({ out: "ok\n", after: () => noted.push(req.input) }) });
    // A hook that has its answer but keeps the connection open: its note waits for it.
    const c = connect({ path: socket, allowHalfOpen: true });
    c.write(request("kept"));
    await new Promise((r) => c.once("data", r));
    expect(noted).toEqual([]);
    h.stop();
    expect(noted).toEqual(["kept"]);
    await h.stopped;
    c.destroy();
  });

  it("stops when its own files are gone", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    let valid = true;
    const h = await start(socket, { watchMs: 50, stillValid: () => valid });
    valid = false;
    await h.stopped;
    expect(existsSync(socket)).toBe(false);
  });

  it("tells its socket from a new one at the same path, and leaves the new one alone", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    const first = await start(socket, { watchMs: 50 });
    // Removed and made again at once, as a cleanup and a new helper would: the inode number may come back.
    unlinkSync(socket);
    const other = createServer((s) => s.end(answerFrame("other\n"))).listen(socket);
    servers.push(other);
    await new Promise((r) => other.once("listening", r));
    await first.stopped;
    expect(await ask(socket, request("{}"))).toBe("other\n");
  });
});

describe("the hook's side", () => {
  it("hears no answer, quickly, where no helper listens", async () => {
    const state = stateFolder();
    const t = Date.now();
    expect(await ask(join(state, "nothing.sock"), request("{}"), 5_000)).toBe("<absent>");
    expect(Date.now() - t).toBeLessThan(2_000);
  });

  it("gives up on a helper that never answers, within its wait", async () => {
    const socket = join(stateFolder(), "stuck.sock");
    const server = createServer(() => {}).listen(socket);
    servers.push(server);
    await new Promise((r) => server.once("listening", r));
    const t = Date.now();
    expect(await ask(socket, request("{}"), 300)).toBe("<stuck>");
    expect(Date.now() - t).toBeGreaterThanOrEqual(250);
  });

  it("takes only a whole answer: a helper that closes mid-way is no answer", async () => {
    const socket = join(stateFolder(), "half.sock");
    const server = createServer((s) => s.end("half an answer without its mark")).listen(socket);
    servers.push(server);
    await new Promise((r) => server.once("listening", r));
    expect(await ask(socket, request("{}"), 5_000)).toBe("<failed>");
  });

  it("takes the answer as soon as it is whole, in pieces or not, without waiting for the helper to close", async () => {
    const socket = join(stateFolder(), "open.sock");
    const frame = answerFrame('{"a":"line one\\nline two"}\n');
    const server = createServer((s) => {
      s.write(frame.slice(0, 5));
      setTimeout(() => s.write(frame.slice(5)), 50);
      // Kept open, as the helper keeps it while it writes its notes.
    }).listen(socket);
    servers.push(server);
    await new Promise((r) => server.once("listening", r));
    const t = Date.now();
    expect(await ask(socket, request("{}"), 5_000)).toBe('{"a":"line one\\nline two"}\n');
    expect(Date.now() - t).toBeLessThan(2_000);
  });

  it("sends the event whole, however large, and reads a long answer", async () => {
    const socket = join(stateFolder(), "hook-helper", "b1.sock");
    const input = JSON.stringify({ tool_input: { content: "x".repeat(3_000_000) + "\n\"é\"" } });
    await start(socket, { answer: async (req) => ({ out: `${req.input.length}:${req.input.slice(-8)}:${"y".repeat(200_000)}` }) });
    const answer: string | undefined = await ask(socket, request(input), 10_000);
    expect(answer?.startsWith(`${input.length}:${input.slice(-8)}:`)).toBe(true);
    expect(answer?.length).toBe(`${input.length}:${input.slice(-8)}:`.length + 200_000);
  });
});
