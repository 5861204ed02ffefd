import { TASK_KINDS, type TaskKind } from "../spec/schema.js";

/** `code,test` → the kinds; also takes the plural a person types (`tests,docs`). A string is the error. */
export function parseKinds(text: string | null, flag = "--kinds"): TaskKind[] | null | string {
  if (text === null) return null;
  const out: TaskKind[] = [];
  for (const word of text.split(",").map((w) => w.trim().toLowerCase()).filter(Boolean)) {
    const k = word.replace(/s$/, "") as TaskKind;
    if (!TASK_KINDS.includes(k)) return `${flag}: unknown kind "${word}" (one of ${TASK_KINDS.join(", ")})`;
    if (!out.includes(k)) out.push(k);
  }
  return out.length ? out : `${flag}: name at least one of ${TASK_KINDS.join(", ")}`;
}
