//! Unit tests of `conditions.rs` (with `logic.rs` and `solve.rs` behind it): the scenarios of a
//! template and what they imply for its parameters.

use super::*;
use crate::json::parse_json;
use crate::yaml::parse_yaml;
use repl_lint_source::FileId;

fn yaml(text: &str) -> Value {
    parse_yaml(text, FileId(0))
        .root
        .expect("test template is valid YAML")
}

/// The scenarios of a template as `(conditions, parameters)`, parameters sorted by name
/// (`None`: unknown, `Some(v)`: forced to `v`; a parameter at its default is absent).
type Seen = Vec<Row>;

/// One scenario: its conditions and its parameters.
type Row = (Vec<(String, bool)>, Vec<(String, Option<String>)>);

fn scenarios_of(root: &Value, max: usize) -> (Seen, Plan) {
    let plan = plan(root, &condition_uses(root), max);
    let seen = plan
        .scenarios
        .iter()
        .map(|s| {
            let conditions = s.conditions.iter().map(|(c, v)| (c.clone(), *v)).collect();
            let mut parameters: Vec<(String, Option<String>)> = s
                .parameters
                .iter()
                .map(|(p, b)| {
                    let value = match b {
                        Binding::Value(v) => Some(v.clone()),
                        Binding::Unknown => None,
                    };
                    (p.clone(), value)
                })
                .collect();
            parameters.sort();
            (conditions, parameters)
        })
        .collect();
    (seen, plan)
}

fn scenarios(text: &str) -> Seen {
    scenarios_of(&yaml(text), 64).0
}

/// `(conditions, parameters)` written briefly: `c(&[("A", true)], &[("P", Some("x"))])`.
fn c(conditions: &[(&str, bool)], parameters: &[(&str, Option<&str>)]) -> Row {
    (
        conditions
            .iter()
            .map(|(n, v)| (n.to_string(), *v))
            .collect(),
        parameters
            .iter()
            .map(|(n, v)| (n.to_string(), v.map(str::to_string)))
            .collect(),
    )
}

/// A template whose bucket uses each of `used` in an `Fn::If`.
fn with_uses(head: &str, used: &[&str]) -> String {
    let mut text = head.to_string();
    text.push_str("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n");
    for (i, name) in used.iter().enumerate() {
        text.push_str(&format!("      P{i}: !If [{name}, a, b]\n"));
    }
    text
}

#[test]
fn a_not_empty_test_makes_the_empty_default_unknown() {
    let text = with_uses(
        "Parameters:\n  Dst: {Type: String, Default: ''}\n\
         Conditions:\n  HasDst: !Not [!Equals [!Ref Dst, '']]\n",
        &["HasDst"],
    );
    assert_eq!(
        scenarios(&text),
        [
            c(&[("HasDst", true)], &[("Dst", None)]),
            c(&[("HasDst", false)], &[])
        ]
    );
}

#[test]
fn an_equals_test_forces_the_value_it_names() {
    let text = with_uses(
        "Parameters:\n  Env: {Type: String, Default: dev}\n\
         Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n",
        &["IsProd"],
    );
    assert_eq!(
        scenarios(&text),
        [
            c(&[("IsProd", true)], &[("Env", Some("prod"))]),
            c(&[("IsProd", false)], &[])
        ]
    );
    // With the default `prod`, the false branch rules the default out.
    let text = text.replace("Default: dev", "Default: prod");
    assert_eq!(
        scenarios(&text),
        [
            c(&[("IsProd", true)], &[]),
            c(&[("IsProd", false)], &[("Env", None)])
        ]
    );
}

