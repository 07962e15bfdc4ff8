//! Unit tests of `json.rs`.

use super::*;

fn parse(text: &str) -> Result<Value, ParseError> {
    parse_json(text, FileId(0), 0)
}

fn err_at(text: &str) -> (u32, u32) {
    let e = parse(text).expect_err("should fail");
    (e.span.start, e.span.end)
}

#[test]
fn scalars_and_spans() {
    let v = parse(r#" {"a": [1, -2.5e3, true, false, null], "b": "x"} "#).unwrap();
    assert_eq!((v.span.start, v.span.end), (1, 48));
    let a = v.entry("a").unwrap();
    assert_eq!((a.key_span.start, a.key_span.end), (2, 5));
    assert_eq!((a.span.start, a.span.end), (2, 37));
    let items = a.value.items();
    assert_eq!(items[0].kind, ValueKind::Number(1.0));
    assert_eq!(items[1].kind, ValueKind::Number(-2500.0));
    assert_eq!((items[1].span.start, items[1].span.end), (11, 17));
    assert_eq!(items[2].kind, ValueKind::Bool(true));
    assert_eq!(items[3].kind, ValueKind::Bool(false));
    assert_eq!(items[4].kind, ValueKind::Null);
    assert_eq!(v.get("b").unwrap().as_str(), Some("x"));
}

#[test]
fn base_offset_shifts_spans() {
    let v = parse_json("\"x\"", FileId(3), 10).unwrap();
    assert_eq!(v.span, Span::new(FileId(3), 10, 13));
}

#[test]
fn escapes_and_surrogates() {
    let v = parse(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00\ud800x""#).unwrap();
    assert_eq!(v.as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\té😀\u{FFFD}x"));
    let v = parse(r#""\ud83d\u0041""#).unwrap();
    assert_eq!(v.as_str(), Some("\u{FFFD}A"));
    assert_eq!(parse("\"é\"").unwrap().as_str(), Some("é"));
}

#[test]
fn numbers() {
    assert_eq!(parse("0").unwrap().kind, ValueKind::Number(0.0));
    assert_eq!(parse("-0.5").unwrap().kind, ValueKind::Number(-0.5));
    assert_eq!(parse("1E+2").unwrap().kind, ValueKind::Number(100.0));
    assert_eq!(err_at("01"), (1, 2));
    assert_eq!(err_at("1."), (2, 2));
    assert_eq!(err_at("-"), (1, 1));
    assert_eq!(err_at("1e"), (2, 2));
    assert_eq!(err_at("+1"), (0, 1));
}

#[test]
fn errors_have_positions() {
    assert_eq!(err_at(""), (0, 0));
    assert_eq!(err_at("{\"a\" 1}"), (5, 6));
    assert_eq!(err_at("[1,]"), (3, 4));
    assert_eq!(err_at("{\"a\":1,}"), (7, 8));
    assert_eq!(err_at("[1 2]"), (3, 4));
    assert_eq!(err_at("\"abc"), (4, 4));
    assert_eq!(err_at("\"a\tb\""), (2, 3));
    assert_eq!(err_at("\"\\x\""), (2, 3));
    assert_eq!(err_at("tru"), (3, 3));
    assert_eq!(err_at("{} x"), (3, 4));
    assert_eq!(err_at("{'a': 1}"), (1, 2));
    assert_eq!(err_at("\"\\u12g4\""), (5, 6));
}

#[test]
fn duplicate_keys_kept_in_order() {
    let v = parse(r#"{"k": 1, "j": 2, "k": 3}"#).unwrap();
    let keys: Vec<&str> = v.entries().iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["k", "j", "k"]);
    assert_eq!(v.get("k").unwrap().kind, ValueKind::Number(3.0));
}

#[test]
fn depth_is_bounded() {
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok).is_ok());
    let deep = "[".repeat(10_000);
    assert_eq!(err_at(&deep), (512, 513));
    let deep_obj = "{\"a\":".repeat(10_000);
    assert!(parse(&deep_obj).is_err());
}
