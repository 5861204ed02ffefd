// The hook entry point (issue 3).
export {};
