import { formatFailure, type Failure } from "../errors.js";
import type { CliIO } from "./io.js";

/** One JSON object on one line: what Claude reads. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value)}\n`);
}

export function printError(io: CliIO, f: Failure): void {
  io.stderr(`local-delegate: ${formatFailure(f)}\n`);
}
