//! A minimal Language Server Protocol client for the tests: starts `repl-lint lsp`, speaks
//! JSON-RPC with `Content-Length` framing over its standard input and output, and waits (with a
//! time limit) for responses and notifications.
//! Include with `#[path = "support/lsp_client.rs"] mod lsp_client;`.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// How long to wait for any one message before the test fails.
pub const WAIT: Duration = Duration::from_secs(30);

/// A running server and what it has sent that no test has taken yet.
pub struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    backlog: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Starts the server on `root`, completes `initialize` / `initialized`; returns the client
    /// and the `initialize` result.
    pub fn start(root: &Path) -> (Client, Value) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_repl-lint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming,
            backlog: Vec::new(),
            next_id: 0,
        };
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{"uri": uri(root), "name": "workspace"}],
                "capabilities": {
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
                    "textDocument": {"publishDiagnostics": {"relatedInformation": true}}
                }
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    /// Sends a notification.
    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its result (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// Sends a request and waits for its whole response.
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.take(|m| m["id"] == json!(id) && m.get("method").is_none())
    }

    /// Opens a document with `text`.
    pub fn open(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {
                "uri": uri(path), "languageId": language(path), "version": 1, "text": text
            }}),
        );
    }

    /// Replaces a document's whole text (unsaved).
    pub fn change(&mut self, path: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri(path), "version": version},
                "contentChanges": [{"text": text}]
            }),
        );
    }

    /// Closes a document.
    pub fn close(&mut self, path: &Path) {
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri(path)}}),
        );
    }

    /// The next `publishDiagnostics` for `path`: its parameters.
    pub fn diagnostics(&mut self, path: &Path) -> Value {
        let file = uri(path);
        let message = self.take(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == json!(file)
        });
        message["params"].clone()
    }

    /// The rule codes and 0-based start positions of the next publish for `path`:
    /// `RL102 22:22`.
    pub fn findings(&mut self, path: &Path) -> Vec<String> {
        summarize(&self.diagnostics(path))
    }

    /// Whether a message matching `pred` arrives within `wait` (it is kept for later takes).
    pub fn arrives(&mut self, wait: Duration, pred: impl Fn(&Value) -> bool) -> bool {
        if self.backlog.iter().any(&pred) {
            return true;
        }
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) => {
                    let hit = pred(&message);
                    self.backlog.push(message);
                    if hit {
                        return true;
                    }
                }
                Err(_) => return false,
            }
        }
    }

    /// Every message received so far and not taken.
    pub fn backlog(&self) -> &[Value] {
        &self.backlog
    }

    /// `shutdown`, then `exit`; returns the server's exit code.
    pub fn shutdown(mut self) -> Option<i32> {
        let _ = self.request("shutdown", Value::Null);
        self.exit()
    }

    /// `exit` (without `shutdown` first, unless it was sent); returns the server's exit code.
    pub fn exit(mut self) -> Option<i32> {
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The first message (from the backlog, then as they arrive) that matches `pred`.
    fn take(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(at) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(at);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if pred(&message) => return message,
                Ok(message) => self.backlog.push(message),
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "no matching message in {WAIT:?}; received: {:#?}",
                        self.backlog
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server hung up; received: {:#?}", self.backlog)
                }
            }
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())
            .and_then(|()| self.stdin.flush())
            .expect("the server reads its input");
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// `RULE line:character` (0-based) of each diagnostic in publish parameters.
pub fn summarize(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}",
                d["code"].as_str().unwrap_or("?"),
                d["range"]["start"]["line"],
                d["range"]["start"]["character"]
            )
        })
        .collect()
}

/// The `file://` URI of a path (the test directories hold no characters that need escaping).
pub fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A temporary workspace: `examples/fixed` (a correct setup) with `files` (name, text) written
/// over it. Returns the directory guard and its canonical path.
pub fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let fixed = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/fixed");
    for entry in std::fs::read_dir(fixed).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tf") {
            std::fs::copy(&path, root.join(path.file_name().unwrap())).unwrap();
        }
    }
    for (name, text) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (dir, root)
}

/// The text of a file of `examples/fixed`.
pub fn fixed(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/fixed")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn language(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("tf") => "terraform",
        Some("yaml" | "yml") => "yaml",
        _ => "json",
    }
}

/// Reads one framed message; `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length:") {
            length = n.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// `text` with LSP text edits (0-based lines, UTF-16 columns) applied, last first.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= character || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut ranges: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    ranges.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut out = text.to_string();
    for (start, end, new) in ranges {
        out.replace_range(start..end, new);
    }
    out
}
