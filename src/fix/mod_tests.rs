//! Unit tests of `mod.rs`, and the helpers the other fix tests share.

use super::*;
use repl_lint_source::{FileId, SourceFile};

/// A database of one file.
pub(super) fn db(path: &str, text: &str) -> SourceDb {
    let mut db = SourceDb::default();
    db.add(SourceFile::new(path.into(), path.into(), text.into()));
    db
}

/// The span of the first `needle` in the one file of a [`db`].
pub(super) fn span(db: &SourceDb, needle: &str) -> Span {
    let text = &db.file(FileId(0)).text;
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"));
    Span::new(FileId(0), start, start + needle.len())
}

/// The text of the one file of `db` with `fix` applied.
pub(super) fn fixed(db: &SourceDb, fix: Option<Fix>) -> String {
    let fix = fix.expect("a fix");
    let mut texts = apply(db, &fix.edits);
    assert_eq!(texts.len(), 1, "{fix:?}");
    texts.remove(0).1
}

fn edit(db: &SourceDb, needle: &str, text: &str) -> Edit {
    Edit {
        span: span(db, needle),
        text: text.to_string(),
    }
}

#[test]
fn apply_orders_edits_and_keeps_insertions_at_one_offset_in_order() {
    let db = db("a.tf", "x = [\"a\"]\n");
    let end = span(&db, "\"a\"").end as usize;
    let at = |text: &str| Edit {
        span: Span::new(FileId(0), end, end),
        text: text.to_string(),
    };
    let edits = [at(", \"b\""), edit(&db, "x", "y"), at(", \"c\"")];
    assert_eq!(
        apply(&db, &edits),
        vec![(
            PathBuf::from("a.tf"),
            "y = [\"a\", \"b\", \"c\"]\n".to_string()
        )]
    );
}

#[test]
fn apply_leaves_out_overlapping_and_out_of_range_edits() {
    let db = db("a.tf", "abcdef");
    let outside = Edit {
        span: Span::new(FileId(0), 10, 12),
        text: "z".into(),
    };
    let edits = [edit(&db, "bcd", "X"), edit(&db, "cde", "Y"), outside];
    assert_eq!(apply(&db, &edits)[0].1, "aXef");
    // An edit that changes nothing changes no file.
    assert!(apply(&db, &[edit(&db, "b", "b")]).is_empty());
}

#[test]
fn insertions_at_one_offset_do_not_overlap_but_an_insertion_inside_a_replacement_does() {
    let db = db("a.tf", "abcdef");
    let insert = |at: usize| Edit {
        span: Span::new(FileId(0), at, at),
        text: "+".into(),
    };
    let replace = edit(&db, "bcd", "X");
    assert!(!overlap(&insert(2), &insert(2)));
    assert!(!overlap(&insert(1), &replace));
    assert!(!overlap(&insert(4), &replace));
    assert!(overlap(&insert(2), &replace));
    assert!(overlap(&edit(&db, "cde", "Y"), &replace));
}

#[test]
fn a_diagnostic_without_an_intent_or_in_a_plan_has_no_candidate() {
    let plan = r#"{"format_version": "1.2", "planned_values": {"root_module": {}}, "x": "aws_iam_role.r.name"}"#;
    let db = db("plan.json", plan);
    let mut diagnostic = repl_lint_rules::RULES[0]
        .meta
        .diagnostic(span(&db, "aws_iam_role.r.name"), "m".into());
    assert_eq!(candidate(&db, &diagnostic), None);
    diagnostic.fix = Some(FixIntent::UseArn {
        reference: diagnostic.primary,
        target: "aws_iam_role.r".into(),
        attr: "name".into(),
    });
    assert_eq!(candidate(&db, &diagnostic), None);
}
