import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

// Swift 5.9's freestanding macros: `#Preview { … }` ends every SwiftUI view file Xcode 15 makes,
// and Swift Testing (Xcode 16's default) asserts with `#expect(…)` and `#require(…)`. The grammar
// predates them and refused these files on every attempt, so a SwiftUI view or a test ended in
// escalation however right the model's answer was.

const VIEW = `import SwiftUI

struct CounterView: View {
    @State private var count = 0

    var body: some View {
        Button("Add \\(count)") { count += 1 }
    }
}

#Preview("Light") {
    CounterView()
}
`;

const TESTS = `import Testing
@testable import App

@Suite struct CounterTests {
    @Test func increments() throws {
        var c = Counter()
        c.increment()
        #expect(c.count == 1)
        let first = try #require(c.history.first)
        #expect(first == 0, "starts at zero")
    }
}
`;

describe("Swift: freestanding macros", () => {
  it("a SwiftUI view ending in #Preview and a Swift Testing suite are accepted as checked", async () => {
    expect(await checkSyntax(VIEW, "swift", { file: "Sources/App/CounterView.swift" })).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await checkSyntax(TESTS, "swift", { file: "Tests/AppTests/CounterTests.swift" })).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it("a mistake in a macro's arguments or around it is still refused at its line", async () => {
    const unclosed = TESTS.replace("#expect(c.count == 1)", "#expect(c.count == 1");
    expect(await checkSyntax(unclosed, "swift")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 8:16: "\(" is not closed/) });
    const cut = VIEW.slice(0, VIEW.indexOf("    CounterView()"));
    expect(await checkSyntax(cut, "swift")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 11:/) });
  });

  it("the directives the grammar knows are not read as macros", async () => {
    const directives = '#if DEBUG\nlet mode = "debug"\n#else\nlet mode = "release"\n#endif\nfunc here() -> String { "\\(#function):\\(#line)" }\n';
    expect(await checkSyntax(directives, "swift")).toEqual({ ok: true, checked: "tree-sitter" });
  });
});
