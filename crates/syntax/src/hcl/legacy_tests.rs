use super::hint;

const MULTI_LINE: &str = "expected `\"` on the same line; use `\\n` or a heredoc";

/// The hint at the first occurrence of `at` in `text`.
fn hint_at(text: &str, at: &str, message: &str) -> Option<&'static str> {
    hint(text, text.find(at).expect("marker in text"), message)
}

#[test]
fn a_quoted_string_closed_on_a_later_line_is_legacy() {
    let text = "x = \"first\nsecond\"\ny = 1\n";
    let found = hint_at(text, "\n", MULTI_LINE).unwrap();
    assert!(found.contains("Terraform 0.11"), "{found}");
    for closing in ["\",\n", "\" # c\n", "\" ]\n", "\"}\n", "\" // c\n"] {
        let text = format!("x = [\"a\nb{closing}");
        assert!(hint_at(&text, "\n", MULTI_LINE).is_some(), "{text:?}");
    }
    // Three lines, escaped quotes inside.
    let text = "x = \"a\n\\\"b\\\"\nc\"\n";
    assert!(hint_at(text, "\n", MULTI_LINE).is_some());
}

#[test]
fn an_unclosed_string_is_not_called_legacy() {
    // A forgotten quote: the next quote opens another string, followed by more text.
    let text = "x = \"abc\ny = \"d\"\n";
    assert_eq!(hint_at(text, "\n", MULTI_LINE), None);
    assert_eq!(hint_at("x = \"abc\n", "\n", MULTI_LINE), None);
    // An interpolation on the way could hold quotes: no guess.
    let text = "x = \"a\n${f(\"b\")}\"\n";
    assert_eq!(hint_at(text, "\n", MULTI_LINE), None);
    // Another parse error at the same place gets no hint.
    assert_eq!(hint_at("x = \"a\nb\"\n", "\n", "unexpected token"), None);
}

#[test]
fn a_quoted_argument_name_in_a_body_is_legacy() {
    let text = "resource \"a\" \"b\" {\n  tags {\n    \"Name\" = \"x\"\n  }\n}\n";
    let found = hint_at(text, "\"Name\"", "invalid block body").unwrap();
    assert!(found.contains("quoted argument name"), "{found}");
    assert!(hint_at("\"kubernetes.io/role\"= 1\n", "\"", "unexpected token").is_some());
}

#[test]
fn other_quoted_text_is_not_an_argument_name() {
    for (text, at) in [
        ("x = 1 \"a\" = 2\n", "\"a\""),
        ("\"a\" == 2\n", "\"a\""),
        ("\"a\" => 2\n", "\"a\""),
        ("\"a\" {\n}\n", "\"a\""),
        ("\"${a}\" = 2\n", "\""),
        ("\"\" = 2\n", "\""),
        ("\"a\n\" = 2\n", "\""),
    ] {
        assert_eq!(hint_at(text, at, "unexpected token"), None, "{text:?}");
    }
}
