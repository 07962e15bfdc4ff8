//! Which template conditions decide what exists: `Fn::If` conditions anywhere under
//! `Resources` and resource-level `Condition:` names.

use std::collections::BTreeSet;

use crate::model::value::{Value, ValueKind};

/// The condition names used by `Fn::If` and resource `Condition`, sorted, without duplicates.
///
/// Walks with an explicit stack, so arbitrarily deep values cannot overflow the call stack.
pub fn conditions_used(root: &Value) -> Vec<String> {
    let mut names = BTreeSet::new();
    let Some(resources) = root.get("Resources") else {
        return Vec::new();
    };
    for entry in resources.entries() {
        if let Some(name) = entry.value.get("Condition").and_then(Value::as_str) {
            names.insert(name.to_string());
        }
    }
    let mut stack: Vec<&Value> = vec![resources];
    while let Some(v) = stack.pop() {
        match &v.kind {
            ValueKind::Map(entries) => {
                if let [only] = entries.as_slice()
                    && only.key == "Fn::If"
                    && let Some(name) = only.value.items().first().and_then(Value::as_str)
                {
                    names.insert(name.to_string());
                }
                stack.extend(entries.iter().map(|e| &e.value));
            }
            ValueKind::List(items) => stack.extend(items),
            _ => {}
        }
    }
    names.into_iter().collect()
}
