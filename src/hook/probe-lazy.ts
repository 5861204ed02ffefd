import type { probeServer as ProbeServer } from "../model/probe.js";

// Inside dist/hook.cjs only, src/model/targets.ts's `./probe.js` resolves to this file
// (scripts/build.mjs): the probe and its schema library are their own file beside the hook
// (dist/hook-probe.cjs), loaded when a health check runs (SessionStart, a stale health cache), not
// on every Write. Everywhere else targets.ts imports the probe itself.
export const probeServer: typeof ProbeServer = async (...args) => (await import("../model/probe.js")).probeServer(...args);
