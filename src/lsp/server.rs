//! The server's event loop: keeps the open documents, lints the workspace with them as an
//! overlay on a worker thread (a run starts as soon as none is running; one whose inputs changed
//! meanwhile is superseded, so a burst of edits during a run is linted once), publishes what
//! changed, and answers requests from the newest run.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;

use super::convert::{self, FileDiagnostics};
use super::features::{self, Snapshot};
use super::uri;
use crate::Options;

/// How long the inputs must stay unchanged before a lint starts: none. A change starts a run at
/// once when none is running; changes made during a run supersede it and are linted together
/// when it ends, so bursts of edits cost at most one run more than their last edit.
pub const DEBOUNCE: Duration = Duration::ZERO;

/// An open document.
struct Document {
    uri: lsp::Uri,
    version: i32,
    text: Arc<str>,
}

/// What a worker sends back.
struct Finished {
    generation: u64,
    options: Options,
    result: Result<crate::Outcome, String>,
}

/// The server's state.
pub struct Server<'a> {
    connection: &'a Connection,
    /// The workspace folders (none when the editor opened loose files).
    roots: Vec<PathBuf>,
    /// Whether the client takes a dynamic registration for watched files.
    watch: bool,
    /// The options of a plain run on the workspace (its `.repl-lint.toml`), without overlay.
    options: Result<Options, String>,
    documents: BTreeMap<PathBuf, Document>,
    /// Bumped on every change of the inputs (documents, files on disk, configuration).
    generation: u64,
    /// True when the inputs changed since the last run started.
    dirty: bool,
    /// The generation of the run in progress.
    running: Option<u64>,
    /// Runs to make, taken in order by the one run thread ([`run_thread`]).
    runs: Sender<(u64, Options)>,
    finished_rx: Receiver<Finished>,
    /// The newest run whose inputs are the current ones.
    snapshot: Option<Arc<Snapshot>>,
    /// What was last published, by URI.
    published: BTreeMap<String, Vec<lsp::Diagnostic>>,
    /// Documents opened since the last publish: the next publish sends them under their
    /// version even when their findings did not change, an empty list included.
    opened: BTreeSet<String>,
    /// Hover and code-action requests waiting for a run of the current inputs.
    waiting: Vec<Request>,
    /// True when the current inputs could not be linted (the configuration is broken).
    failed: bool,
    /// True after `shutdown`: only `exit` is expected.
    shut_down: bool,
    /// What each run keeps for the next (files not parsed again while unchanged).
    cache: Arc<crate::pipeline::Cache>,
}

/// Makes the runs sent on `to_run`, one at a time, and sends each result on `finished`, until
/// the server is gone. One long-lived thread rather than one per run: the allocator keeps one
/// heap for the runs instead of taking over the heap each finished run thread left.
fn run_thread(to_run: &Receiver<(u64, Options)>, finished: &Sender<Finished>) {
    for (generation, options) in to_run {
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| crate::lint(&options)))
            .unwrap_or_else(|_| Err("internal error while linting".to_string()));
        if finished
            .send(Finished {
                generation,
                options,
                result,
            })
            .is_err()
        {
            return;
        }
        // After the results are on their way: give back the pages of this run's temporaries
        // and of the results the previous run replaced.
        super::memory::release_freed();
    }
}

