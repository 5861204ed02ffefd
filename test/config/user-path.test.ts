import { isAbsolute } from "node:path";
import { describe, expect, it } from "vitest";
import { userConfigPath } from "../../src/config/layers.js";

// "Your file" must be the user's: with a relative XDG_CONFIG_HOME or HOME (set empty, say, in a
// CI job or under `env -i HOME=`), the path was relative, so a command read whatever
// `.config/local-delegate/config.yaml` lay under the folder it ran in (a project's, perhaps a
// committed one) as the user's own file, and the resident hook helper, in another folder, read
// another. The XDG spec says a relative path there is to be ignored, as stateDir already does.

describe("the user's config file", () => {
  it("ignores a relative XDG_CONFIG_HOME, as the XDG spec says", () => {
    expect(userConfigPath({ XDG_CONFIG_HOME: "cfg", HOME: "/h" })).toBe("/h/.config/local-delegate/config.yaml");
    expect(userConfigPath({ XDG_CONFIG_HOME: "./cfg", HOME: "/h" })).toBe("/h/.config/local-delegate/config.yaml");
  });

  it("is never relative, whatever HOME holds", () => {
    for (const HOME of ["", ".", "home/u"]) {
      const p = userConfigPath({ HOME });
      expect(isAbsolute(p), `HOME=${JSON.stringify(HOME)}: ${p}`).toBe(true);
    }
  });

  it("still takes an absolute XDG_CONFIG_HOME over HOME, and HOME when it is absolute", () => {
    expect(userConfigPath({ XDG_CONFIG_HOME: "/x", HOME: "/h" })).toBe("/x/local-delegate/config.yaml");
    expect(userConfigPath({ HOME: "/h" })).toBe("/h/.config/local-delegate/config.yaml");
    expect(userConfigPath({ HOME: "/h" }, "/override")).toBe("/override/local-delegate/config.yaml");
  });
});
