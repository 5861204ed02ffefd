import * as z from "zod";

// zod compiles each object schema's parser with `new Function` on its first use: worth it for a
// schema parsed many times in a long-lived process, not in a command that parses each schema once
// or twice and exits (about 3 ms of a run, which V8's code cache cannot keep). Imported first by
// the CLI's entry, before any schema is built: zod reads the setting as it builds each schema.
z.config({ jitless: true });