#[test]
fn and_or_and_not_constrain_each_parameter_they_test() {
    let text = with_uses(
        "Parameters:\n  A: {Type: String, Default: ''}\n  B: {Type: String, Default: ''}\n\
         Conditions:\n\
         \x20 Both: !And [!Not [!Equals [!Ref A, '']], !Not [!Equals [!Ref B, '']]]\n\
         \x20 Either: !Or [!Equals [!Ref A, x], !Equals [!Ref B, y]]\n",
        &["Both", "Either"],
    );
    assert_eq!(
        scenarios(&text),
        [
            // A keeps no default and is not forced; B is `y` or anything else but ''.
            c(
                &[("Both", true), ("Either", true)],
                &[("A", None), ("B", None)]
            ),
            // Neither x nor y, neither empty.
            c(
                &[("Both", true), ("Either", false)],
                &[("A", None), ("B", None)]
            ),
            // A stays '' (B = y then), so B must be y.
            c(&[("Both", false), ("Either", true)], &[("B", Some("y"))]),
            c(&[("Both", false), ("Either", false)], &[]),
        ]
    );
}

#[test]
fn a_condition_built_on_another_constrains_through_it() {
    let text = with_uses(
        "Parameters:\n  Dst: {Type: String, Default: ''}\n  Env: {Type: String, Default: dev}\n\
         Conditions:\n  HasDst: !Not [!Equals [!Ref Dst, '']]\n\
         \x20 Replicate: !And [!Condition HasDst, !Equals [!Ref Env, prod]]\n\
         \x20 AlsoReplicate: !Condition Replicate\n",
        &["Replicate", "AlsoReplicate"],
    );
    assert_eq!(
        scenarios(&text),
        [
            c(
                &[("AlsoReplicate", true), ("Replicate", true)],
                &[("Dst", None), ("Env", Some("prod"))]
            ),
            c(&[("AlsoReplicate", false), ("Replicate", false)], &[]),
        ]
    );
}

#[test]
fn two_conditions_on_one_parameter_never_both_hold() {
    let text = with_uses(
        "Parameters:\n  Env: {Type: String, Default: test}\n\
         Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsDev: !Equals [!Ref Env, dev]\n",
        &["IsProd", "IsDev"],
    );
    assert_eq!(
        scenarios(&text),
        [
            c(
                &[("IsDev", false), ("IsProd", true)],
                &[("Env", Some("prod"))]
            ),
            c(
                &[("IsDev", true), ("IsProd", false)],
                &[("Env", Some("dev"))]
            ),
            c(&[("IsDev", false), ("IsProd", false)], &[]),
        ]
    );
}

#[test]
fn contradictory_and_constant_conditions_give_no_scenario() {
    let text = with_uses(
        "Parameters:\n  P: {Type: String}\n\
         Conditions:\n  A: !Equals [!Ref P, x]\n  NotA: !Not [!Condition A]\n\
         \x20 Never: !And [!Condition A, !Condition NotA]\n  Same: !Equals [!Ref P, !Ref P]\n\
         \x20 Literal: !Equals [a, b]\n",
        &["A", "NotA", "Never", "Same", "Literal"],
    );
    let all = |a: bool| {
        [
            ("A", a),
            ("Literal", false),
            ("Never", false),
            ("NotA", !a),
            ("Same", true),
        ]
    };
    // P has no default: where A is false it is unknown, not its (missing) default.
    assert_eq!(
        scenarios(&text),
        [
            c(&all(true), &[("P", Some("x"))]),
            c(&all(false), &[("P", None)])
        ]
    );
}

#[test]
fn allowed_values_limit_what_a_parameter_can_be() {
    let text = with_uses(
        "Parameters:\n  Stage: {Type: String, Default: a, AllowedValues: [a, b]}\n\
         \x20 Tier: {Type: String, AllowedValues: [gold, silver, bronze]}\n\
         Conditions:\n  NotA: !Not [!Equals [!Ref Stage, a]]\n\
         \x20 Precious: !Or [!Equals [!Ref Tier, gold], !Equals [!Ref Tier, silver]]\n\
         \x20 Plastic: !Equals [!Ref Tier, plastic]\n",
        &["NotA", "Precious", "Plastic"],
    );
    let seen = scenarios(&text);
    // `b` is the only other allowed stage; `bronze` the only tier neither gold nor silver;
    // `plastic` is not allowed, so `Plastic` is never true.
    assert_eq!(
        seen,
        [
            c(
                &[("NotA", true), ("Plastic", false), ("Precious", true)],
                &[("Stage", Some("b")), ("Tier", None)]
            ),
            c(
                &[("NotA", true), ("Plastic", false), ("Precious", false)],
                &[("Stage", Some("b")), ("Tier", Some("bronze"))]
            ),
            c(
                &[("NotA", false), ("Plastic", false), ("Precious", true)],
                &[("Tier", None)]
            ),
            c(
                &[("NotA", false), ("Plastic", false), ("Precious", false)],
                &[("Tier", Some("bronze"))]
            ),
        ]
    );
}

