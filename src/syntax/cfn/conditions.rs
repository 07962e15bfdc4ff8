//! Which template conditions decide what exists (`Fn::If` conditions anywhere under
//! `Resources` and resource-level `Condition:` names), which of them are independent, and the
//! values of the conditions derived from those (`Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`).

use std::collections::{BTreeMap, BTreeSet};

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

/// How deep condition definitions may refer to each other before evaluation gives up.
const MAX_CONDITION_DEPTH: usize = 32;

/// The independent conditions behind `used`: a condition defined only by `Fn::And`, `Fn::Or`,
/// `Fn::Not` and `Condition` over other conditions is replaced by those it is built from; any
/// other condition (an `Fn::Equals` on parameters, say) is independent. Sorted, no duplicates.
pub fn base_conditions(root: &Value, used: &[String]) -> Vec<String> {
    let definitions = root.get("Conditions");
    let mut base = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = used.to_vec();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let definition = definitions.and_then(|d| d.get(&name));
        match definition.and_then(|d| referenced_conditions(d, 0)) {
            Some(parts) => stack.extend(parts),
            None => {
                base.insert(name);
            }
        }
    }
    base.into_iter().collect()
}

/// The conditions a definition is built from, when it is built only from other conditions.
fn referenced_conditions(definition: &Value, depth: usize) -> Option<Vec<String>> {
    if depth > MAX_CONDITION_DEPTH {
        return None;
    }
    let [entry] = definition.entries() else {
        return None;
    };
    match entry.key.as_str() {
        "Condition" => entry.value.as_str().map(|name| vec![name.to_string()]),
        "Fn::And" | "Fn::Or" | "Fn::Not" => {
            let mut out = Vec::new();
            for part in entry.value.items() {
                out.extend(referenced_conditions(part, depth + 1)?);
            }
            Some(out)
        }
        _ => None,
    }
}

/// Extends an assignment of independent conditions with the value of every condition defined
/// from them (`Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`); conditions it cannot decide stay out.
pub fn complete_assignment(root: &Value, base: &BTreeMap<String, bool>) -> BTreeMap<String, bool> {
    let mut out = base.clone();
    let Some(definitions) = root.get("Conditions") else {
        return out;
    };
    for entry in definitions.entries() {
        if out.contains_key(&entry.key) {
            continue;
        }
        if let Some(value) = evaluate(definitions, &entry.value, base, 0) {
            out.insert(entry.key.clone(), value);
        }
    }
    out
}

fn evaluate(
    definitions: &Value,
    expression: &Value,
    base: &BTreeMap<String, bool>,
    depth: usize,
) -> Option<bool> {
    if depth > MAX_CONDITION_DEPTH {
        return None;
    }
    let [entry] = expression.entries() else {
        return None;
    };
    let parts = entry.value.items();
    match entry.key.as_str() {
        "Condition" => {
            let name = entry.value.as_str()?;
            match base.get(name) {
                Some(value) => Some(*value),
                None => evaluate(definitions, definitions.get(name)?, base, depth + 1),
            }
        }
        "Fn::Not" => evaluate(definitions, parts.first()?, base, depth + 1).map(|v| !v),
        "Fn::And" => combine(
            parts
                .iter()
                .map(|p| evaluate(definitions, p, base, depth + 1)),
            false,
        ),
        "Fn::Or" => combine(
            parts
                .iter()
                .map(|p| evaluate(definitions, p, base, depth + 1)),
            true,
        ),
        _ => None,
    }
}

/// `Fn::And` (`decisive` false) or `Fn::Or` (`decisive` true) over possibly unknown values.
fn combine(values: impl Iterator<Item = Option<bool>>, decisive: bool) -> Option<bool> {
    let mut unknown = false;
    for value in values {
        match value {
            Some(v) if v == decisive => return Some(decisive),
            Some(_) => {}
            None => unknown = true,
        }
    }
    (!unknown).then_some(!decisive)
}

#[cfg(test)]
#[path = "conditions_tests.rs"]
mod tests;
