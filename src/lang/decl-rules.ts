import type { SyntaxNode } from "./tree-sitter.js";

// What each tree-sitter grammar calls a declaration, and each language's rule for what other
// files can use. Read by declarations.ts, which outline.ts (signatures for the prompt) and
// names.ts (the names a file defines) share.

/**
 * `import`: kept whole. `function`: its body is replaced. `container`: a class, module or impl,
 * whose members are declarations in turn. `value`: a constant, field or type, kept whole when
 * short. `transparent`: a wrapper (an include guard, `extern "C" {`) whose children are read as
 * if they were its siblings.
 */
export type Role = "import" | "function" | "container" | "value" | "transparent";

/** Where a declaration sits, for the rule of what is exported. */
export interface Scope {
  /** Null at the top level; in a container, its access mode (`public`, `private`, …: C++ sections, Ruby's `private`, an interface's members). */
  access: string | null;
  /** Python's `__all__`, when the module has one. */
  all: ReadonlySet<string> | null;
}

export interface LanguageRules {
  roles: Readonly<Record<string, readonly [Role, string]>>;
  /** Whether other files can use a declaration. */
  exported(node: SyntaxNode, name: string, scope: Scope): boolean;
  /** How a body is left out and a container closed. */
  style: "braces" | "python" | "ruby";
  /** Lines that are comments, for the doc comment above a declaration. */
  comment: RegExp;
}

const SLASH = /^\s*(\/\/|\/\*|\*)/;
const HASH = /^\s*#/;

const has = (node: SyntaxNode, word: RegExp): boolean =>
  node.children.some((c) => !!c && /modifier|visibility|storage_class|access_specifier/.test(c.type) && word.test(c.text));
const notPrivate = (node: SyntaxNode) => !has(node, /\b(private|fileprivate)\b/);

const r = (role: Role, kind: string) => [role, kind] as const;

