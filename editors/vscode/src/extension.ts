// The VS Code extension: starts `repl-lint lsp` for Terraform, YAML and JSON documents. All the
// linting happens in the language server; this only launches and stops it.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions } from "vscode-languageclient/node";
import { documentSelector, serverCommand } from "./config";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const settings = vscode.workspace.getConfiguration("repl-lint");
  const server: ServerOptions = serverCommand(settings.get<string>("path"));
  const options: LanguageClientOptions = {
    documentSelector: documentSelector(),
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher(
        "**/{*.tf,*.tf.json,*.tfvars,*.yaml,*.yml,*.json,*.template,.repl-lint.toml}"
      ),
    },
  };
  client = new LanguageClient("repl-lint", "repl-lint", server, options);
  context.subscriptions.push(
    vscode.commands.registerCommand("repl-lint.restart", () => client?.restart())
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
