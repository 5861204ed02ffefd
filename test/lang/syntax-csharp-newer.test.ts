import { describe, expect, it } from "vitest";
import { checkSyntax } from "../../src/lang/syntax.js";

// C# 10-13 syntax the C# 9 grammar does not know (no local compiler reads it: mcs stops at C# 7;
// each form is as the C# reference and ASP.NET's minimal-API documentation write it).

// ASP.NET Core's minimal API, as its tutorial writes it: a lambda's explicit return type (C# 10)
// and its attributes (C# 10).
const minimalApi = [
  "var builder = WebApplication.CreateBuilder(args);",
  "var app = builder.Build();",
  "",
  'app.MapGet("/todos/{id}", async Task<Results<Ok<Todo>, NotFound>> (int id, TodoDb db) =>',
  "    await db.Todos.FindAsync(id) is Todo todo ? TypedResults.Ok(todo) : TypedResults.NotFound());",
  "",
  'app.MapPost("/todos", [Authorize] async (Todo todo, TodoDb db) =>',
  "{",
  "    db.Todos.Add(todo);",
  "    await db.SaveChangesAsync();",
  '    return Results.Created($"/todos/{todo.Id}", todo);',
  "});",
  "",
  "app.Run();",
  "",
  "public record Todo(int Id, string Name);",
  "",
].join("\n");

// UTF-8 string literals (C# 11) and params collections (C# 13).
const fastPath = [
  "using System;",
  "",
  "public static class Wire",
  "{",
  '    public static ReadOnlySpan<byte> Header => "HTTP/1.1"u8;',
  "",
  "    public static int Sum(params ReadOnlySpan<int> items)",
  "    {",
  "        var total = 0;",
  "        foreach (var i in items) total += i;",
  "        return total;",
  "    }",
  "}",
  "",
].join("\n");

describe("C# 10-13 syntax", () => {
  it("a minimal API's typed and attributed lambdas, UTF-8 literals and params spans are accepted", async () => {
    expect(await checkSyntax(minimalApi, "csharp", { file: "Program.cs" })).toEqual({ ok: true, checked: "tree-sitter" });
    expect(await checkSyntax(fastPath, "csharp", { file: "Wire.cs" })).toEqual({ ok: true, checked: "tree-sitter" });
  });

  it("a mistake next to them is still refused at its line", async () => {
    const paren = await checkSyntax(minimalApi.replace("FindAsync(id) is", "FindAsync(id is"), "csharp", { file: "Program.cs" });
    expect(paren).toMatchObject({ ok: false, message: expect.stringMatching(/^line [45]:\d+: /) });
    const semicolon = await checkSyntax(minimalApi.replace("db.Todos.Add(todo);", "db.Todos.Add(todo)"), "csharp", { file: "Program.cs" });
    expect(semicolon).toMatchObject({ ok: false, message: expect.stringMatching(/^line (9|10):\d+: /) });
    const quote = await checkSyntax(fastPath.replace('"HTTP/1.1"u8', '"HTTP/1.1u8'), "csharp", { file: "Wire.cs" });
    expect(quote).toMatchObject({ ok: false, message: expect.stringMatching(/^line 5:\d+: /) });
    const brace = await checkSyntax(fastPath.replace("        return total;\n    }\n", "        return total;\n"), "csharp", { file: "Wire.cs" });
    expect(brace).toMatchObject({ ok: false });
  });
});
