import { describe, expect, it } from "vitest";
import type { RunTool } from "../../src/lang/native-check.js";
import { checkSyntax } from "../../src/lang/syntax.js";

// `ruby -c` may be older than the project's Ruby: rbenv and rvm pick the project's version from
// its .ruby-version, and the check runs outside the project; Debian 12's ruby is 3.1. Ruby 3.1
// refuses 3.2's anonymous argument forwarding with "syntax error, unexpected ','" (ruby 3.1.2,
// checked here), on every retry. Its refusal is not taken for syntax newer than it.

const run = (version: string, check: { code: number; output: string }): RunTool => async (argv) =>
  argv[1] === "--version" ? { code: 0, output: version } : { ...check, output: check.output.replace("{name}", argv.at(-1)!) };

const FORWARD = "def log(*, **, &)\n  puts(*, **, &)\nend\n\ndef point(x, y) = {x:, y:}\n";
const unexpected = { code: 1, output: "{name}:2: syntax error, unexpected ','\n" };

describe("Ruby: syntax newer than the local ruby", () => {
  it("is judged by the grammar, with a note, when ruby is older than it", async () => {
    const v = await checkSyntax(FORWARD, "ruby", { file: "lib/log.rb", run: run("ruby 3.1.2p20 (2022-04-12)", unexpected) });
    expect(v).toMatchObject({ ok: true, checked: "tree-sitter", note: expect.stringContaining("ruby 3.1 is older than this file's syntax (anonymous argument forwarding (Ruby 3.2))") });
  });

  it("a ruby as new as the file is believed, and an older one on a file of older syntax too", async () => {
    expect(await checkSyntax(FORWARD, "ruby", { file: "lib/log.rb", run: run("ruby 3.3.0", unexpected) })).toMatchObject({ ok: false });
    const plain = "def log(*args)\n  puts(*args)\nend\nend\n";
    expect(await checkSyntax(plain, "ruby", { file: "lib/log.rb", run: run("ruby 3.1.2p20", { code: 1, output: "{name}:4: syntax error, unexpected `end'\n" }) })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 4:1: /) });
  });
});