const RULES: Readonly<Record<string, LanguageRules>> = {
  python: {
    roles: {
      import_statement: r("import", "import"),
      import_from_statement: r("import", "import"),
      future_import_statement: r("import", "import"),
      function_definition: r("function", "function"),
      class_definition: r("container", "class"),
      decorated_definition: r("transparent", ""),
      expression_statement: r("value", "variable"),
    },
    exported: (_, name, scope) => !name.startsWith("_") || /^__\w+__$/.test(name) || (scope.access === null && (scope.all?.has(name) ?? false)),
    style: "python",
    comment: HASH,
  },
  go: {
    roles: {
      package_clause: r("import", "package"),
      import_declaration: r("import", "import"),
      function_declaration: r("function", "function"),
      method_declaration: r("function", "method"),
      type_declaration: r("value", "type"),
      var_declaration: r("value", "var"),
      const_declaration: r("value", "const"),
    },
    exported: (_, name) => /^[A-Z]/.test(name.replace(/^.*\./, "")),
    style: "braces",
    comment: SLASH,
  },
  rust: {
    roles: {
      use_declaration: r("import", "use"),
      extern_crate_declaration: r("import", "use"),
      function_item: r("function", "function"),
      function_signature_item: r("value", "function"),
      impl_item: r("container", "impl"),
      trait_item: r("container", "trait"),
      mod_item: r("container", "module"),
      struct_item: r("value", "struct"),
      enum_item: r("value", "enum"),
      union_item: r("value", "union"),
      type_item: r("value", "type"),
      const_item: r("value", "const"),
      static_item: r("value", "static"),
      macro_definition: r("value", "macro"),
    },
    // Trait items and trait impls' methods are as public as the trait.
    exported: (node, _, scope) => scope.access === "public" || node.children.some((c) => c?.type === "visibility_modifier"),
    style: "braces",
    // `#[derive(…)]` above an item says what it is as much as its doc comment does.
    comment: /^\s*(\/\/|\/\*|\*|#!?\[)/,
  },
  java: {
    roles: {
      package_declaration: r("import", "package"),
      import_declaration: r("import", "import"),
      class_declaration: r("container", "class"),
      interface_declaration: r("container", "interface"),
      enum_declaration: r("container", "enum"),
      record_declaration: r("container", "record"),
      annotation_type_declaration: r("container", "annotation"),
      method_declaration: r("function", "method"),
      constructor_declaration: r("function", "constructor"),
      field_declaration: r("value", "field"),
      constant_declaration: r("value", "const"),
    },
    exported: notPrivate,
    style: "braces",
    comment: SLASH,
  },
  kotlin: {
    roles: {
      package_header: r("import", "package"),
      import_list: r("import", "import"),
      class_declaration: r("container", "class"),
      object_declaration: r("container", "object"),
      companion_object: r("container", "object"),
      function_declaration: r("function", "function"),
      property_declaration: r("value", "property"),
      type_alias: r("value", "type"),
    },
    exported: notPrivate,
    style: "braces",
    comment: SLASH,
  },
  csharp: {
    roles: {
      using_directive: r("import", "using"),
      namespace_declaration: r("container", "namespace"),
      class_declaration: r("container", "class"),
      struct_declaration: r("container", "struct"),
      interface_declaration: r("container", "interface"),
      record_declaration: r("container", "record"),
      enum_declaration: r("value", "enum"),
      delegate_declaration: r("value", "delegate"),
      method_declaration: r("function", "method"),
      constructor_declaration: r("function", "constructor"),
      property_declaration: r("value", "property"),
      field_declaration: r("value", "field"),
      event_field_declaration: r("value", "event"),
    },
    // Members are private unless they say otherwise (an interface's are public); types are internal.
    exported: (node, _, scope) =>
      has(node, /\b(public|protected|internal)\b/) || scope.access === "public" || (scope.access === null && !has(node, /\bprivate\b/)),
    style: "braces",
    comment: SLASH,
  },
  c: {
    roles: {
      preproc_include: r("import", "include"),
      preproc_def: r("value", "macro"),
      preproc_function_def: r("value", "macro"),
      preproc_ifdef: r("transparent", ""),
      preproc_if: r("transparent", ""),
      preproc_else: r("transparent", ""),
      linkage_specification: r("transparent", ""),
      declaration_list: r("transparent", ""),
      function_definition: r("function", "function"),
      declaration: r("value", "declaration"),
      type_definition: r("value", "type"),
      struct_specifier: r("value", "struct"),
      enum_specifier: r("value", "enum"),
      union_specifier: r("value", "union"),
    },
    exported: (node) => !has(node, /\bstatic\b/),
    style: "braces",
    comment: SLASH,
  },
  ruby: {
    roles: {
      module: r("container", "module"),
      class: r("container", "class"),
      singleton_class: r("container", "class"),
      method: r("function", "method"),
      singleton_method: r("function", "method"),
      assignment: r("value", "constant"),
    },
    exported: (_, __, scope) => scope.access !== "private",
    style: "ruby",
    comment: HASH,
  },
  php: {
    roles: {
      namespace_definition: r("container", "namespace"),
      namespace_use_declaration: r("import", "use"),
      class_declaration: r("container", "class"),
      interface_declaration: r("container", "interface"),
      trait_declaration: r("container", "trait"),
      enum_declaration: r("container", "enum"),
      function_definition: r("function", "function"),
      method_declaration: r("function", "method"),
      property_declaration: r("value", "property"),
      const_declaration: r("value", "const"),
    },
    exported: notPrivate,
    style: "braces",
    comment: SLASH,
  },
  bash: {
    roles: { function_definition: r("function", "function"), variable_assignment: r("value", "variable") },
    exported: () => true,
    style: "braces",
    comment: HASH,
  },
  swift: {
    roles: {
      import_declaration: r("import", "import"),
      class_declaration: r("container", "class"),
      protocol_declaration: r("container", "protocol"),
      function_declaration: r("function", "function"),
      init_declaration: r("function", "init"),
      property_declaration: r("value", "property"),
      typealias_declaration: r("value", "type"),
      protocol_function_declaration: r("value", "function"),
    },
    exported: notPrivate,
    style: "braces",
    comment: SLASH,
  },
};

// C++ is C plus classes, namespaces and templates. A class's members are private until a
// `public:` section; a struct's are public.
const C = RULES.c!;
const CPP: LanguageRules = {
  ...C,
  roles: {
    ...C.roles,
    namespace_definition: r("container", "namespace"),
    class_specifier: r("container", "class"),
    struct_specifier: r("container", "struct"),
    template_declaration: r("transparent", ""),
    field_declaration: r("value", "field"),
    alias_declaration: r("value", "type"),
    using_declaration: r("import", "using"),
  },
  exported: (node, _, scope) => (scope.access === null ? !has(node, /\bstatic\b/) : scope.access !== "private"),
};

/** The rules of a language with a tree-sitter outline, if it has one. */
export function rulesFor(language: string): LanguageRules | undefined {
  return language === "cpp" ? CPP : RULES[language];
}
