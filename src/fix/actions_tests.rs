//! Unit tests of `actions.rs`.

use super::super::tests::{db, fixed, span};
use super::*;
use repl_lint_source::FileId;

/// `text` with `action` added to the list whose items are `items`.
fn added(text: &str, items: &[&str], action: &str) -> Option<String> {
    added_all(text, items, &[action])
}

/// `text` with every action of `actions` added to the list whose items are `items`.
fn added_all(text: &str, items: &[&str], actions: &[&str]) -> Option<String> {
    let db = db("main.tf", text);
    let spans: Vec<Span> = items.iter().map(|i| span(&db, i)).collect();
    let actions: Vec<String> = actions.iter().map(|a| a.to_string()).collect();
    let fix = add_actions(db.file(FileId(0)), &spans, &actions)?;
    Some(fixed(&db, Some(fix)))
}

#[test]
fn several_actions_are_added_in_the_list_style() {
    assert_eq!(
        added_all("a = [\n  \"s3:A\",\n]\n", &["\"s3:A\""], &["s3:B", "s3:C"]).unwrap(),
        "a = [\n  \"s3:A\",\n  \"s3:B\",\n  \"s3:C\",\n]\n"
    );
    assert_eq!(
        added_all("Action:\n  - s3:A\n", &["s3:A"], &["s3:B", "s3:C"]).unwrap(),
        "Action:\n  - s3:A\n  - s3:B\n  - s3:C\n"
    );
    assert_eq!(
        added_all("Action: s3:A\n", &["s3:A"], &["s3:B", "s3:C"]).unwrap(),
        "Action: [s3:A, s3:B, s3:C]\n"
    );
}

#[test]
fn added_after_the_last_item_with_the_list_separator() {
    let text = "a = [\n  \"s3:A\",\n  \"s3:B\",\n]\n";
    assert_eq!(
        added(text, &["\"s3:A\"", "\"s3:B\""], "s3:C").unwrap(),
        "a = [\n  \"s3:A\",\n  \"s3:B\",\n  \"s3:C\",\n]\n"
    );
    let text = "Action:\n  - s3:A\n  - s3:B\nResource: x\n";
    assert_eq!(
        added(text, &["s3:A", "s3:B"], "s3:C").unwrap(),
        "Action:\n  - s3:A\n  - s3:B\n  - s3:C\nResource: x\n"
    );
    let text = "Action: ['s3:A', 's3:B']\n";
    assert_eq!(
        added(text, &["'s3:A'", "'s3:B'"], "s3:C").unwrap(),
        "Action: ['s3:A', 's3:B', 's3:C']\n"
    );
}

#[test]
fn a_list_of_one_and_a_single_string() {
    assert_eq!(
        added("a = [\"s3:A\"]\n", &["\"s3:A\""], "s3:B").unwrap(),
        "a = [\"s3:A\", \"s3:B\"]\n"
    );
    assert_eq!(
        added("\"Action\": [\n  \"s3:A\"\n]", &["\"s3:A\""], "s3:B").unwrap(),
        "\"Action\": [\n  \"s3:A\",\n  \"s3:B\"\n]"
    );
    assert_eq!(
        added("Action:\n  - s3:A\n", &["s3:A"], "s3:B").unwrap(),
        "Action:\n  - s3:A\n  - s3:B\n"
    );
    assert_eq!(
        added("Action = \"s3:A\"\n", &["\"s3:A\""], "s3:B").unwrap(),
        "Action = [\"s3:A\", \"s3:B\"]\n"
    );
    assert_eq!(
        added("Action: s3:A\n", &["s3:A"], "s3:B").unwrap(),
        "Action: [s3:A, s3:B]\n"
    );
}

#[test]
fn items_that_are_not_one_written_list_are_left_alone() {
    // Every node of a policy decoded from an escaped string shares the string's span.
    let text = "policy = \"{\\\"Action\\\": \\\"s3:A\\\"}\"\n";
    let whole = "\"{\\\"Action\\\": \\\"s3:A\\\"}\"";
    assert_eq!(added(text, &[whole], "s3:B"), None);
    // Items from two lists (`concat`).
    let text = "a = concat([\"s3:A\"], [\"s3:B\"])\n";
    assert_eq!(added(text, &["\"s3:A\"", "\"s3:B\""], "s3:C"), None);
}
