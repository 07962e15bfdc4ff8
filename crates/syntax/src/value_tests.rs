use super::*;
use repl_lint_source::FileId;

fn v(kind: ValueKind) -> Value {
    Value::new(kind, Span::new(FileId(0), 0, 0))
}

#[test]
fn shown_text_is_one_shortened_line() {
    assert_eq!(
        shown_text("  try(\n    var.x,\n    \"\"\n  )  "),
        r#"try( var.x, "" )"#
    );
    let long = format!("lower({})", "x".repeat(100));
    let shown = shown_text(&long);
    assert_eq!(shown.chars().count(), MAX_SHOWN + 1);
    assert!(shown.ends_with('…'));
}

#[test]
fn values_without_source_text_are_written_in_terraform_notation() {
    let list = v(ValueKind::List(vec![
        v(ValueKind::Str("a".into())),
        v(ValueKind::reference(Reference {
            target: "var.names".into(),
            attr: vec!["[0]".into()],
        })),
    ]));
    assert_eq!(written(&list), r#"["a", var.names[0]]"#);
    assert_eq!(written(&v(ValueKind::Null)), "null");
    let map = v(ValueKind::Map(vec![Entry {
        key: "k".into(),
        key_span: Span::new(FileId(0), 0, 0),
        span: Span::new(FileId(0), 0, 0),
        value: v(ValueKind::Number(1.0)),
    }]));
    assert_eq!(written(&map), "{ k = 1 }");
}
