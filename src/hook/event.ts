// What Claude Code sends a hook on stdin (2.1.x), checked by hand: a few typeof checks do here what
// a schema library would, without loading one on every Write. Loose: new fields appear often and
// must not break the hook; only what a decision needs is read, and a field of the wrong type makes
// the event unreadable (the hook then says nothing).

/** The largest event a hook reads: a Write's whole content comes on stdin, and past this it says nothing. */
export const MAX_HOOK_INPUT = 16 * 1024 * 1024;

interface EventBase {
  session_id: string | null;
  transcript_path: string | null;
  cwd: string | null;
}

export type HookEvent =
  | (EventBase & { hook_event_name: "SessionStart"; source: string | null })
  | (EventBase & { hook_event_name: "UserPromptSubmit"; prompt: string })
  | (EventBase & { hook_event_name: "PreToolUse"; tool_name: string; tool_input: unknown });

export type HookEventName = HookEvent["hook_event_name"];

export type PreToolUseEvent = Extract<HookEvent, { hook_event_name: "PreToolUse" }>;

const INVALID = Symbol("invalid");

/** A string, null when absent (undefined or null), INVALID otherwise. */
function nullishString(v: unknown): string | null | typeof INVALID {
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : INVALID;
}

/** The event, or null when it is not one the hook handles or a field it reads has the wrong type. */
export function parseEvent(json: unknown): HookEvent | null {
  if (!isObject(json)) return null;
  const session_id = nullishString(json.session_id);
  const transcript_path = nullishString(json.transcript_path);
  const cwd = nullishString(json.cwd);
  if (session_id === INVALID || transcript_path === INVALID || cwd === INVALID) return null;
  const base = { session_id, transcript_path, cwd };
  switch (json.hook_event_name) {
    case "SessionStart": {
      const source = nullishString(json.source);
      return source === INVALID ? null : { ...base, hook_event_name: "SessionStart", source };
    }
    case "UserPromptSubmit":
      return typeof json.prompt === "string" ? { ...base, hook_event_name: "UserPromptSubmit", prompt: json.prompt } : null;
    case "PreToolUse":
      return typeof json.tool_name === "string" ? { ...base, hook_event_name: "PreToolUse", tool_name: json.tool_name, tool_input: json.tool_input } : null;
    default:
      return null;
  }
}

export interface FileEdit {
  old_string: string;
  new_string: string;
  replace_all: boolean;
}

/** What a Write, Edit or MultiEdit does to a file. */
export type FileChange = { path: string; content: string; edits?: undefined } | { path: string; edits: FileEdit[]; content?: undefined };

/** The file change a tool call makes, or null for another tool or an input of the wrong shape. */
export function fileChange(tool: { tool_name: string; tool_input: unknown }): FileChange | null {
  const input = tool.tool_input;
  if (!isObject(input) || typeof input.file_path !== "string") return null;
  const path = input.file_path;
  switch (tool.tool_name) {
    case "Write":
      return typeof input.content === "string" ? { path, content: input.content } : null;
    case "Edit": {
      const e = fileEdit(input);
      return e ? { path, edits: [e] } : null;
    }
    // MultiEdit is gone from Claude Code 2.1, but older clients still send it.
    case "MultiEdit": {
      if (!Array.isArray(input.edits)) return null;
      const edits = input.edits.map(fileEdit);
      return edits.every((e): e is FileEdit => e !== null) ? { path, edits } : null;
    }
    default:
      return null;
  }
}

function fileEdit(v: unknown): FileEdit | null {
  if (!isObject(v) || typeof v.old_string !== "string" || typeof v.new_string !== "string") return null;
  const all = v.replace_all;
  if (all !== undefined && all !== null && typeof all !== "boolean") return null;
  return { old_string: v.old_string, new_string: v.new_string, replace_all: all === true };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
