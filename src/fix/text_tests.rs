//! Unit tests of `text.rs`.

use super::*;

#[test]
fn lines_and_their_ends() {
    let text = "a = 1\r\n  b = 2\r\nc";
    assert_eq!(newline(text), "\r\n");
    assert_eq!(newline("a\nb"), "\n");
    let b = text.find('b').unwrap();
    assert_eq!(line_start(text, b), 7);
    assert_eq!(&text[line_start(text, b)..line_end(text, b)], "  b = 2");
    assert_eq!(next_line(text, 0), Some("  b = 2"));
    assert_eq!(next_line(text, text.len() - 1), None);
    assert_eq!(next_line("a\n", 0), None);
    assert_eq!(indentation("\t  x = 1"), "\t  ");
}

#[test]
fn previous_character_skips_whitespace() {
    let text = "Action = [\n  \"s3:A\"";
    let at = text.find('"').unwrap();
    assert_eq!(previous_non_space(text, at), Some((9, '[')));
    assert_eq!(previous_non_space("  ", 2), None);
}

#[test]
fn quotes() {
    assert_eq!(quote_of("\"s3:A\""), "\"");
    assert_eq!(quote_of("'s3:A'"), "'");
    assert_eq!(quote_of("s3:A"), "");
    assert_eq!(quote_of("\""), "");
    assert_eq!(unquoted("'s3:A'"), "s3:A");
    assert_eq!(unquoted("s3:A"), "s3:A");
}
