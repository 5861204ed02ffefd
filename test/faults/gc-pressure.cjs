// Preloaded into a CLI child (`node --expose-gc --require THIS cli.js …`) by the deadline tests:
// a full garbage collection every 50 ms, so anything that holds a timeout only weakly loses it
// early, as it would by chance in a long run. When LD_TEST_PEAK_RSS_FILE is set, the process's
// peak resident memory (KB) is written there at exit. Production code knows nothing of this file.
"use strict";
const { writeFileSync } = require("node:fs");

if (typeof global.gc === "function") {
  const every = Number(process.env.LD_TEST_GC_EVERY_MS) || 50;
  setInterval(() => global.gc(), every).unref();
}
const out = process.env.LD_TEST_PEAK_RSS_FILE;
if (out) {
  process.on("exit", () => {
    try {
      writeFileSync(out, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // The test then reports the figure as missing.
    }
  });
}
