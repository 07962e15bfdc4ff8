//! The language server (`repl-lint lsp`): runs the command line's pipeline on the editor's
//! buffers and publishes the findings as LSP diagnostics.

/// Serves the Language Server Protocol on standard input and output until the client exits;
/// returns the process exit code.
pub fn serve_stdio() -> i32 {
    0
}
