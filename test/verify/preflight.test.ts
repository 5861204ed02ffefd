// The command preflight, on a project with stub programs on a PATH of our own: what it refuses
// before the model is called, and what it must let through (builtins, shell it cannot follow).
import { chmodSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { preflightCommand } from "../../src/verify/preflight.js";
import { simpleCommands } from "../../src/verify/shell-words.js";
import { tmpDir, type TmpDir } from "../support/tmp-dir.js";

let proj: TmpDir;
let bin: TmpDir;
let env: NodeJS.ProcessEnv;

const exe = (d: TmpDir, rel: string) => chmodSync(d.write(rel, "#!/bin/sh\nexit 0\n"), 0o755);

beforeAll(() => {
  bin = tmpDir("ld-bin-");
  for (const name of ["node", "npm", "npx", "python3", "go", "cargo", "make", "sh", "env", "timeout", "nice", "tail", "tee", "pnpm"]) exe(bin, name);
  env = { PATH: bin.path };
  proj = tmpDir("ld-pre-");
  proj.write("package.json", JSON.stringify({ scripts: { test: "vitest run", lint: "eslint .", e2e: "definitely-not-a-command --all", build: "tsc && node build.js" } }));
  exe(proj, "node_modules/.bin/vitest");
  exe(proj, "gradlew");
  exe(proj, "bin/test");
  exe(proj, "my tests/run.sh");
  exe(proj, "sub/run.sh");
  proj.write("scripts/plain.sh", "echo hi\n");
  proj.write("test/a.test.js", "");
  proj.write("tests/test_a.py", "");
  proj.write("build.js", "");
  proj.write("Makefile.d/README", "");
});
afterAll(() => {
  proj.cleanup();
  bin.cleanup();
});

const check = (command: string, field: "lint_command" | "test_command" = "test_command") => preflightCommand(command, proj.path, env, { field, outputFile: "src/out.test.js" });

describe("preflightCommand lets through what can run, or what it cannot be sure of", () => {
  it.each([
    "node --version",
    "npx vitest run",
    "npx --no-install vitest run",
    "npx --yes some-tool", // told to fetch it
    "npx cowsay@1.5 hi", // a package spec: npx fetches it
    "npm test",
    "npm t",
    "npm run test -- --reporter dot",
    "python3 -m pytest -q",
    "python3 -m no_such_module", // a module: found out when it runs
    "go test ./...",
    "cargo test",
    "env FOO=1 node --test test/a.test.js",
    "env -u HOME FOO=1 BAR=2 node --version",
    "FOO=1 BAR='two words' node --test test/a.test.js",
    "cd sub && ./run.sh",
    "./gradlew test",
    "bin/test --fast",
    "'./bin/test'",
    '"./my tests/run.sh"',
    "./my\\ tests/run.sh",
    "timeout 60 node --version",
    "nice -n 5 node --version",
    "command node --version",
    "node --test src/out.test.js", // the file the run writes
    "node --test test/", // a folder of tests
    "node --test 'test/*.test.js'",
    "node --test test/*.test.js",
    "python3 tests/test_a.py",
    "python3 -W error -m pytest",
    "python3 -Werror tests/test_a.py",
    "npm test --workspace=packages/a",
    "npm run nope --if-present",
    "pnpm --filter web test",
    "test -f package.json && node --version",
    ": && echo ok",
    "npm test 2>&1 | tail -20",
    "npm test > /dev/null",
    "$RUNNER test", // a variable: the shell's to decide
    "if true; then nope; fi",
    "(cd sub && nope)",
    "echo $(nope)",
    "sh -c 'nope'",
    "make -C Makefile.d test",
    "node -e 'process.exit(0)'",
    "",
  ])("%s", (command) => {
    const r = check(command);
    expect(r.ok ? "ok" : r.error.message).toBe("ok");
  });
});

describe("preflightCommand refuses what cannot run", () => {
  it.each([
    ["definitely-not-a-command", "`definitely-not-a-command` is not a command on PATH or a file in the project"],
    ["definitely-not-a-command --run tests", "`definitely-not-a-command` is not a command on PATH"],
    ["FOO=1 nope", "`nope` is not a command on PATH"],
    ["env FOO=1 nope", "`nope` is not a command on PATH"],
    ["timeout 60 nope", "`nope` is not a command on PATH"],
    ["node --version && nope", "`nope` is not a command on PATH"],
    ["nope || true", "`nope` is not a command on PATH"],
    ["nope | tee log", "`nope` is not a command on PATH"],
    ["gradlew test", "`gradlew` is not on PATH; the project's file runs as `./gradlew`"],
    ["./missing.sh", "`./missing.sh` does not exist in the project"],
    ["./scripts/plain.sh", "`./scripts/plain.sh` is not executable"],
    ["./sub", "`./sub` is a folder, not a program"],
    ["cd nowhere && node --version", "`cd nowhere`: there is no folder nowhere"],
    ["node --test test/missing.test.js", "`node` is given test/missing.test.js, which does not exist"],
    ["node test/missing.test.js", "`node` is given test/missing.test.js, which does not exist"],
    ["python3 tests/nothere.py", "`python3` is given tests/nothere.py, which does not exist"],
    ["npx jest", "`npx jest`: jest is not installed in the project (node_modules/.bin) nor on PATH"],
    ["npm run nope", '`npm run nope`: package.json has no "nope" script'],
    ["npm run lint", "`npm run lint` runs a script where `eslint` is not a command on PATH"],
    ["npm run e2e", "`npm run e2e` runs a script where `definitely-not-a-command` is not a command on PATH"],
    ["npm run build", "`npm run build` runs a script where `tsc` is not a command on PATH"],
    ["make test", "`make`: there is no Makefile in ."],
  ])("%s", (command, message) => {
    const r = check(command);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe("TEST_COMMAND");
    expect(r.error.field).toBe("test_command");
    expect(r.error.message).toContain(message);
    expect(r.error.hint).toBeTruthy();
  });

  it("names the field it checks", () => {
    const r = check("eslint .", "lint_command");
    expect(r).toMatchObject({ ok: false, error: { field: "lint_command", message: "`eslint` is not a command on PATH or a file in the project" } });
  });

  it("refuses npm test without a package.json, or with npm's placeholder script", () => {
    const bare = tmpDir("ld-pre-bare-");
    try {
      expect(preflightCommand("npm test", bare.path, env, { field: "test_command" })).toMatchObject({ ok: false, error: { message: expect.stringContaining("no package.json") } });
      bare.write("package.json", JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } }));
      expect(preflightCommand("npm test", bare.path, env, { field: "test_command" })).toMatchObject({ ok: false, error: { message: expect.stringContaining("placeholder") } });
      expect(preflightCommand("npm test", bare.path, env, { field: "test_command" })).toMatchObject({ ok: false, error: { message: expect.not.stringContaining("package.json has no") } });
    } finally {
      bare.cleanup();
    }
  });

  it("finds a program on the real PATH (this machine's node)", () => {
    expect(preflightCommand("node --test", proj.path, process.env, { field: "test_command" }).ok).toBe(true);
    expect(preflightCommand("definitely-not-a-command", proj.path, process.env, { field: "test_command" }).ok).toBe(false);
  });
});

describe("simpleCommands", () => {
  it("splits on operators, drops quotes and redirections, marks what only the shell knows", () => {
    expect(simpleCommands(`FOO=1 npm test -- "a b" 2>&1 | tail -n 5 && echo 'x y' > out.txt; ./run`)).toEqual([
      { after: "", words: ["FOO=1", "npm", "test", "--", "a b"] },
      { after: "|", words: ["tail", "-n", "5"] },
      { after: "&&", words: ["echo", "x y"] },
      { after: ";", words: ["./run"] },
    ]);
    expect(simpleCommands(`node "$FILE" x # a comment`)).toEqual([{ after: "", words: ["node", null, "x"] }]);
    expect(simpleCommands("echo $(date)")).toBeNull();
    expect(simpleCommands("(cd x && y)")).toBeNull();
    expect(simpleCommands("echo 'unclosed")).toBeNull();
    expect(simpleCommands("a && && b")).toBeNull();
  });
});
