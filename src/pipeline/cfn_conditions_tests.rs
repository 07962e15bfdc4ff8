//! Unit tests of `scenarios.rs`: merging and labels.

use super::*;
use repl_lint_source::FileId;
use repl_lint_source::diagnostic::{Related, Severity};

fn diagnostic(message: &str, at: usize) -> Diagnostic {
    Diagnostic {
        rule: "RL202",
        name: "destination-versioning",
        severity: Severity::Error,
        message: message.into(),
        primary: Span::new(FileId(0), at, at + 1),
        resource: None,
        related: Vec::new(),
        help: None,
        fix: None,
    }
}

/// Every combination of the named conditions.
fn every(names: &[&str]) -> Vec<Assignment> {
    (0..1usize << names.len())
        .map(|bits| {
            names
                .iter()
                .enumerate()
                .map(|(i, c)| (c.to_string(), bits & (1 << i) != 0))
                .collect()
        })
        .collect()
}

/// The merged messages when `finding(assignment)` lists the findings of each scenario.
fn messages(
    all: Vec<Assignment>,
    uses: &[(String, Span)],
    finding: impl Fn(&Assignment) -> Vec<Diagnostic>,
) -> Vec<String> {
    let per = all
        .into_iter()
        .map(|a| (finding(&a), a))
        .map(|(f, a)| (a, f))
        .collect();
    merge(per, uses).into_iter().map(|d| d.message).collect()
}

#[test]
fn a_finding_in_every_scenario_has_no_label_and_others_name_their_condition() {
    let found = messages(every(&["IsProd", "Other"]), &[], |a| {
        let mut found = vec![diagnostic("always", 1)];
        if a["IsProd"] {
            found.push(diagnostic("in prod", 2));
        }
        found
    });
    assert_eq!(
        found,
        ["always", "in prod (only when condition `IsProd` is true)"]
    );
}

#[test]
fn the_label_names_the_deciding_condition_not_an_unrelated_one() {
    // Four independent conditions; the finding holds exactly when `Replicate` is true.
    let found = messages(
        every(&["Archive", "CreateLog", "Replicate", "Topic"]),
        &[],
        |a| {
            if a["Replicate"] {
                vec![diagnostic("bad destination", 1)]
            } else {
                vec![]
            }
        },
    );
    assert_eq!(
        found,
        ["bad destination (only when condition `Replicate` is true)"]
    );
}

#[test]
fn two_conditions_together_are_named_together() {
    let found = messages(every(&["A", "B", "C"]), &[], |a| {
        let mut found = Vec::new();
        if a["A"] && !a["B"] {
            found.push(diagnostic("both", 1));
        }
        if a["A"] || a["C"] {
            found.push(diagnostic("either", 2));
        }
        found
    });
    assert_eq!(
        found,
        [
            "both (only when condition `A` is true and condition `B` is false)",
            "either (only when condition `A` is true, or when condition `C` is true)",
        ]
    );
}

#[test]
fn of_two_equivalent_conditions_the_one_around_the_finding_is_named() {
    // `Alias` always equals `Guard` (a condition defined as `!Condition Guard`): both decide the
    // finding; the `Fn::If` of `Guard` is the one around it.
    let all: Vec<Assignment> = [true, false]
        .iter()
        .map(|&v| [("Alias".to_string(), v), ("Guard".to_string(), v)].into())
        .collect();
    let around = |name: &str, start, end| (name.to_string(), Span::new(FileId(0), start, end));
    let finding = |a: &Assignment| {
        if a["Guard"] {
            vec![diagnostic("guarded", 10)]
        } else {
            vec![]
        }
    };
    let uses = [around("Alias", 0, 5), around("Guard", 8, 20)];
    assert_eq!(
        messages(all.clone(), &uses, finding),
        ["guarded (only when condition `Guard` is true)"]
    );
    // A related location inside the other `Fn::If` is on the finding's path too.
    let uses = [around("Alias", 8, 20), around("Guard", 30, 40)];
    let mut related = diagnostic("guarded", 10);
    related.related.push(Related {
        span: Span::new(FileId(0), 31, 32),
        message: "role".into(),
    });
    let with_related = |a: &Assignment| {
        if a["Guard"] {
            vec![related.clone()]
        } else {
            vec![]
        }
    };
    assert_eq!(messages(all, &uses, with_related).len(), 1);
}

#[test]
fn max_scenarios_shrinks_for_large_templates() {
    assert_eq!(max_scenarios(1_000), MAX_SCENARIOS);
    assert_eq!(max_scenarios(SCENARIO_BYTES), 1);
    assert_eq!(max_scenarios(SCENARIO_BYTES / 4), 4);
}
