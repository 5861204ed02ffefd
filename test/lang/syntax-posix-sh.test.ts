import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

// A script for `sh` runs in this machine's sh: dash on Debian and Ubuntu, which refuses bash's
// arrays and `function f {` as it starts. bash -n passed such a script, and it was written as a
// checked success. It is now judged by `sh -n`; a script for bash stays bash's.

const BASHISM = '#!/bin/sh\nset -eu\nitems=(alpha beta gamma)\nfor i in "${items[@]}"; do\n  echo "$i"\ndone\n';

/** Whether this machine's sh refuses bash's arrays (dash does; bash as sh, on macOS, does not). */
function shRefusesArrays(): boolean {
  const dir = mkdtempSync(join(tmpdir(), "ld-sh-"));
  try {
    writeFileSync(join(dir, "a.sh"), BASHISM);
    return spawnSync("sh", ["-n", join(dir, "a.sh")], { stdio: "ignore" }).status === 2;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const dashLike = shRefusesArrays();
const hasBash = spawnSync("sh", ["-c", "command -v bash"], { stdio: "ignore" }).status === 0;

describe.skipIf(!dashLike || !hasBash)("a #!/bin/sh script, where sh is dash", () => {
  it("with bash's arrays is refused at the line sh stops at", async () => {
    const v = await checkSyntax(BASHISM, "bash", { file: "scripts/list.sh" });
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:\d+: Syntax error: "\(" unexpected/) });
    const env = await checkSyntax(BASHISM.replace("#!/bin/sh", "#!/usr/bin/env sh"), "bash", { file: "list.sh" });
    expect(env).toMatchObject({ ok: false });
    expect(await checkSyntax(BASHISM.replace("#!/bin/sh", "#!/bin/sh -e"), "bash", { file: "list.sh" })).toMatchObject({ ok: false });
  });

  it("near miss: the same script for bash, and a POSIX script for sh, are accepted", async () => {
    expect(await checkSyntax(BASHISM.replace("#!/bin/sh", "#!/bin/bash"), "bash", { file: "list.sh" })).toMatchObject({ ok: true });
    expect(await checkSyntax(BASHISM.replace("#!/bin/sh", "#!/usr/bin/env bash"), "bash", { file: "list.sh" })).toMatchObject({ ok: true });
    const posix = '#!/bin/sh\nset -eu\nfor i in alpha beta gamma; do\n  echo "$i"\ndone\n';
    expect(await checkSyntax(posix, "bash", { file: "list.sh" })).toMatchObject({ ok: true });
    // A shebang naming a shell whose name only starts with sh is not sh.
    expect(await checkSyntax(BASHISM.replace("#!/bin/sh", "#!/bin/shellx"), "bash", { file: "list.sh" })).toMatchObject({ ok: true });
  });
});
