// What the extension starts and for which documents: kept apart from `extension.ts` (which needs
// the VS Code API) so that `check.ts` can test it with plain Node.

/** The languages whose documents the server lints: Terraform (`.tf`, `.tf.json`), YAML and
 * JSON (CloudFormation templates and plans). `hcl` is the ID some Terraform extensions use. */
export const LANGUAGES = ["terraform", "hcl", "yaml", "json"];

/** The document selector: files on disk and unsaved buffers of those languages. */
export function documentSelector(): { scheme: string; language: string }[] {
  return ["file", "untitled"].flatMap((scheme) =>
    LANGUAGES.map((language) => ({ scheme, language }))
  );
}

/** The server command: `repl-lint lsp`, with the executable from the settings. */
export function serverCommand(path: string | undefined): { command: string; args: string[] } {
  const command = path && path.trim() !== "" ? path.trim() : "repl-lint";
  return { command, args: ["lsp"] };
}
