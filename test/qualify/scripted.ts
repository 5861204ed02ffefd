import { SUITE } from "../../src/qualify/suite/index.js";
import type { RecordedRequest, ScriptedReply } from "../support/fake-openai-server.js";
import { REFERENCE, WRONG, answer } from "./references.js";

/** What the scripted model answers for a task, attempt by attempt. */
export type Play = "right" | "wrong" | "malformed";

/** The suite task a chat request is for, from the output file its prompt names. */
export function taskOf(req: RecordedRequest): string {
  // The first user message ends naming the one file to write: "Write `src/chunk.js` now: …".
  const user = String(req.body?.messages?.[1]?.content ?? "");
  const hit = SUITE.find((t) => user.includes(`\`${t.output_file}\` now`));
  if (!hit) throw new Error("no suite task named in the prompt");
  return hit.id;
}

/**
 * A fake-server script playing each task's answers in order: `plays[task]` is the list of
 * answers for its attempts (a task not listed is answered right).
 */
export function scriptedModel(plays: Record<string, Play[]>, opts: { usage?: { prompt_tokens: number; completion_tokens: number } } = {}) {
  const seen = new Map<string, number>();
  return (req: RecordedRequest): ScriptedReply => {
    const id = taskOf(req);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    const play = plays[id]?.[n] ?? "right";
    const task = SUITE.find((t) => t.id === id)!;
    const usage = opts.usage ?? { prompt_tokens: 100, completion_tokens: 50 };
    if (play === "malformed") return { content: "I am sorry, I cannot write that file without more information.", usage };
    return { content: answer(play === "right" ? REFERENCE[id]! : WRONG[id]!, task.language), usage };
  };
}
