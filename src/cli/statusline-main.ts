// dist/statusline.js: the status line command on its own, one file that imports nothing beside it,
// so that it can be copied to a fixed path for Claude Code's `statusLine` setting (the plugin's own
// folder changes with every update, and dist/cli.js needs dist/cli-main.cjs beside it).
import { statuslineCommand } from "./commands/statusline.js";
import { exitOnBrokenPipe, exitWhenFlushed } from "./exit.js";
import { processIO } from "./io.js";

// Claude Code cancels a status line run when a newer one starts: a closed pipe is no error.
exitOnBrokenPipe();
statuslineCommand(process.argv.slice(2), processIO()).then(exitWhenFlushed, () => exitWhenFlushed(0));
