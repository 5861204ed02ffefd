import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProjectPath } from "../../src/project/safe-path.js";
import { readManifest } from "../../src/write/manifest.js";
import { describeRestoreFailures, restoreEntries } from "../../src/write/restore.js";
import { Transaction } from "../../src/write/transaction.js";
import { IS_ROOT, tmpDir, type TmpDir } from "../support/tmp-dir.js";

let dir: TmpDir;
let outside: TmpDir;
let root: string;
let data: string;

beforeEach(() => {
  dir = tmpDir("ld-restore-");
  outside = tmpDir("ld-restore-out-");
  root = dir.path;
  data = join(root, ".claude", "local-delegate");
});
afterEach(() => {
  dir.cleanup();
  outside.cleanup();
});

const at = (rel: string): ProjectPath => ({ abs: join(root, rel), rel });
const read = (rel: string) => readFileSync(join(root, rel), "utf8");

/** A run that changed `writes` and is about to be restored. */
function changed(writes: Record<string, string>): Transaction {
  const t = Transaction.open(root, data, "task");
  if (!t.ok) throw new Error(t.error.message);
  for (const [rel, content] of Object.entries(writes)) {
    const w = t.value.write(at(rel), content);
    if (!w.ok) throw new Error(w.error.message);
  }
  return t.value;
}

describe("restoreEntries", () => {
  it("renames the backup over the file (no new copy to write), then keeps a copy in the backups again", () => {
    dir.write("a.txt", "original");
    chmodSync(join(root, "a.txt"), 0o664);
    const t = changed({ "a.txt": "changed" });
    const backup = join(t.dir, "files/a.txt");
    const backupInode = statSync(backup).ino;
    expect(restoreEntries(root, t.dir, t.files)).toEqual({ failed: [], notes: [] });
    expect(read("a.txt")).toBe("original");
    // The very file that was the backup: a rename, which needs no free space.
    expect(statSync(join(root, "a.txt")).ino).toBe(backupInode);
    expect(statSync(join(root, "a.txt")).mode & 0o7777).toBe(0o664);
    expect(readFileSync(backup, "utf8")).toBe("original");
    expect(statSync(backup).mode & 0o777).toBe(0o600);
  });

  it("is a value when a file cannot be put back, names its backup, and still restores the others", () => {
    dir.write("a.txt", "a1");
    dir.write("b.txt", "b1");
    const t = changed({ "a.txt": "a2", "b.txt": "b2" });
    rmSync(join(t.dir, "files/a.txt"));
    const r = restoreEntries(root, t.dir, t.files);
    expect(r.failed).toEqual([{ rel: "a.txt", backup: join(t.dir, "files/a.txt"), reason: expect.stringMatching(/^its backup is missing or unreadable/) }]);
    expect(describeRestoreFailures(r)).toEqual([expect.stringMatching(new RegExp(`^a\\.txt was not restored \\(its backup is missing or unreadable: .*\\); its original is at ${join(t.dir, "files/a.txt")}$`))]);
    expect(read("a.txt")).toBe("a2");
    expect(read("b.txt")).toBe("b1");
  });

  it("a second restore changes nothing, and a file already back as it was is not touched", () => {
    dir.write("a.txt", "v1");
    const t = changed({ "a.txt": "v2" });
    expect(restoreEntries(root, t.dir, t.files).failed).toEqual([]);
    const ino = statSync(join(root, "a.txt")).ino;
    expect(restoreEntries(root, t.dir, t.files)).toEqual({ failed: [], notes: [] });
    expect(statSync(join(root, "a.txt")).ino).toBe(ino);
    expect(read("a.txt")).toBe("v1");
  });

  it("leaves a file that became a folder, and says so", () => {
    dir.write("a.txt", "v1");
    const t = changed({ "a.txt": "v2" });
    rmSync(join(root, "a.txt"));
    mkdirSync(join(root, "a.txt"));
    expect(restoreEntries(root, t.dir, t.files).failed).toEqual([{ rel: "a.txt", backup: join(t.dir, "files/a.txt"), reason: "it is now a folder; left as it is" }]);
  });

  it("removes a file the run created, with its new folders; through a folder swapped for a link, it removes nothing outside", () => {
    const t = changed({ "new/deep/x.txt": "x" });
    expect(readManifest(t.dir)!.files[0]).toMatchObject({ existed: false, dirs: ["new/deep", "new"] });
    renameSync(join(root, "new"), join(root, "new-old"));
    symlinkSync(outside.path, join(root, "new"));
    outside.write("deep/x.txt", "someone else's");
    const r = restoreEntries(root, t.dir, t.files);
    expect(r.failed).toEqual([{ rel: "new/deep/x.txt", backup: null, reason: expect.stringMatching(/new is a symlink, not a folder/) }]);
    expect(readFileSync(outside.join("deep/x.txt"), "utf8")).toBe("someone else's");
    // Put back the way it was: now it goes, folders and all.
    rmSync(join(root, "new"));
    renameSync(join(root, "new-old"), join(root, "new"));
    expect(restoreEntries(root, t.dir, t.files)).toEqual({ failed: [], notes: [] });
    expect(existsSync(join(root, "new"))).toBe(false);
  });

  it.runIf(IS_ROOT)("puts back another user's owner, group and mode (as root)", () => {
    const p = dir.write("theirs.txt", "original");
    chownSync(p, 65534, 65534);
    chmodSync(p, 0o640);
    const t = changed({ "theirs.txt": "changed" });
    // What a careless write would leave: root's file.
    chownSync(p, 0, 0);
    expect(restoreEntries(root, t.dir, t.files)).toEqual({ failed: [], notes: [] });
    expect(statSync(p)).toMatchObject({ uid: 65534, gid: 65534 });
    expect(statSync(p).mode & 0o7777).toBe(0o640);
    expect(readFileSync(p, "utf8")).toBe("original");
  });
});
