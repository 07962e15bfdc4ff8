//! Inputs that HashiCorp's HCL (native syntax, as used by Terraform) accepts or rejects, and
//! that hcl-edit 0.10.0 got wrong (see PATCHED.md).

use hcl_edit::expr::{Expression, Object, ObjectKey};
use hcl_edit::structure::Body;
use hcl_edit::{Ident, Span};

fn parse(input: &str) -> Body {
    match input.parse::<Body>() {
        Ok(body) => body,
        Err(e) => panic!("expected {input:?} to parse, got:\n{e}"),
    }
}

fn rejects(input: &str) -> String {
    match input.parse::<Body>() {
        Ok(body) => panic!("expected {input:?} to be rejected, parsed to {body:#?}"),
        Err(e) => e.to_string(),
    }
}

/// The literal text of the heredoc assigned to `x`.
fn heredoc_text(input: &str) -> String {
    let body = parse(input);
    let Some(Expression::HeredocTemplate(heredoc)) = body.get_attribute("x").map(|a| &a.value)
    else {
        panic!("no heredoc `x` in {input:?}");
    };
    heredoc.template.to_string()
}

fn object(body: &Body, name: &str) -> Object {
    match body.get_attribute(name).map(|a| &a.value) {
        Some(Expression::Object(object)) => object.clone(),
        other => panic!("`{name}` is not an object: {other:?}"),
    }
}

fn ident_key(name: &str) -> ObjectKey {
    ObjectKey::Ident(Ident::new(name).into())
}

#[test]
fn heredoc_closing_marker_stands_alone_on_its_line() {
    // A line that only starts with the marker is content.
    let input = "x = <<EOF\nsqlplus << EOF\nexit;\nEOF\"\necho done\nEOF\n";
    assert_eq!(
        heredoc_text(input),
        "sqlplus << EOF\nexit;\nEOF\"\necho done\n"
    );
    for line in [
        "EOFX",
        "EOF-1",
        "EOF # comment",
        "EOF)",
        "EOF EOF",
        "xEOF",
        "${a}EOF",
    ] {
        let input = format!("x = <<EOF\n{line}\nEOF\n");
        let text = heredoc_text(&input);
        assert!(
            text.starts_with(line),
            "{line:?} ended the heredoc: {text:?}"
        );
    }
}

#[test]
fn heredoc_closing_marker_may_have_surrounding_whitespace() {
    for line in [
        "EOF",
        "  EOF",
        "\tEOF",
        "EOF  ",
        "EOF\t",
        " \t EOF \t ",
        "\u{c}EOF\u{b}",
    ] {
        let input = format!("x = <<EOF\nhello\n{line}\ny = 1\n");
        assert_eq!(heredoc_text(&input), "hello\n", "closing line {line:?}");
        assert!(parse(&input).get_attribute("y").is_some());
        // Round trip keeps the whitespace on both sides of the marker.
        assert_eq!(parse(&input).to_string(), input);
    }
}

#[test]
fn indented_heredoc_closing_marker() {
    let input = "x = <<-EOT\n    a\n      b\n    EOT\n";
    assert_eq!(heredoc_text(input), "a\n  b\n");
    let input = "x = <<-EOT\n    EOTX\n    EOT  \n";
    assert_eq!(heredoc_text(input), "EOTX\n");
}

#[test]
fn heredoc_with_crlf_line_endings() {
    let input = "x = <<EOF\r\nhello\r\nEOF\"\r\nEOF  \r\ny = 1\r\n";
    assert_eq!(heredoc_text(input), "hello\r\nEOF\"\r\n");
    assert!(parse(input).get_attribute("y").is_some());
    let input = "x = <<EOF\r\nEOF\r\n";
    assert_eq!(heredoc_text(input), "");
}

