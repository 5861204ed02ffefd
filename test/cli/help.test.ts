// The top-level help says "Each command takes --help": every command listed there (taken from the
// registry, so a new one is covered without editing this test) prints its usage and exits 0, and
// does nothing else: no server is asked, no stdin is read, no file is written.
import { afterAll, describe, expect, it } from "vitest";
import { commandNames, main } from "../../src/cli/main.js";
import { runCli, tempProject } from "../support/project.js";

const proj = tempProject();
afterAll(() => proj.cleanup());

describe("every command takes --help and -h", () => {
  it("the registry lists the commands the help names", async () => {
    let out = "";
    await main(["--help"], { stdout: (s) => void (out += s), stderr: () => undefined, env: {}, cwd: proj.root, stderrIsTTY: false, readStdin: async () => ({ ok: true, value: "" }) });
    expect(commandNames().length).toBeGreaterThan(10);
    for (const name of commandNames()) expect(out).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(out).toContain("Each command takes --help.");
  });

  const cases = commandNames().flatMap((name) => [[name, "--help"] as const, [name, "-h"] as const]);
  it.each(cases)("%s %s prints its usage and exits 0", async (name, flag) => {
    // A closed port: a command that went on to ask the server would print something else.
    const r = await runCli([name, flag], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1/v1" }, stdin: '{"hook_event_name":"SessionStart"}' });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`(^|\\n)(usage: )?local-delegate ${name}\\b`));
    expect(proj.exists(".claude/local-delegate")).toBe(false);
  });
});

describe("a word that is no command", () => {
  it.each(["jbos", "toString", "constructor", "__proto__"])("%s: says so, with the help, and exits 2", async (word) => {
    const r = await runCli([word], { cwd: proj.root, home: proj.home, env: { LOCAL_DELEGATE_BASE_URL: "http://127.0.0.1:1/v1" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`unknown command "${word}"`);
  });
});
