//! The registry `build.rs` generates: every declared rule once, in ID order, each with its
//! document, and no document without a rule.

use super::{RULES, docs::DOCS};
use std::collections::HashSet;

#[test]
fn rules_are_listed_once_in_id_order() {
    let ids: Vec<&str> = RULES.iter().map(|r| r.meta.id).collect();
    for pair in ids.windows(2) {
        assert!(
            pair[0] < pair[1],
            "{} is declared twice or out of order",
            pair[1]
        );
    }
    let mut names = HashSet::new();
    for rule in RULES {
        assert!(
            names.insert(rule.meta.name),
            "two rules are named {}",
            rule.meta.name
        );
    }
}

#[test]
fn every_rule_has_a_document() {
    for rule in RULES {
        assert!(
            DOCS.iter().any(|(id, _)| *id == rule.meta.id),
            "{} has no rules/{}.md",
            rule.meta.id,
            rule.meta.id
        );
    }
}

#[test]
fn every_document_has_a_rule() {
    for (id, _) in DOCS {
        assert!(
            super::meta(id).is_some(),
            "rules/{id}.md documents no declared rule"
        );
    }
}

#[test]
fn only_rules_emitted_by_other_stages_have_no_check() {
    let without: Vec<&str> = RULES
        .iter()
        .filter(|r| r.check.is_none())
        .map(|r| r.meta.id)
        .collect();
    assert_eq!(without, ["RL001", "RL003", "RL004"]);
}
