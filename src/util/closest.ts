// The known name a misspelt one most likely meant: for a config file's keys, a spec's fields and
// LOCAL_DELEGATE_ variables. Free of zod, so that the hook's config snapshot can use it.

/** The known name `key` is probably a misspelling of: the same letters and digits, or 2 edits apart. */
export function closest(key: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  return known.find((k) => norm(k) === norm(key)) ?? known.find((k) => distance(norm(k), norm(key)) <= 2);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
