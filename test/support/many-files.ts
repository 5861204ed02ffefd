import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Writes `count` files `gen/dN/fM<ext>` holding `content` under `root`, 100 to a folder: a big project. */
export function writeManyFiles(root: string, count: number, ext: string, content: string): void {
  for (let i = 0; i < count; i++) {
    const dir = join(root, "gen", `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i % 100}${ext}`), content);
  }
}
