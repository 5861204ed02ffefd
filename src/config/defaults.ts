/** Defaults the hook needs without loading the full schema (schema.ts uses the same constants). */
export const DEFAULT_BASE_URL = "http://localhost:1234/v1";
export const HOOK_MODES = ["nudge", "enforce", "off"] as const;
export const DEFAULT_HOOK_MODE = "nudge";
export type HookMode = (typeof HOOK_MODES)[number];
