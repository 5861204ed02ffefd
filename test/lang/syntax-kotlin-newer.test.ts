import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

// Kotlin the grammar predates: `fun interface` (SAM interfaces, Kotlin 1.4) and the open-ended range
// operator `..<` (Kotlin 1.8, stable in 1.9: `for (i in 0..<n)`, what IntelliJ suggests for
// `0 until n`). Both are refused as "invalid syntax", so such a file was refused on every attempt
// and the task escalated however right the model's answer was.

const OP = `package app

fun interface Validator {
    fun validate(input: String): Boolean
}

val notBlank = Validator { it.isNotBlank() }

class Rules {
    fun interface Rule {
        fun check(n: Int): Boolean
    }
}
`;

const RANGE = `package app

fun sumBelow(n: Int): Int {
    var total = 0
    for (i in 0..<n) {
        total += i
    }
    return total
}

fun window(xs: List<Int>, size: Int) = (0..<xs.size - size).map { xs.subList(it, it + size) }
`;

describe("Kotlin: syntax newer than the grammar", () => {
  it("fun interface and ..< are accepted as checked", async () => {
    expect(await checkSyntax(OP, "kotlin", { file: "src/main/kotlin/app/Validator.kt" })).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await checkSyntax(RANGE, "kotlin", { file: "src/main/kotlin/app/Ranges.kt" })).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it("a mistake around them is still refused at its line", async () => {
    const unclosed = OP.replace("fun validate(input: String): Boolean", "fun validate(input: String: Boolean");
    expect(await checkSyntax(unclosed, "kotlin")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 4:17: "\(" is not closed/) });
    const cut = RANGE.slice(0, RANGE.indexOf("    return total"));
    expect(await checkSyntax(cut, "kotlin")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:/) });
    expect(await checkSyntax("package app\n\nval r = 0..<\n", "kotlin")).toMatchObject({ ok: false });
  });
});
