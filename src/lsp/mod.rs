//! The language server (`repl-lint lsp`): runs the command line's pipeline on the editor's
//! buffers and publishes the findings as LSP diagnostics, with hovers and verified quick fixes.
//!
//! `server.rs` owns the event loop (documents, debounced lint runs on a worker thread,
//! publishing), `convert.rs` turns findings into LSP diagnostics, `features.rs` answers hovers
//! and code actions from the last run, `uri.rs` maps URIs to paths.

mod convert;
mod features;
mod memory;
mod server;
mod transport;
mod uri;

use lsp_server::Connection;
use lsp_types as lsp;
use std::path::PathBuf;

/// Serves the Language Server Protocol on standard input and output until the client exits;
/// returns the process exit code (0 after `shutdown` and `exit`, 1 otherwise). The transport
/// ([`transport`]) bounds every message; when the client's stream broke, that is the error
/// reported, not the hang-up it caused. The allocator hands emptied pages back at once for the
/// rest of the process ([`memory::return_pages_at_once`]).
pub fn serve_stdio() -> i32 {
    memory::return_pages_at_once();
    let (connection, transport) = transport::stdio();
    let served = serve(&connection);
    drop(connection);
    match (transport.join(), served) {
        (Ok(()), Ok(())) => 0,
        (Err(message), _) | (Ok(()), Err(message)) => {
            eprintln!("repl-lint lsp: {message}");
            1
        }
    }
}

/// Serves one client on `connection`: the `initialize` handshake, then the event loop until
/// `exit` (or the client hangs up).
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": {"name": "repl-lint", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    server::Server::new(connection, workspace_roots(&params), watch).run()
}

/// What the server offers.
fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                    lsp::SaveOptions {
                        include_text: Some(false),
                    },
                )),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        // How long the server waits after an edit before linting (clients and benchmarks may
        // subtract it from the time to diagnostics).
        experimental: Some(serde_json::json!({
            "debounceMs": server::DEBOUNCE.as_millis(),
        })),
        ..Default::default()
    }
}

/// The directories to lint: the workspace folders, else the root URI (or deprecated root
/// path); none when the editor opened loose files.
#[allow(deprecated)] // `root_uri` and `root_path` are still what many clients send.
fn workspace_roots(params: &lsp::InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|folder| uri::to_path(&folder.uri))
        .collect();
    if roots.is_empty() {
        roots.extend(params.root_uri.as_ref().and_then(uri::to_path));
    }
    if roots.is_empty() {
        roots.extend(params.root_path.as_ref().map(PathBuf::from));
    }
    roots.retain(|root| root.is_dir());
    roots.sort();
    roots.dedup();
    roots
}
