// A check of the extension's configuration that runs under plain Node (`npm run check` after
// `npm run compile`): the document selector and the server command.
import * as assert from "node:assert/strict";
import { documentSelector, serverCommand } from "./config";

const selector = documentSelector();
for (const language of ["terraform", "hcl", "yaml", "json"]) {
  assert.ok(selector.some((s) => s.language === language && s.scheme === "file"), language);
  assert.ok(selector.some((s) => s.language === language && s.scheme === "untitled"), language);
}
assert.deepEqual(serverCommand(undefined), { command: "repl-lint", args: ["lsp"] });
assert.deepEqual(serverCommand("  "), { command: "repl-lint", args: ["lsp"] });
assert.deepEqual(serverCommand("/opt/bin/repl-lint"), {
  command: "/opt/bin/repl-lint",
  args: ["lsp"],
});
console.log("1 passed, 0 failed");