#[test]
fn a_resource_condition_counts_like_an_if_and_json_reads_alike() {
    let text = r#"{
      "Parameters": {"Dst": {"Type": "String", "Default": ""}},
      "Conditions": {"HasDst": {"Fn::Not": [{"Fn::Equals": [{"Ref": "Dst"}, ""]}]}},
      "Resources": {"R": {"Type": "AWS::IAM::Role", "Condition": "HasDst"}}
    }"#;
    let root = parse_json(text, FileId(0), 0).unwrap();
    let (seen, _) = scenarios_of(&root, 64);
    assert_eq!(
        seen,
        [
            c(&[("HasDst", true)], &[("Dst", None)]),
            c(&[("HasDst", false)], &[])
        ]
    );
}

#[test]
fn pseudo_parameters_and_other_expressions_are_values_too() {
    let text = with_uses(
        "Conditions:\n  East: !Equals [!Ref AWS::Region, us-east-1]\n\
         \x20 West: !Equals [!Ref 'AWS::Region', us-west-2]\n\
         \x20 Mapped: !Equals [!FindInMap [M, !Ref AWS::Region, k], x]\n\
         \x20 AlsoMapped: !Equals [x, !FindInMap [M, !Ref AWS::Region, k]]\n",
        &["East", "West", "Mapped", "AlsoMapped"],
    );
    let seen = scenarios(&text);
    // One region cannot be both; the same expression written twice is one value.
    assert_eq!(seen.len(), 6);
    assert!(seen.iter().all(|(conditions, _)| {
        let get = |n: &str| conditions.iter().find(|(c, _)| c == n).map(|(_, v)| *v);
        !(get("East") == Some(true) && get("West") == Some(true))
            && get("Mapped") == get("AlsoMapped")
    }));
}

#[test]
fn conditions_of_other_resources_only_take_forced_values() {
    let text = "Parameters:\n  P: {Type: String, Default: ''}\n\
         Conditions:\n  Lambda: !Equals [!Ref P, x]\n  Bucket: !Not [!Equals [!Ref P, '']]\n\
         Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Condition: Lambda\n\
         \x20 B:\n    Type: AWS::S3::Bucket\n    Condition: Bucket\n";
    // `Lambda` decides only a resource the model does not read: it is not split on, but it is
    // false wherever `Bucket` is false.
    assert_eq!(
        scenarios(text),
        [
            c(&[("Bucket", true)], &[("P", None)]),
            c(&[("Bucket", false), ("Lambda", false)], &[])
        ]
    );
}

