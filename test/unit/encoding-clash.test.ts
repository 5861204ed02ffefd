import { describe, expect, it } from "vitest";
import { encodingClash } from "../../src/write/encoding.js";

describe("an encoding a file declares that its UTF-8 text cannot be read in", () => {
  it("a Python or Ruby coding comment on the first line, or the second after a shebang", () => {
    expect(encodingClash("# -*- coding: latin-1 -*-\nx = 'é'\n", "python")).toBe("latin-1");
    expect(encodingClash("#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nx = 'é'\n", "python")).toBe("cp1252");
    expect(encodingClash("# encoding: ascii\nputs 'é'\n", "ruby")).toBe("ascii");
  });

  it("an XML declaration, a CSS @charset, an HTML meta charset", () => {
    expect(encodingClash('<?xml version="1.0" encoding="windows-1252"?>\n<a>é</a>\n', "xml")).toBe("windows-1252");
    expect(encodingClash('@charset "iso-8859-15";\na::after { content: "€"; }\n', "css")).toBe("iso-8859-15");
    expect(encodingClash('<html><head><meta charset="iso-8859-1"></head><body>é</body></html>\n', "html")).toBe("iso-8859-1");
  });

  it("near misses: ASCII text, UTF-8 declared any way, a comment past the second line, another language's #", () => {
    expect(encodingClash("# -*- coding: latin-1 -*-\nx = '\\xe9'\n", "python")).toBeNull();
    for (const name of ["utf-8", "UTF8", "utf_8", "utf-8-sig", "utf-8-unix"]) expect(encodingClash(`# coding: ${name}\nx = 'é'\n`, "python")).toBeNull();
    expect(encodingClash("import os\n\n# coding: latin-1\nx = 'é'\n", "python")).toBeNull();
    expect(encodingClash("x = 1\n# coding: latin-1\ny = 'é'\n", "python")).toBeNull();
    expect(encodingClash("# coding: latin-1\necho 'é'\n", "bash")).toBeNull();
    expect(encodingClash('<?xml version="1.0" encoding="UTF-8"?>\n<a>é</a>\n', "xml")).toBeNull();
  });
});
