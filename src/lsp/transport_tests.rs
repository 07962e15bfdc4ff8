use super::*;

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

/// Runs the transport over `input`: the messages it hands the server and what it wrote back.
fn run(input: &str) -> (Vec<Message>, String, Result<(), String>) {
    let output = SharedBuffer::default();
    let (connection, transport) = connect(io::Cursor::new(input.to_string()), output.clone());
    let received: Vec<Message> = connection.receiver.iter().collect();
    drop(connection);
    let ended = transport.join();
    let written = String::from_utf8(output.0.lock().unwrap().clone()).unwrap();
    (received, written, ended)
}

#[derive(Clone, Default)]
struct SharedBuffer(Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn methods(messages: &[Message]) -> Vec<String> {
    messages
        .iter()
        .map(|m| match m {
            Message::Request(r) => r.method.clone(),
            Message::Notification(n) => n.method.clone(),
            Message::Response(r) => format!("response {}", r.id),
        })
        .collect()
}

#[test]
fn messages_pass_and_the_reader_stops_after_exit() {
    let input = [
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"never-read"}"#),
    ]
    .concat();
    let (received, written, ended) = run(&input);
    assert_eq!(methods(&received), ["shutdown", "exit"]);
    assert_eq!(written, "");
    assert_eq!(ended, Ok(()));
}

#[test]
fn a_body_that_is_not_json_is_a_parse_error_and_the_session_goes_on() {
    let input = [
        frame("{not json"),
        frame(r#"{"jsonrpc":"2.0","id":7,"params":{}}"#),
        frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#),
    ]
    .concat();
    let (received, written, ended) = run(&input);
    assert_eq!(methods(&received), ["shutdown"]);
    assert_eq!(ended, Ok(()));
    let answers: Vec<serde_json::Value> = written
        .split("Content-Length: ")
        .filter(|s| !s.is_empty())
        .map(|s| serde_json::from_str(s.split_once("\r\n\r\n").unwrap().1).unwrap())
        .collect();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0]["id"], serde_json::Value::Null);
    assert_eq!(answers[0]["error"]["code"], -32700);
    assert_eq!(answers[1]["id"], 7);
    assert_eq!(answers[1]["error"]["code"], -32600);
}

#[test]
fn a_message_over_the_limit_ends_the_session_without_reading_it() {
    let (received, written, ended) = run("Content-Length: 1000000000000\r\n\r\n{}");
    assert!(received.is_empty());
    assert!(written.contains("-32600"), "{written}");
    assert_eq!(
        ended,
        Err("a message of 1000000000000 bytes is over the limit of 64 MiB; the session cannot go on".to_string())
    );
}

#[test]
fn broken_framing_ends_the_session_with_what_broke() {
    let cases = [
        (
            "Content-Type: x\r\n\r\n{}",
            "a message header without Content-Length",
        ),
        (
            "Content-Length: ten\r\n\r\n{}",
            "invalid Content-Length `ten`",
        ),
        ("garbage\r\n\r\n", "malformed message header `garbage`"),
        (
            "Content-Length: 10\r\n\r\n{}",
            "the client's stream ended inside a message",
        ),
        (
            "Content-Length: 10\r\n",
            "the client's stream ended inside a message header",
        ),
    ];
    for (input, why) in cases {
        let (received, _, ended) = run(input);
        assert!(received.is_empty(), "{input:?}");
        assert_eq!(ended, Err(why.to_string()), "{input:?}");
    }
    let long = format!("X-Long: {}\r\n\r\n", "a".repeat(MAX_HEADER_LINE));
    assert!(
        run(&long)
            .2
            .unwrap_err()
            .starts_with("malformed message header (a line over")
    );
}

#[test]
fn the_end_of_the_stream_between_messages_is_a_clean_end() {
    let (received, _, ended) = run(&frame(
        r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
    ));
    assert_eq!(methods(&received), ["initialized"]);
    assert_eq!(ended, Ok(()));
}
