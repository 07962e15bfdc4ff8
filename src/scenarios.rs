//! CloudFormation conditions: a template is linted once per assignment of the conditions that
//! decide its values (`Fn::If`) and resources (`Condition:`), and the findings are merged: a
//! finding that holds only under some assignments says under which.

use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;

/// An assignment of truth values to condition names.
pub type Assignment = BTreeMap<String, bool>;

/// Up to this many conditions every combination is linted; beyond it, only "all true" and
/// "all false" (bounded work for templates with many conditions).
const MAX_EXHAUSTIVE: usize = 3;

/// The assignments to lint a template with (one empty assignment when it has no condition).
pub fn assignments(conditions: &[String]) -> Vec<Assignment> {
    if conditions.len() > MAX_EXHAUSTIVE {
        return [true, false]
            .iter()
            .map(|&value| conditions.iter().map(|c| (c.clone(), value)).collect())
            .collect();
    }
    (0..1usize << conditions.len())
        .map(|bits| {
            conditions
                .iter()
                .enumerate()
                .map(|(i, c)| (c.clone(), bits & (1 << i) != 0))
                .collect()
        })
        .collect()
}

/// Merges the findings of the same template under several assignments: identical findings
/// (rule, location, message) are reported once; one that does not hold under every assignment
/// names the condition values under which it does.
pub fn merge(per_assignment: Vec<(Assignment, Vec<Diagnostic>)>) -> Vec<Diagnostic> {
    let total = per_assignment.len();
    let mut merged: Vec<(Diagnostic, Vec<&Assignment>)> = Vec::new();
    for (assignment, diagnostics) in &per_assignment {
        for d in diagnostics {
            match merged
                .iter_mut()
                .find(|(m, _)| m.rule == d.rule && m.primary == d.primary && m.message == d.message)
            {
                Some((_, seen)) => seen.push(assignment),
                None => merged.push((d.clone(), vec![assignment])),
            }
        }
    }
    merged
        .into_iter()
        .map(|(mut d, seen)| {
            if seen.len() < total {
                d.message = format!("{} ({})", d.message, describe(&seen, &per_assignment));
            }
            d
        })
        .collect()
}

/// "when condition `C` is true", or the first assignment under which the finding holds.
fn describe(seen: &[&Assignment], all: &[(Assignment, Vec<Diagnostic>)]) -> String {
    let Some(first) = seen.first() else {
        return String::new();
    };
    for (condition, value) in first.iter() {
        let matching = all
            .iter()
            .filter(|(a, _)| a.get(condition) == Some(value))
            .count();
        let holds_exactly_there =
            seen.iter().all(|a| a.get(condition) == Some(value)) && matching == seen.len();
        if holds_exactly_there {
            return format!("only when condition `{condition}` is {value}");
        }
    }
    let values: Vec<String> = first.iter().map(|(c, v)| format!("`{c}` {v}")).collect();
    format!(
        "only under some combinations of conditions, e.g. {}",
        values.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::{FileId, Span};

    fn diagnostic(message: &str) -> Diagnostic {
        Diagnostic {
            rule: "RL202",
            name: "destination-versioning",
            severity: Severity::Error,
            message: message.into(),
            primary: Span::new(FileId(0), 1, 2),
            resource: None,
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }

    #[test]
    fn assignments_cover_every_combination_up_to_the_limit() {
        let names = |n: usize| (0..n).map(|i| format!("C{i}")).collect::<Vec<_>>();
        assert_eq!(assignments(&[]), vec![Assignment::new()]);
        assert_eq!(assignments(&names(2)).len(), 4);
        assert_eq!(assignments(&names(3)).len(), 8);
        let many = assignments(&names(5));
        assert_eq!(many.len(), 2);
        assert!(many[0].values().all(|v| *v) && many[1].values().all(|v| !*v));
    }

    #[test]
    fn findings_under_every_assignment_are_reported_once_and_others_name_the_condition() {
        let all = assignments(&["IsProd".to_string(), "Other".to_string()]);
        let per: Vec<(Assignment, Vec<Diagnostic>)> = all
            .into_iter()
            .map(|a| {
                let mut found = vec![diagnostic("always")];
                if a["IsProd"] {
                    found.push(diagnostic("in prod"));
                }
                (a, found)
            })
            .collect();
        let merged = merge(per);
        let messages: Vec<&str> = merged.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec!["always", "in prod (only when condition `IsProd` is true)"]
        );
    }
}
