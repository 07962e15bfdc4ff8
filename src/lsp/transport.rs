//! The server's stdio transport, in place of `lsp-server`'s own: that one allocates and
//! zero-fills whatever `Content-Length` announces before reading it, and ends the session on the
//! first body that is not a JSON-RPC message. Here
//! - a header line, the number of header lines and a message body are bounded ([`MAX_MESSAGE`]);
//!   a message over the bound is answered with an error and ends the session, since its bytes
//!   cannot be skipped in bounded time;
//! - a body that is not JSON is answered with a JSON-RPC parse error (-32700), and JSON that is
//!   not a request, response or notification with an invalid-request error (-32600); the
//!   session goes on with the next message, as JSON-RPC says;
//! - framing that cannot be resynchronised (a header without `Content-Length`, a malformed
//!   header, the stream ending inside a message) ends the session with an error that says so.
//!
//! It hands `lsp-server` [`Message`]s through the same [`Connection`], so the rest of the server
//! is unchanged.

use std::io::{self, BufRead, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crossbeam_channel::bounded;
use lsp_server::{Connection, ErrorCode, Message};

/// The largest message body accepted: 64 MiB.
pub const MAX_MESSAGE: usize = 64 << 20;

/// The longest header line accepted.
const MAX_HEADER_LINE: usize = 8 << 10;

/// The most header lines one message may have.
const MAX_HEADERS: usize = 32;

/// The transport's threads.
pub struct Transport {
    reader: JoinHandle<Result<(), String>>,
    writer: JoinHandle<io::Result<()>>,
}

impl Transport {
    /// Waits for both threads (drop the [`Connection`] first). An error when the client's
    /// stream ended in a way that could not be resynchronised, or output failed.
    pub fn join(self) -> Result<(), String> {
        let read = self
            .reader
            .join()
            .unwrap_or_else(|_| Err("the reader thread panicked".to_string()));
        let written = self
            .writer
            .join()
            .map_err(|_| "the writer thread panicked".to_string())
            .and_then(|r| r.map_err(|e| format!("cannot write to the client: {e}")));
        read.and(written)
    }
}

/// A connection on standard input and output.
pub fn stdio() -> (Connection, Transport) {
    connect(io::BufReader::new(io::stdin()), io::stdout())
}

/// A connection that reads messages from `input` and writes them to `output`.
pub fn connect<R, W>(mut input: R, output: W) -> (Connection, Transport)
where
    R: BufRead + Send + 'static,
    W: Write + Send + 'static,
{
    let output = Arc::new(Mutex::new(output));
    let (to_client, outgoing) = bounded::<Message>(0);
    let (incoming, from_client) = bounded::<Message>(0);
    let writer = {
        let output = output.clone();
        std::thread::spawn(move || {
            for message in outgoing {
                message.write(&mut *lock(&output))?;
            }
            Ok(())
        })
    };
    let reader = std::thread::spawn(move || {
        loop {
            let body = match read_frame(&mut input) {
                Ok(Some(body)) => body,
                Ok(None) => return Ok(()),
                Err(Framing::TooLarge(size)) => {
                    let message = format!(
                        "a message of {size} bytes is over the limit of {} MiB",
                        MAX_MESSAGE >> 20
                    );
                    // Best effort: the session ends whether or not the client reads it.
                    let _ = write_error(&output, None, ErrorCode::InvalidRequest, &message);
                    return Err(format!("{message}; the session cannot go on"));
                }
                Err(Framing::Broken(why)) => return Err(why),
            };
            let message = match decode(&body) {
                Ok(message) => message,
                Err((id, code, why)) => {
                    write_error(&output, id, code, &why)
                        .map_err(|e| format!("cannot write to the client: {e}"))?;
                    continue;
                }
            };
            let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
            if incoming.send(message).is_err() || exit {
                return Ok(());
            }
        }
    });
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, Transport { reader, writer })
}

fn lock<W>(output: &Mutex<W>) -> std::sync::MutexGuard<'_, W> {
    output
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Why a message could not be framed.
#[derive(Debug, PartialEq)]
enum Framing {
    /// `Content-Length` over [`MAX_MESSAGE`].
    TooLarge(u64),
    /// Anything else: what went wrong.
    Broken(String),
}

/// The next message body; `None` at the end of the stream between messages.
fn read_frame(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, Framing> {
    let mut length = None;
    let mut headers = 0;
    loop {
        let mut line = Vec::new();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| Framing::Broken(format!("cannot read from the client: {e}")))?;
        if read == 0 {
            return match headers {
                0 => Ok(None),
                _ => Err(Framing::Broken(
                    "the client's stream ended inside a message header".to_string(),
                )),
            };
        }
        if line.len() > MAX_HEADER_LINE || !line.ends_with(b"\n") {
            return Err(Framing::Broken(format!(
                "malformed message header (a line over {MAX_HEADER_LINE} bytes or not ended by CRLF)"
            )));
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        headers += 1;
        if headers > MAX_HEADERS {
            return Err(Framing::Broken(format!(
                "malformed message header (more than {MAX_HEADERS} lines)"
            )));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(Framing::Broken(format!(
                "malformed message header `{line}`"
            )));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let size = value.trim().parse::<u64>().map_err(|_| {
                Framing::Broken(format!("invalid Content-Length `{}`", value.trim()))
            })?;
            length = Some(size);
        }
    }
    let size = length
        .ok_or_else(|| Framing::Broken("a message header without Content-Length".to_string()))?;
    if size > MAX_MESSAGE as u64 {
        return Err(Framing::TooLarge(size));
    }
    let mut body = Vec::new();
    input
        .by_ref()
        .take(size)
        .read_to_end(&mut body)
        .map_err(|e| Framing::Broken(format!("cannot read from the client: {e}")))?;
    if (body.len() as u64) < size {
        return Err(Framing::Broken(
            "the client's stream ended inside a message".to_string(),
        ));
    }
    Ok(Some(body))
}

/// A JSON-RPC error to answer instead of a message: the request's id when known, the code and
/// the message.
type Invalid = (Option<serde_json::Value>, ErrorCode, String);

/// The message a body holds.
fn decode(body: &[u8]) -> Result<Message, Invalid> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| (None, ErrorCode::ParseError, format!("Parse error: {e}")))?;
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned();
    serde_json::from_value(value).map_err(|e| {
        (
            id,
            ErrorCode::InvalidRequest,
            format!("Invalid Request: not a JSON-RPC request, response or notification ({e})"),
        )
    })
}

/// Writes a JSON-RPC error response (with a null id when the request's is unknown).
fn write_error<W: Write>(
    output: &Mutex<W>,
    id: Option<serde_json::Value>,
    code: ErrorCode,
    message: &str,
) -> io::Result<()> {
    let response = serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": {"code": code as i32, "message": message},
    });
    let text = response.to_string();
    let mut out = lock(output);
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

#[cfg(test)]
#[path = "transport_tests.rs"]
mod tests;
