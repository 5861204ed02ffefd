import { describe, expect, it } from "vitest";
import { matchFinalNewline, matchLineEndings } from "../../src/write/eol.js";

describe("matchLineEndings", () => {
  it("leaves a new file as the model wrote it", () => {
    expect(matchLineEndings("a\nb\r\n", null)).toBe("a\nb\r\n");
  });

  it("turns LF into CRLF for a CRLF file, without doubling existing CRs", () => {
    expect(matchLineEndings("a\nb\r\nc\n", "x\r\ny\r\n")).toBe("a\r\nb\r\nc\r\n");
  });

  it("keeps LF for an LF file", () => {
    expect(matchLineEndings("a\nb\n", "x\ny\n")).toBe("a\nb\n");
  });

  it("follows the majority in a mixed file", () => {
    expect(matchLineEndings("a\nb\n", "1\r\n2\r\n3\n")).toBe("a\r\nb\r\n");
    expect(matchLineEndings("a\nb\n", "1\r\n2\n3\n4\n")).toBe("a\nb\n");
  });

  it("keeps content without line endings, and an existing file without any", () => {
    expect(matchLineEndings("one line", "x\r\n")).toBe("one line");
    expect(matchLineEndings("a\nb", "no newline")).toBe("a\nb");
  });
});

describe("matchFinalNewline", () => {
  it("drops the final newline for an existing file that has none (LF or CRLF)", () => {
    expect(matchFinalNewline("a\nb\n", "x\ny")).toBe("a\nb");
    expect(matchFinalNewline("a\r\nb\r\n", "x\r\ny")).toBe("a\r\nb");
  });

  it("keeps it for a new file, an empty one, and one that ends with a newline", () => {
    expect(matchFinalNewline("a\nb\n", null)).toBe("a\nb\n");
    expect(matchFinalNewline("a\nb\n", "")).toBe("a\nb\n");
    expect(matchFinalNewline("a\nb\n", "x\ny\n")).toBe("a\nb\n");
    expect(matchFinalNewline("a\r\nb\r\n", "x\r\ny\r\n")).toBe("a\r\nb\r\n");
  });
});
