import { describe, expect, it } from "vitest";
import { render } from "../../src/prompt/render.js";

describe("render", () => {
  it("fills every placeholder, repeated ones too", () => {
    expect(render("{{A}} and {{B_C}} and {{A}}", { A: "x", B_C: "y" })).toBe("x and y and x");
  });

  it("throws on a placeholder without a value, naming it", () => {
    expect(() => render("hi {{NAME}}", {})).toThrow("{{NAME}}");
  });

  it("inserts values literally: no $-patterns, no second pass over inserted text", () => {
    expect(render("{{A}}", { A: "$& $1 $$ $`" })).toBe("$& $1 $$ $`");
    expect(render("{{A}} {{B}}", { A: "{{B}}", B: "b" })).toBe("{{B}} b");
  });

  it("leaves text that is not a placeholder alone", () => {
    expect(render("{{lower}} {{ A }} {A}", {})).toBe("{{lower}} {{ A }} {A}");
  });
});