#[test]
fn empty_heredoc_does_not_swallow_a_later_heredoc() {
    let input = "x = <<EOF\nEOF\ny = <<EOF\nfoo\nEOF\n";
    assert_eq!(heredoc_text(input), "");
    assert!(parse(input).get_attribute("y").is_some());
}

#[test]
fn heredoc_without_closing_line_is_rejected() {
    // HCL requires a newline after the closing marker, so one at the very end does not count.
    for input in [
        "x = <<EOF\nfoo\n",
        "x = <<EOF\nfoo\nEOF",
        "x = <<EOF\nEOF",
        "x = <<EOF\nfoo\nEOF\"\n",
        "x = <<EOF\nfoo\n  EOFX\n",
        "x = <<EOF\nfoo ${a}EOF\n",
    ] {
        let message = rejects(input);
        assert!(
            message.contains("invalid heredoc; expected a line with only its end delimiter"),
            "{input:?}: {message}"
        );
        assert!(message.contains("line 1, column 5"), "{input:?}: {message}");
    }
}

#[test]
fn repeated_object_key_keeps_the_last_value() {
    let input = "x = { a = 1, b = 2, a = \"three\" }\n";
    let body = parse(input);
    let object = object(&body, "x");
    assert_eq!(object.len(), 2);
    let value = object.get(&ident_key("a")).unwrap();
    assert_eq!(value.expr().as_str(), Some("three"));
    // The item that wins is the one kept, with its own key and position in the text.
    let key_starts: Vec<usize> = object
        .iter()
        .map(|(k, _)| k.span().unwrap().start)
        .collect();
    assert_eq!(
        key_starts,
        [input.find('b').unwrap(), input.rfind('a').unwrap()]
    );
}

#[test]
fn repeated_object_keys_with_values_of_different_types() {
    let input = "x = {\n  a = [1]\n  \"q\" = 1\n  a = { n = true }\n  \"q\" = null\n}\n";
    let body = parse(input);
    let object = object(&body, "x");
    assert_eq!(object.len(), 2);
    assert!(matches!(
        object.get(&ident_key("a")).map(|v| v.expr()),
        Some(Expression::Object(_))
    ));
    let quoted = ObjectKey::Expression(Expression::from("q"));
    assert!(matches!(
        object.get(&quoted).map(|v| v.expr()),
        Some(Expression::Null(_))
    ));
}

#[test]
fn quoted_and_unquoted_spellings_are_the_same_key() {
    let input = "x = { a = 1, \"a\" = 2, b = 3, \"b-c\" = 4, \"b-c\" = 5 }\n";
    let body = parse(input);
    let items = object(&body, "x");
    assert_eq!(items.len(), 3);
    let quoted = ObjectKey::Expression(Expression::from("a"));
    assert!(items.get(&ident_key("a")).is_none());
    let value = items.get(&quoted).unwrap().expr();
    assert_eq!(
        value.as_number().map(ToString::to_string).as_deref(),
        Some("2")
    );
    let body = parse("x = { \"a\" = 1, a = 2 }\n");
    let reversed = object(&body, "x");
    assert_eq!(reversed.len(), 1);
    assert!(reversed.get(&ident_key("a")).is_some());
}

#[test]
fn repeated_keys_in_nested_objects() {
    let input = "x = { o = { a = 1, a = 2 }, o = { b = { c = 1, c = 2 } } }\n";
    let body = parse(input);
    let outer = object(&body, "x");
    assert_eq!(outer.len(), 1);
    let Some(Expression::Object(inner)) = outer.get(&ident_key("o")).map(|v| v.expr()) else {
        panic!("o is not an object");
    };
    let Some(Expression::Object(b)) = inner.get(&ident_key("b")).map(|v| v.expr()) else {
        panic!("o.b is not an object");
    };
    assert_eq!(b.len(), 1);
    let c = b.get(&ident_key("c")).unwrap().expr();
    assert_eq!(c.as_number().map(ToString::to_string).as_deref(), Some("2"));
    // In a block too, and across lines.
    parse("locals {\n  tags = {\n    Name = \"a\"\n    Name = \"b\"\n  }\n}\n");
}

