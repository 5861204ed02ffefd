// The hidden check for the theme-utils task: the model never sees it, only what failed.
import assert from "node:assert/strict";
import { THEMES, DEFAULT_THEME } from "../src/theme/constants.js";
import { isThemeName, resolveTheme, toggleTheme, themeVars } from "../src/theme/utils.js";

assert.equal(isThemeName("dark"), true);
assert.equal(isThemeName("sepia"), false);
assert.equal(resolveTheme("dark", false), "dark");
assert.equal(resolveTheme("light", true), "light");
assert.equal(resolveTheme(null, true), "dark");
assert.equal(resolveTheme("sepia", false), DEFAULT_THEME);
assert.equal(toggleTheme("light"), "dark");
assert.equal(toggleTheme("dark"), "light");
const vars = themeVars("dark");
assert.deepEqual(Object.keys(vars).sort(), Object.keys(THEMES.dark).map((k) => `--color-${k}`).sort());
assert.equal(vars["--color-background"], THEMES.dark.background);
console.log("theme utils: ok");
