import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { RunTool } from "../../src/lang/native-check.js";
import { checkSyntax } from "../../src/lang/syntax.js";

// A here-document whose terminator never comes (the answer was cut inside it, or the terminator
// was indented under `<<`): `bash -n` only warns and exits 0, and bash runs the rest of the file as
// the document's text. Taken as a pass, the grammar's refusal was overruled and the cut script was
// written as a checked success. ShellCheck calls it an error (SC1044).

const hasBash = spawnSync("sh", ["-c", "command -v bash"], { stdio: "ignore" }).status === 0;

const CUT = "#!/usr/bin/env bash\nset -euo pipefail\n\ncat > /etc/app.ini <<CONF\n[server]\nport=8080\n";

describe.skipIf(!hasBash)("Bash: a here-document left open", () => {
  it("is refused where its terminator is missing", async () => {
    const v = await checkSyntax(CUT, "bash", { file: "scripts/setup.sh" });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 7:1: missing heredoc end/) });
  });

  it("a terminator at the very end with no line end, and <<- with tabs, are accepted", async () => {
    expect(await checkSyntax("#!/usr/bin/env bash\ncat <<END\nhello\nEND", "bash", { file: "a.sh" })).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await checkSyntax("#!/usr/bin/env bash\ncat <<-END\n\thello\n\tEND\necho ok\n", "bash", { file: "a.sh" })).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await checkSyntax("#!/usr/bin/env bash\nmain() {\n  cat <<END\nhello\nEND\n}\nmain\n", "bash", { file: "a.sh" })).toEqual({ ok: true, checked: "tree-sitter" });
  });
});

describe("Bash: bash -n's warning of a here-document left open", () => {
  const run = (output: string): RunTool => async (argv) =>
    argv[1] === "--version" ? { code: 0, output: "GNU bash, version 5.2.15" } : { code: 0, output: output.replace("{name}", argv.at(-1)!) };

  it("is a refusal, though bash exits 0", async () => {
    const warned = "{name}: line 6: warning: here-document at line 4 delimited by end-of-file (wanted `CONF')\n";
    expect(await checkSyntax(CUT, "bash", { file: "setup.sh", run: run(warned) })).toMatchObject({ ok: false });
    // Where the grammar reads the file, bash's own words and line are the message.
    const v = await checkSyntax("echo hi\n", "bash", { file: "setup.sh", run: run(warned.replace("line 6", "line 1")) });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 1:1: warning: here-document at line 4 delimited by end-of-file/) });
  });

  it("another warning on exit 0 is not", async () => {
    const v = await checkSyntax("#!/usr/bin/env bash\necho hi\n", "bash", { file: "a.sh", run: run("{name}: line 2: warning: something else\n") });
    expect(v).toEqual({ ok: true, checked: "tree-sitter" });
  });
});