#[test]
fn repeated_attributes_in_a_body_are_still_rejected() {
    let message = rejects("locals {\n  a = { k = 1, k = 2 }\n  a = 2\n}\n");
    assert!(message.contains("found redefined attribute"), "{message}");
}

#[test]
fn quoted_strings_cannot_span_lines() {
    for input in [
        "x = \"a\nb\"\n",
        "x = \"a\r\nb\"\n",
        "x = \"a\rb\"\n",
        "x = \"a\n\"\n",
        "resource \"a\nb\" \"c\" {\n}\n",
        "x = { \"a\nb\" = 1 }\n",
    ] {
        let message = rejects(input);
        assert!(
            message.contains("invalid string; expected `\"` on the same line"),
            "{input:?}: {message}"
        );
    }
    // Inside an interpolation, line endings are whitespace between tokens.
    parse("x = \"${\n  a\n}\"\n");
    parse("x = \"a\\nb\"\n");
}

#[test]
fn a_carriage_return_is_whitespace_only_before_a_newline() {
    parse("x = 1\r\ny = [\r\n  1,\r\n]\r\n");
    rejects("x = 1\ry = 2\n");
    rejects("x = [1,\r 2]\n");
    rejects("x = <<EOF\na\rb\nEOF\n");
    // In a line comment it is just text.
    parse("# a\rb\nx = 1 // c\rd\r\ny = 2\n");
    parse("x = { a = 1 # c\rd\n}\n");
}

#[test]
fn a_line_ending_after_a_dot_only_inside_brackets() {
    rejects("x = a.\nb\n");
    parse("x = (a.\nb)\n");
    parse("x = [a.\n  b]\n");
}

#[test]
fn legacy_index_reads_the_whole_number_literal() {
    use hcl_edit::expr::TraversalOperator;
    let body = parse("x = a.0.b\ny = a.1e3\n");
    let operators = |name: &str| match body.get_attribute(name).map(|a| &a.value) {
        Some(Expression::Traversal(t)) => t
            .operators
            .iter()
            .map(|o| o.value().clone())
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert!(matches!(operators("x")[0], TraversalOperator::LegacyIndex(ref i) if *i.value() == 0));
    assert!(
        matches!(operators("y")[0], TraversalOperator::LegacyIndex(ref i) if *i.value() == 1000)
    );
    let message = rejects("x = a.1.5\n");
    assert!(
        message.contains("chained legacy indexes are not permitted"),
        "{message}"
    );
}

#[test]
fn no_splat_inside_an_attribute_only_splat() {
    for input in [
        "x = a.*.b.*.c\n",
        "x = a.*.*\n",
        "x = a.*.0.*\n",
        "x = a.*.b.c.*\n",
    ] {
        let message = rejects(input);
        assert!(
            message.contains("no `.*` inside an attribute-only splat"),
            "{input:?}: {message}"
        );
    }
    // An index step ends the attribute-only splat; full splats nest.
    for input in [
        "x = a.*.b[0].*.c\n",
        "x = a.*[0].*\n",
        "x = a[*].b.*.c\n",
        "x = a.*.b[*].c\n",
    ] {
        parse(input);
    }
    parse("x = a[*][*]\ny = (a.*.b).*.c\n");
}

#[test]
fn numbers_beyond_f64_are_valid() {
    let body = parse("x = 1e400\ny = -1e400\nz = a.1e400\n");
    let number = |name: &str| match body.get_attribute(name).map(|a| &a.value) {
        Some(Expression::Number(n)) => n.value().as_f64(),
        other => panic!("{other:?}"),
    };
    assert_eq!(number("x"), Some(f64::MAX));
    assert!(body.get_attribute("y").is_some());
    assert!(body.get_attribute("z").is_some());
}
