//! Unit tests of `hcl.rs`.

use super::*;

fn extent_after<'a>(text: &'a str, needle: &str) -> &'a str {
    let from = text.find(needle).unwrap() + needle.len();
    let range = extent(text, from).unwrap();
    &text[range]
}

#[test]
fn a_block_ends_at_its_closing_brace_line() {
    let text =
        "# c\nresource \"a\" \"b\" {\n  x = \"}\" # }\n  y = { z = [1,\n 2] }\n}\nother {}\n";
    assert_eq!(
        extent_after(text, "# c"),
        "resource \"a\" \"b\" {\n  x = \"}\" # }\n  y = { z = [1,\n 2] }\n}"
    );
}

#[test]
fn an_attribute_is_one_line_or_its_brackets_or_heredoc() {
    let text = "  // c\n  status = \"Suspended\"\n  next = 1\n";
    assert_eq!(extent_after(text, "// c"), "status = \"Suspended\"");
    let text = "/* c */\npolicy = <<-EOF\n  {\"a\": \"}\"}\n  EOF\nnext = 1\n";
    assert_eq!(
        extent_after(text, "/* c */"),
        "policy = <<-EOF\n  {\"a\": \"}\"}\n  EOF"
    );
    let text = "# c\n# d\n\nx = \"${f(\"}\")}\"\ny = 2";
    assert_eq!(extent_after(text, "# c"), "x = \"${f(\"}\")}\"");
}

#[test]
fn only_comments_that_begin_a_line_count() {
    let text = "# lead\nx = \"# not\" # trailing\n  /* own */\ny = <<EOF\n# in heredoc\nEOF\n";
    let (found, first_code) = comments(text);
    let bodies: Vec<&str> = found.iter().map(|c| &text[c.body.clone()]).collect();
    assert_eq!(bodies, [" lead", " own "]);
    assert_eq!(first_code, 7);
}
