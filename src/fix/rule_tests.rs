//! Unit tests of `rule.rs`.

use super::super::tests::{db, fixed, span};
use super::*;
use repl_lint_source::FileId;

/// `text` (a file named `path`) with `element` added to the rule `rule` whose filter is `filter`.
fn added(
    path: &str,
    text: &str,
    [rule, filter]: [&str; 2],
    element: RuleElement,
) -> Option<String> {
    let db = db(path, text);
    let file = db.file(FileId(0));
    let fix = add_to_rule(file, span(&db, rule), span(&db, filter), element)?;
    Some(fixed(&db, Some(fix)))
}

const DMR: RuleElement = RuleElement::DeleteMarkerReplicationDisabled;

#[test]
fn terraform_block_after_the_filter_indented_like_it() {
    let text = "  rule {\n    id = \"a\"\n    filter {\n      prefix = \"x\"\n    } # f\n    destination {}\n  }\n";
    let filter = "filter {\n      prefix = \"x\"\n    }";
    assert_eq!(
        added("main.tf", text, ["rule {", filter], DMR).unwrap(),
        "  rule {\n    id = \"a\"\n    filter {\n      prefix = \"x\"\n    } # f\n    delete_marker_replication {\n      status = \"Disabled\"\n    }\n    destination {}\n  }\n"
    );
    // Tabs, an empty filter and blank lines between the rule's elements.
    let text = "rule {\n\tfilter {}\n\n\tdestination {}\n}\n";
    assert_eq!(
        added("main.tf", text, ["rule {", "filter {}"], DMR).unwrap(),
        "rule {\n\tfilter {}\n\n\tdelete_marker_replication {\n\t\tstatus = \"Disabled\"\n\t}\n\n\tdestination {}\n}\n"
    );
    // A rule on one line, and a priority (CloudFormation only), are left alone.
    assert_eq!(
        added(
            "main.tf",
            "rule { filter {} }\n",
            ["rule", "filter {}"],
            DMR
        ),
        None
    );
    let text = "rule {\n  filter {}\n}\n";
    assert_eq!(
        added(
            "main.tf",
            text,
            ["rule", "filter {}"],
            RuleElement::Priority(1)
        ),
        None
    );
}

#[test]
fn yaml_block_entry_after_the_filter() {
    let text = "Rules:\n  - Filter:\n      Prefix: x\n    Destination: {}\n";
    let filter = "Filter:\n      Prefix: x";
    assert_eq!(
        added("t.yaml", text, ["Filter", filter], DMR).unwrap(),
        "Rules:\n  - Filter:\n      Prefix: x\n    DeleteMarkerReplication:\n      Status: Disabled\n    Destination: {}\n"
    );
    let text = "Rules:\r\n  - Id: a\r\n    Filter: {}\r\n";
    assert_eq!(
        added(
            "t.yaml",
            text,
            ["Id", "Filter: {}"],
            RuleElement::Priority(3)
        )
        .unwrap(),
        "Rules:\r\n  - Id: a\r\n    Filter: {}\r\n    Priority: 3\r\n"
    );
}

#[test]
fn flow_and_json_members_after_the_filter() {
    let text = "Rules: [{Id: a, Filter: {Prefix: x}, Status: Enabled}]\n";
    assert_eq!(
        added("t.yaml", text, ["{Id", "Filter: {Prefix: x}"], DMR).unwrap(),
        "Rules: [{Id: a, Filter: {Prefix: x}, DeleteMarkerReplication: {Status: Disabled}, Status: Enabled}]\n"
    );
    let text = "{\n  \"Id\": \"a\",\n  \"Filter\": {}\n}";
    assert_eq!(
        added(
            "t.json",
            text,
            ["{", "\"Filter\": {}"],
            RuleElement::Priority(2)
        )
        .unwrap(),
        "{\n  \"Id\": \"a\",\n  \"Filter\": {},\n  \"Priority\": 2\n}"
    );
    let text = "[{\"Filter\": {}, \"Id\": \"a\"}]";
    assert_eq!(
        added("t.json", text, ["{\"Filter", "\"Filter\": {}"], DMR).unwrap(),
        "[{\"Filter\": {}, \"DeleteMarkerReplication\": {\"Status\": \"Disabled\"}, \"Id\": \"a\"}]"
    );
}
