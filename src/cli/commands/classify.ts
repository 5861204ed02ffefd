import type { CliIO } from "../io.js";

/** Placeholder until its issue lands: says so instead of failing obscurely. */
export async function classifyCommand(_argv: string[], io: CliIO): Promise<number> {
  io.stderr("local-delegate: `classify` is not available in this version yet\n");
  return 2;
}
