// The outputs recorded from each real runner (./output/, see support.ts for how to record them),
// read again: the parsing is tested on every machine, runners installed or not.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_CASES } from "./all.js";
import { expectReading } from "./expect.js";
import { FIXTURES, readIndex } from "./support.js";

const index = readIndex();

describe("recorded runner output", () => {
  it("holds a recording for every case", () => {
    expect(Object.keys(index).sort()).toEqual(ALL_CASES.map((c) => c.name).sort());
  });

  for (const c of ALL_CASES) {
    it.skipIf(!index[c.name])(c.name, () => {
      const rec = index[c.name]!;
      const output = readFileSync(join(FIXTURES, `${c.name}.txt`), "utf8");
      expectReading(c, { exitCode: rec.exitCode, output, timedOut: false, cancelled: false, ms: 0 }, rec.root, rec.command);
    });
  }
});
