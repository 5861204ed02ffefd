// The example's hidden test: the local model never sees it, only what fails.
import assert from "node:assert/strict";
import { slugify } from "./slugify.mjs";

assert.equal(slugify("Hello, World!"), "hello-world");
assert.equal(slugify("  Crème Brûlée  "), "creme-brulee");
assert.equal(slugify("--a__b--"), "a-b");
assert.equal(slugify(""), "");
console.log("slugify: 4 checks passed");
