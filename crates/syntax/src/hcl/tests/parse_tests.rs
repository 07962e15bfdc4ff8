//! What the parse step accepts and rejects, as Terraform does (HCL native syntax; see
//! `patches/hcl-edit/PATCHED.md`), and the values it reads from what it accepts.

use super::*;

/// The value of attribute `x` of resource `t.r` in `main.tf` holding `body`, after checking the
/// file parsed.
fn value_of(body: &str) -> Value {
    let src = format!("resource \"t\" \"r\" {{\n{body}}}\n");
    let (_, config) = module(&[("main.tf", &src)]);
    assert!(config.errors.is_empty(), "{src:?}: {:?}", config.errors);
    resource(&config, "t.r").body.get("x").expect("x").clone()
}

/// The message of the one parse error of a `main.tf` holding `src`, with its start line and column.
fn error_of(src: &str) -> (String, (u32, u32)) {
    let (db, config) = module(&[("main.tf", src)]);
    assert_eq!(config.errors.len(), 1, "{src:?}");
    let (start, _) = db.range(config.errors[0].span);
    (config.errors[0].message.clone(), (start.line, start.column))
}

#[test]
fn heredoc_lines_that_only_start_with_the_marker_are_content() {
    // The reproducer's shape: a shell heredoc inside the Terraform heredoc ends with `EOF"`.
    let x = value_of("  x = <<EOF\nsqlplus << EOF\nexit;\nEOF\"\necho done\nEOF\n");
    assert_eq!(
        x.as_str(),
        Some("sqlplus << EOF\nexit;\nEOF\"\necho done\n")
    );
    for line in [
        "EOFX",
        "EOF_2",
        "EOF-2",
        "EOF # not a comment",
        "EOF)",
        "xEOF",
        "EOF EOF",
    ] {
        let x = value_of(&format!("  x = <<EOF\n{line}\nEOF\n"));
        assert_eq!(x.as_str(), Some(format!("{line}\n").as_str()), "{line:?}");
    }
}

#[test]
fn heredoc_closing_marker_with_surrounding_whitespace() {
    for closing in ["EOF", "EOF   ", "   EOF", "\tEOF\t", " EOF \t"] {
        let x = value_of(&format!("  x = <<EOF\nhello\n{closing}\n  y = 1\n"));
        assert_eq!(x.as_str(), Some("hello\n"), "{closing:?}");
    }
    // `<<-` removes the common indentation; a longer marker-like line stays content.
    let x = value_of("  x = <<-EOT\n    {\n      \"a\": 1\n    EOTX\n    }\n    EOT\n");
    assert_eq!(x.as_str(), Some("{\n  \"a\": 1\nEOTX\n}\n"));
}

#[test]
fn heredoc_with_crlf_line_endings() {
    let src =
        "resource \"t\" \"r\" {\r\n  x = <<EOF\r\nhello\r\nEOF\"\r\nEOF  \r\n  y = 1\r\n}\r\n";
    let (_, config) = module(&[("main.tf", src)]);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    let body = &resource(&config, "t.r").body;
    assert_eq!(
        body.get("x").and_then(Value::as_str),
        Some("hello\r\nEOF\"\r\n")
    );
    assert!(body.get("y").is_some());
}

#[test]
fn heredoc_without_a_closing_line_is_an_error_at_its_start() {
    for src in [
        "x = <<EOF\nhello\nEOF\"\n",
        "x = <<EOF\nhello\n  EOFX\n",
        // HCL needs a newline after the closing marker.
        "x = <<EOF\nhello\nEOF",
    ] {
        let (message, at) = error_of(src);
        assert_eq!(at, (1, 5), "{src:?}");
        assert!(message.contains("invalid heredoc"), "{src:?}: {message}");
    }
}

#[test]
fn repeated_object_keys_keep_the_last_value() {
    let x = value_of("  x = { a = 1, b = \"b\", a = \"last\" }\n");
    assert_eq!(x.get("a").and_then(Value::as_str), Some("last"));
    assert_eq!(x.get("b").and_then(Value::as_str), Some("b"));
    // Values of different types, across lines, quoted and unquoted keys.
    let x = value_of("  x = {\n    a = [1]\n    \"a\" = { n = 1 }\n    a = \"s\"\n  }\n");
    assert_eq!(x.get("a").and_then(Value::as_str), Some("s"));
    let x = value_of("  x = {\n    a = \"s\"\n    a = [\"l\"]\n  }\n");
    assert!(matches!(
        x.get("a").map(|v| &v.kind),
        Some(ValueKind::List(_))
    ));
    // Nested objects: each level keeps its own last value.
    let x = value_of("  x = { o = { a = 1, a = \"in\" }, o = { b = { c = 1, c = \"deep\" } } }\n");
    assert!(x.path(&["o", "a"]).is_none());
    assert_eq!(
        x.path(&["o", "b", "c"]).and_then(Value::as_str),
        Some("deep")
    );
}

#[test]
fn repeated_object_keys_in_tfvars_keep_the_last_value() {
    let tf = "variable \"m\" {}\nresource \"t\" \"r\" {\n  x = var.m.k\n}\n";
    let tfvars = "m = {\n  k = \"first\"\n  k = \"last\"\n}\n";
    let (db, ids) = db_of(&[("main.tf", tf), ("terraform.tfvars", tfvars)]);
    let config = parse_module(&db, &ids[..1], &ids[1..]);
    assert!(config.errors.is_empty(), "{:?}", config.errors);
    let x = resource(&config, "t.r").body.get("x").unwrap();
    assert_eq!(x.as_str(), Some("last"));
}

#[test]
fn repeated_attributes_in_a_body_are_still_an_error() {
    let (message, at) = error_of("resource \"t\" \"r\" {\n  c {\n    d = 1\n    d = 2\n  }\n}\n");
    assert_eq!(at, (4, 5));
    assert!(message.contains("redefined attribute"), "{message}");
    let (message, at) = error_of("a = 1\na = { a = 1, a = 2 }\n");
    assert_eq!(at, (2, 1));
    assert!(message.contains("redefined attribute"), "{message}");
}

#[test]
fn terraform_011_syntax_gets_a_hint() {
    let (message, at) = error_of("locals {\n  s = \"line one\nline two\"\n}\n");
    assert_eq!(at, (2, 16));
    assert!(
        message.starts_with("HCL syntax error: invalid string"),
        "{message}"
    );
    assert!(
        message.contains("spans lines is Terraform 0.11 syntax"),
        "{message}"
    );
    let (message, at) =
        error_of("resource \"t\" \"r\" {\n  tags {\n    \"Name\" = \"x\"\n  }\n}\n");
    assert_eq!(at, (3, 5));
    assert!(
        message.contains("a quoted argument name is Terraform 0.11 syntax"),
        "{message}"
    );
}

#[test]
fn other_errors_get_no_legacy_hint() {
    for src in [
        "x = \"unclosed\ny = \"z\"\n",
        "x = = 1\n",
        "a = 1\na = 2\n",
        "x = \"${f(\\\"a\\\")}\"\n",
    ] {
        let (message, _) = error_of(src);
        assert!(!message.contains("0.11"), "{src:?}: {message}");
    }
}
