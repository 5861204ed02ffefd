import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

// An HTML partial cut before its last end tags (`<ul>` … `<li>b</li>` and then nothing): the
// grammar closes the open element with an end tag it inserts and keeps hidden, so the tree has an
// error but no ERROR or MISSING node to point at, and the gate found no problem. The cut file was
// written as a checked success; a browser shows it, but what followed is gone.

describe("HTML: an element left open at the end of the file", () => {
  it("is refused at its start tag", async () => {
    const cut = '<h2>Orders</h2>\n<ul class="orders">\n  <li>One</li>\n  <li>Two</li>\n';
    expect(await checkSyntax(cut, "html", { file: "templates/orders.html" })).toMatchObject({ ok: false, message: expect.stringMatching(/^line 2:1: "<ul>" is not closed\n {2}2 \| <ul class="orders">/) });
    expect(await checkSyntax("<section>\n  <h1>Title</h1>\n  <p>Hello</p>\n", "html")).toMatchObject({ ok: false, message: expect.stringMatching(/^line 1:1: "<section>" is not closed/) });
  });

  it("elements whose end tag HTML lets one leave out may end with the file", async () => {
    expect(await checkSyntax("<!DOCTYPE html>\n<html>\n<body>\n<p>one</p>\n", "html")).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await checkSyntax("<ul>\n  <li>a\n  <li>b\n</ul>\n<p>two\n", "html")).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await checkSyntax('<section class="orders">\n  <ul>\n    <li>One</li>\n  </ul>\n</section>\n', "html")).toEqual({ ok: true, checked: "tree-sitter" });
  });
});

// A `>` in text needs no escaping in HTML (`5 > 3`, `x => y`, a breadcrumb's `Home > Docs`, a
// `Next >` button), and browsers and validators take it as a character. The grammar refused it
// as invalid syntax, so such a page was refused on every attempt and the task escalated.
describe("HTML: a > in text", () => {
  it("is accepted as checked", async () => {
    const page = '<nav class="crumbs"><a href="/">Home</a> > <a href="/docs">Docs</a></nav>\n<p>Use <code>x => x * 2</code> when n > 3.</p>\n<button type="button">Next ></button>\n';
    expect(await checkSyntax(page, "html", { file: "site/index.html" })).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it("a mistake next to it is still refused at its line, and attributes and scripts keep theirs", async () => {
    const v = await checkSyntax('<p>n > 3</p>\n<div>\n  <span>a > b</div>\n', "html");
    expect(v).toMatchObject({ ok: false, message: expect.stringMatching(/^line 3:/) });
    expect(await checkSyntax('<p title="a > b">x</p>\n<script>\n  if (a > b) go();\n</script>\n<!-- a > b -->\n', "html")).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await checkSyntax('<p class="a>x</p>\n<p>b > c</p>\n', "html")).toMatchObject({ ok: false });
  });
});
