import type { CliIO } from "./io.js";

/** One JSON object on one line: what Claude reads. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value)}\n`);
}