impl<'a> Server<'a> {
    /// A server for `roots`, not yet linting.
    pub fn new(connection: &'a Connection, roots: Vec<PathBuf>, watch: bool) -> Server<'a> {
        let (finished_tx, finished_rx) = crossbeam_channel::unbounded();
        let (runs, to_run) = crossbeam_channel::unbounded();
        std::thread::spawn(move || run_thread(&to_run, &finished_tx));
        let mut server = Server {
            connection,
            roots,
            watch,
            options: Err(String::new()),
            documents: BTreeMap::new(),
            generation: 0,
            dirty: false,
            running: None,
            runs,
            finished_rx,
            snapshot: None,
            published: BTreeMap::new(),
            opened: BTreeSet::new(),
            waiting: Vec::new(),
            failed: false,
            shut_down: false,
            cache: Arc::default(),
        };
        server.load_options();
        server
    }

    /// Lints the workspace at once, then handles messages and finished runs until `exit` or
    /// until the client hangs up (the handshake, `initialized` included, is done). An error when
    /// that happens without `shutdown` first.
    pub fn run(mut self) -> Result<(), String> {
        self.register_watchers();
        self.changed();
        loop {
            self.start_if_due();
            select! {
                recv(self.connection.receiver) -> message => {
                    let Ok(message) = message else {
                        return if self.shut_down {
                            Ok(())
                        } else {
                            Err("the client hung up without shutdown".to_string())
                        };
                    };
                    if !self.handle(message)? {
                        return Ok(());
                    }
                }
                recv(self.finished_rx) -> finished => {
                    if let Ok(finished) = finished {
                        self.finish(finished);
                    }
                }
            }
        }
    }

    /// Handles one message; false after `exit`.
    fn handle(&mut self, message: Message) -> Result<bool, String> {
        match message {
            Message::Request(request) if self.shut_down => {
                self.respond_error(request.id, ErrorCode::InvalidRequest, "shutting down");
            }
            Message::Request(request) if request.method == lsp::request::Shutdown::METHOD => {
                self.shut_down = true;
                let response = Response::new_ok(request.id, ());
                let _ = self.connection.sender.send(response.into());
            }
            Message::Request(request) => self.request(request),
            Message::Notification(notification) => {
                if notification.method == lsp::notification::Exit::METHOD {
                    return if self.shut_down {
                        Ok(false)
                    } else {
                        Err("exit without shutdown".to_string())
                    };
                }
                if !self.shut_down {
                    self.notification(notification);
                }
            }
            // Answers to our own requests (the watched-files registration): nothing to do.
            Message::Response(_) => {}
        }
        Ok(true)
    }

    fn notification(&mut self, notification: Notification) {
        use lsp::notification::{
            Cancel, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
            DidOpenTextDocument, DidSaveTextDocument,
        };
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Some(p) = params::<lsp::DidOpenTextDocumentParams>(notification) {
                    let doc = p.text_document;
                    // An opened document is published (under its version) even when its
                    // findings are those already published from disk. What was published stays
                    // recorded: if the findings go away before the next run, the editor must
                    // still be told.
                    self.opened.insert(doc.uri.as_str().to_string());
                    self.set_document(doc.uri, doc.version, doc.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(p) = params::<lsp::DidChangeTextDocumentParams>(notification) {
                    // Full synchronisation: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        let doc = p.text_document;
                        self.set_document(doc.uri, doc.version, change.text);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = params::<lsp::DidCloseTextDocumentParams>(notification)
                    && let Some(path) = uri::to_path(&p.text_document.uri)
                    && self.documents.remove(&path).is_some()
                {
                    self.changed();
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(p) = params::<lsp::DidSaveTextDocumentParams>(notification)
                    && let Some(path) = uri::to_path(&p.text_document.uri)
                    && is_config(&path)
                {
                    self.load_options();
                    self.changed();
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Some(p) = params::<lsp::DidChangeWatchedFilesParams>(notification) {
                    let paths: Vec<PathBuf> = p
                        .changes
                        .iter()
                        .filter_map(|c| uri::to_path(&c.uri))
                        .collect();
                    if paths.iter().any(|p| is_config(p)) {
                        self.load_options();
                    }
                    self.changed();
                }
            }
            Cancel::METHOD => {
                if let Some(p) = params::<lsp::CancelParams>(notification) {
                    let id: RequestId = match p.id {
                        lsp::NumberOrString::Number(n) => n.into(),
                        lsp::NumberOrString::String(s) => s.into(),
                    };
                    if let Some(at) = self.waiting.iter().position(|r| r.id == id) {
                        let request = self.waiting.remove(at);
                        self.respond_error(request.id, ErrorCode::RequestCanceled, "cancelled");
                    }
                }
            }
            _ => {}
        }
    }

    fn request(&mut self, request: Request) {
        use lsp::request::{CodeActionRequest, HoverRequest};
        match request.method.as_str() {
            HoverRequest::METHOD | CodeActionRequest::METHOD => {
                self.waiting.push(request);
                self.answer_waiting();
            }
            _ => self.respond_error(
                request.id,
                ErrorCode::MethodNotFound,
                &format!("repl-lint does not handle {}", request.method),
            ),
        }
    }

    /// Answers the waiting requests when the newest run is of the current inputs.
    fn answer_waiting(&mut self) {
        let Some(snapshot) = self.snapshot.clone() else {
            if self.failed {
                self.answer_without_run();
            }
            return;
        };
        for request in std::mem::take(&mut self.waiting) {
            let sender = self.connection.sender.clone();
            let snapshot = snapshot.clone();
            if request.method == lsp::request::HoverRequest::METHOD {
                let response = features::hover(&snapshot, request);
                let _ = sender.send(response.into());
            } else {
                // Verifying a fix re-lints: off the loop, so that edits keep flowing.
                std::thread::spawn(move || {
                    let response = features::code_actions(&snapshot, request);
                    let _ = sender.send(response.into());
                });
            }
        }
    }

    fn respond_error(&self, id: RequestId, code: ErrorCode, message: &str) {
        let response = Response::new_err(id, code as i32, message.to_string());
        let _ = self.connection.sender.send(response.into());
    }

    /// Records an open or edited document.
    fn set_document(&mut self, uri: lsp::Uri, version: i32, text: String) {
        let Some(path) = uri::to_path(&uri) else {
            return;
        };
        let unchanged = self.documents.get(&path).is_some_and(|d| *d.text == *text);
        let document = Document {
            uri,
            version,
            text: Arc::from(text),
        };
        self.documents.insert(path, document);
        if !unchanged {
            self.changed();
        } else if let Some(snapshot) = &self.snapshot {
            // Only the version moved: republish under it.
            let snapshot = snapshot.clone();
            self.publish(&snapshot, true);
        }
    }

    /// The inputs changed: the current run (if any) is superseded and a new one is due.
    fn changed(&mut self) {
        self.generation += 1;
        self.snapshot = None;
        self.failed = false;
        self.dirty = true;
    }

    /// Starts a run when the inputs changed and none is running.
    fn start_if_due(&mut self) {
        if !self.dirty || self.running.is_some() {
            return;
        }
        self.dirty = false;
        let mut options = match &self.options {
            Ok(options) => options.clone(),
            Err(message) => {
                let message = message.clone();
                self.show(lsp::MessageType::ERROR, &message);
                self.failed = true;
                self.answer_without_run();
                return;
            }
        };
        options.paths = self.lint_paths();
        options.cache = Some(self.cache.clone());
        for (path, document) in &self.documents {
            options.overlay.set(path.clone(), document.text.clone());
        }
        let generation = self.generation;
        self.running = Some(generation);
        let _ = self.runs.send((generation, options));
    }

    /// Takes a finished run: publishes it when its inputs are still the current ones.
    fn finish(&mut self, finished: Finished) {
        self.running = None;
        if finished.generation != self.generation {
            return; // Superseded: a newer run is due.
        }
        match finished.result {
            Ok(outcome) => {
                let snapshot = Arc::new(Snapshot::new(finished.options, outcome));
                self.publish(&snapshot, false);
                self.snapshot = Some(snapshot);
                self.answer_waiting();
            }
            Err(message) => {
                self.show(lsp::MessageType::ERROR, &message);
                self.failed = true;
                self.answer_without_run();
            }
        }
    }

    /// Answers the waiting requests with nothing: the current inputs could not be linted.
    fn answer_without_run(&mut self) {
        for request in std::mem::take(&mut self.waiting) {
            let empty = if request.method == lsp::request::HoverRequest::METHOD {
                serde_json::Value::Null
            } else {
                serde_json::json!([])
            };
            let _ = self
                .connection
                .sender
                .send(Response::new_ok(request.id, empty).into());
        }
    }

    /// Publishes every file whose diagnostics changed (`all`: every open file too), and an
    /// empty list for files whose findings went away.
    fn publish(&mut self, snapshot: &Snapshot, all: bool) {
        let mut now = convert::by_file(&snapshot.outcome.db, &snapshot.outcome.diagnostics);
        let gone: Vec<String> = self
            .published
            .keys()
            .filter(|k| !now.contains_key(*k))
            .cloned()
            .collect();
        let mut opened = std::mem::take(&mut self.opened);
        for key in gone {
            self.published.remove(&key);
            opened.remove(&key);
            if let Ok(file_uri) = key.parse::<lsp::Uri>() {
                self.send_diagnostics(FileDiagnostics {
                    uri: file_uri,
                    diagnostics: Vec::new(),
                });
            }
        }
        for document in self.documents.values() {
            let key = document.uri.as_str();
            if all || opened.contains(key) {
                now.entry(key.to_string())
                    .or_insert_with(|| FileDiagnostics {
                        uri: document.uri.clone(),
                        diagnostics: Vec::new(),
                    });
            }
        }
        for (key, file) in now {
            let unchanged = self.published.get(&key) == Some(&file.diagnostics);
            if unchanged && !all && !opened.contains(&key) {
                continue;
            }
            if file.diagnostics.is_empty() {
                self.published.remove(&key);
            } else {
                self.published.insert(key, file.diagnostics.clone());
            }
            self.send_diagnostics(file);
        }
    }

    fn send_diagnostics(&self, file: FileDiagnostics) {
        let version = uri::to_path(&file.uri)
            .and_then(|p| self.documents.get(&p))
            .map(|d| d.version);
        let params = lsp::PublishDiagnosticsParams {
            uri: file.uri,
            diagnostics: file.diagnostics,
            version,
        };
        self.notify::<lsp::notification::PublishDiagnostics>(params);
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        let notification = Notification::new(N::METHOD.to_string(), params);
        let _ = self.connection.sender.send(notification.into());
    }

    fn show(&self, typ: lsp::MessageType, message: &str) {
        self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
            typ,
            message: format!("repl-lint: {message}"),
        });
    }

    /// What to lint: the workspace folders, and each open document outside them with the
    /// lintable files beside it ([`loose`]).
    fn lint_paths(&self) -> Vec<PathBuf> {
        let mut paths = self.roots.clone();
        for path in self.documents.keys() {
            if !self.roots.iter().any(|root| path.starts_with(root)) {
                paths.extend(loose(path));
            }
        }
        paths.sort();
        paths.dedup();
        paths
    }

    /// Reads the configuration as a plain run on the first workspace folder would.
    fn load_options(&mut self) {
        let first = self
            .roots
            .first()
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."));
        self.options = crate::args::plain_options(&first);
    }

    /// Asks the client to tell us about changes on disk to the files we lint.
    fn register_watchers(&self) {
        if !self.watch {
            return;
        }
        let watchers = [
            "**/*.{tf,tf.json,tfvars,tfvars.json}",
            "**/*.{yaml,yml,json,template}",
            "**/.repl-lint.toml",
        ]
        .map(|glob| lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::String(glob.to_string()),
            kind: None,
        });
        let options = lsp::DidChangeWatchedFilesRegistrationOptions {
            watchers: watchers.to_vec(),
        };
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "repl-lint-watched-files".to_string(),
                method: lsp::notification::DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        let request = Request::new(
            "repl-lint/register".to_string().into(),
            lsp::request::RegisterCapability::METHOD.to_string(),
            params,
        );
        let _ = self.connection.sender.send(request.into());
    }
}

/// A notification's parameters, or `None` when they do not have the expected shape.
fn params<P: serde::de::DeserializeOwned>(notification: Notification) -> Option<P> {
    serde_json::from_value(notification.params).ok()
}

/// What to lint for a document opened outside every workspace folder: the lintable files of its
/// own directory (not its subdirectories), or the document alone when that directory is a
/// filesystem root or the home directory, whose neighbours are no project.
fn loose(document: &Path) -> Vec<PathBuf> {
    let mut paths = vec![document.to_path_buf()];
    let Some(dir) = document.parent().filter(|d| d.parent().is_some()) else {
        return paths;
    };
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if home.is_some_and(|h| same_dir(&h, dir)) {
        return paths;
    }
    let entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
    paths.extend(
        entries
            .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
            .map(|e| e.path())
            .filter(|p| {
                repl_lint_source::discover::classify(p)
                    != repl_lint_source::discover::FileKind::Skipped
            }),
    );
    paths
}

/// Whether two paths name the same directory.
fn same_dir(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(a), Ok(b)) if a == b
        )
}

/// Whether `path` is a `.repl-lint.toml`.
fn is_config(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n == ".repl-lint.toml")
}
