//! Unit tests of `conditions.rs`.

use super::*;
use crate::source::FileId;
use crate::syntax::json::parse_json;

fn template() -> Value {
    let text = r#"{"Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsEu": {"Fn::Equals": [{"Ref": "Region"}, "eu"]},
        "AlsoProd": {"Condition": "IsProd"},
        "ProdOutsideEu": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Not": [{"Condition": "IsEu"}]}]},
        "Loop": {"Condition": "Loop"}
    }}"#;
    parse_json(text, FileId(0), 0).unwrap()
}

#[test]
fn derived_conditions_are_replaced_by_the_independent_ones() {
    let root = template();
    let used = ["AlsoProd".to_string(), "ProdOutsideEu".to_string()];
    assert_eq!(base_conditions(&root, &used), vec!["IsEu", "IsProd"]);
    // An undefined or self-referencing condition is treated as independent, without looping.
    assert_eq!(
        base_conditions(&root, &["Loop".to_string(), "Nowhere".to_string()]),
        vec!["Nowhere"]
    );
}

#[test]
fn derived_conditions_follow_the_independent_ones() {
    let root = template();
    let base = BTreeMap::from([("IsProd".to_string(), true), ("IsEu".to_string(), false)]);
    let all = complete_assignment(&root, &base);
    assert_eq!(all.get("AlsoProd"), Some(&true));
    assert_eq!(all.get("ProdOutsideEu"), Some(&true));
    assert_eq!(all.get("Loop"), None);
    let base = BTreeMap::from([("IsProd".to_string(), false)]);
    let all = complete_assignment(&root, &base);
    assert_eq!(
        all.get("ProdOutsideEu"),
        Some(&false),
        "And is false once one part is false"
    );
}
