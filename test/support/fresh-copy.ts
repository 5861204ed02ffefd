import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { distDir } from "./dist.js";

/**
 * The files a clone of the current tree would have (tracked and untracked, minus what git
 * ignores), as a git repository of its own, with the bundle as src/ builds it now: what a user's
 * `claude plugin marketplace add` gets.
 */
export function freshCopy(dest: string): void {
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { encoding: "utf8" }).split("\0").filter(Boolean);
  for (const f of files) {
    if (!existsSync(f)) continue; // deleted in the work tree
    mkdirSync(path.dirname(path.join(dest, f)), { recursive: true });
    cpSync(f, path.join(dest, f));
  }
  const git = (...a: string[]) => execFileSync("git", a, { cwd: dest, stdio: "pipe" });
  // The bundle as src/ builds it now, not as last committed.
  rmSync(path.join(dest, "dist"), { recursive: true, force: true });
  cpSync(distDir(), path.join(dest, "dist"), { recursive: true });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "snapshot");
}