#[test]
fn beyond_the_limit_conditions_stay_undecided_and_are_named() {
    let mut head = "Parameters:\n".to_string();
    let mut conditions = "Conditions:\n".to_string();
    let names: Vec<String> = (0..4).map(|i| format!("C{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        head.push_str(&format!("  P{i}: {{Type: String, Default: ''}}\n"));
        conditions.push_str(&format!("  {name}: !Equals [!Ref P{i}, x]\n"));
    }
    let used: Vec<&str> = names.iter().map(String::as_str).collect();
    let root = yaml(&with_uses(&(head + &conditions), &used));
    let (seen, plan) = scenarios_of(&root, 4);
    assert_eq!(seen.len(), 4);
    assert_eq!(plan.unexplored, ["C2", "C3"]);
    assert!(!plan.exhausted);
    assert!(seen.iter().all(|(c, _)| c.len() == 2));
}

/// `count` conditions, each `Fn::Or` (or `Fn::And`) of `width` references to the one before,
/// the first testing `Env`; the bucket exists only under the last.
fn fan_out(count: usize, width: usize, function: &str) -> String {
    let mut text = "Parameters:\n  Env: {Type: String, Default: dev}\nConditions:\n".to_string();
    text.push_str("  C0: !Equals [!Ref Env, prod]\n");
    for i in 1..count {
        let refs = vec![format!("!Condition C{}", i - 1); width].join(", ");
        text.push_str(&format!("  C{i}: !{function} [{refs}]\n"));
    }
    text.push_str(&format!(
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Condition: C{}\n",
        count - 1
    ));
    text
}

#[test]
fn shared_conditions_are_evaluated_once() {
    // Evaluated as trees, these would take 8^59 steps: this test would never finish.
    for function in ["Or", "And"] {
        let last = "C59".to_string();
        assert_eq!(
            scenarios(&fan_out(60, 8, function)),
            [
                (
                    vec![(last.clone(), true)],
                    vec![("Env".into(), Some("prod".into()))]
                ),
                (vec![(last, false)], vec![]),
            ]
        );
    }
}

#[test]
fn a_search_beyond_the_budget_is_unknown_and_says_so() {
    // `Odd` is the parity of 40 parameters; `Even` is its negation, so `Odd` and `Even` never
    // both hold, but only fixing every parameter shows it: 2^40 cases, beyond the budget.
    let mut text = "Parameters:\n".to_string();
    let mut conditions = "Conditions:\n  X0: !Equals [a, b]\n".to_string();
    for i in 1..=40 {
        text.push_str(&format!("  P{i}: {{Type: String, Default: n}}\n"));
        conditions.push_str(&format!(
            "  A{i}: !Equals [!Ref P{i}, y]\n  X{i}: !Or [!And [!Condition X{}, !Not [!Condition A{i}]], !And [!Not [!Condition X{}], !Condition A{i}]]\n",
            i - 1,
            i - 1
        ));
    }
    conditions.push_str("  Odd: !Condition X40\n  Even: !Not [!Condition X40]\n");
    let root = yaml(&with_uses(&(text + &conditions), &["Odd", "Even"]));
    let (seen, plan) = scenarios_of(&root, 64);
    assert!(plan.exhausted);
    // `Even` is left undecided (its values unknown) rather than assumed possible both ways.
    assert_eq!(plan.unexplored, ["Even"]);
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().all(|(c, _)| c.len() == 1 && c[0].0 == "Odd"));
}

#[test]
fn uses_say_what_they_decide_and_replication_is_split_on_first() {
    let text = "Conditions:\n  Tag: !Equals [!Ref AWS::Region, a]\n  Lambda: !Equals [!Ref AWS::Region, b]\n\
         \x20 Exists: !Equals [!Ref AWS::Region, c]\n  Rule: !Equals [!Ref AWS::StackName, d]\n\
         Resources:\n  Replica:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: !If [Tag, [], []]\n\
         \x20 F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: !If [Lambda, a, b]\n\
         \x20 Source:\n    Type: AWS::S3::Bucket\n    Condition: Exists\n    Properties:\n\
         \x20     ReplicationConfiguration:\n        Rules: [!If [Rule, {}, {}]]\n";
    let root = yaml(text);
    let uses: Vec<(String, Decides)> = condition_uses(&root)
        .into_iter()
        .map(|u| (u.name, u.decides))
        .collect();
    let named = |n: &str, d| (n.to_string(), d);
    assert_eq!(
        uses,
        [
            named("Tag", Decides::Modelled),
            named("Lambda", Decides::Other),
            named("Exists", Decides::Replication),
            named("Rule", Decides::Replication),
        ]
    );
    // With room for two scenarios, the conditions deciding replication get them.
    let (seen, plan) = scenarios_of(&root, 2);
    assert_eq!(seen.len(), 2);
    assert!(
        seen.iter()
            .all(|(c, _)| c.iter().any(|(n, _)| n == "Exists"))
    );
    assert_eq!(plan.unexplored, ["Rule", "Tag"]);
}
