// gpt-tokenizer's cl100k_base ranks as the binary table (cl100k-table.ts): what scripts/build.mjs
// writes to dist/cl100k.bin, and what the tokenizer builds on first use when it runs from the
// sources. The bundle never carries it (the build puts a stub in its place).
import ranks from "gpt-tokenizer/bpeRanks/cl100k_base";
import { buildTable } from "./cl100k-table.js";

export function rankTableBytes(): Uint8Array {
  return buildTable(ranks);
}
