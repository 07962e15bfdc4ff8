//! RL104 rule-limits: no rule or more than 1,000 rules, an ID or a prefix over its length limit,
//! and (as a warning) two rules with one ID; an RL003 note when the rules cannot be read.

use crate::input::unverifiable;
use crate::prelude::*;
use repl_lint_model::Replication;
use repl_lint_syntax::value::Value;
use std::collections::HashMap;

declare_rule! {
    id: RL104,
    name: "rule-limits",
    severity: Error,
    default_enabled: true,
    summary: "No rule or more than 1,000 rules, an ID over 255 or a prefix over 1,024 characters; duplicate IDs (warning).",
    check: Some(check),
}

/// At most this many rules in one replication configuration.
const MAX_RULES: usize = 1000;
/// At most this many characters in a rule ID.
const MAX_ID: usize = 255;
/// At most this many characters in a prefix.
const MAX_PREFIX: usize = 1024;

/// Checks the rule count, ID and prefix lengths, and duplicate IDs of every configuration.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let Some(all) = &replication.rules else {
            unverifiable::note(
                sink,
                replication.rules_span,
                &replication.address,
                &META,
                &format!(
                    "the rules of `{}` could not be read (a `dynamic` block over a collection the linter cannot evaluate, or an unknown value), so no check of its rules ran",
                    replication.address
                ),
            );
            continue;
        };
        check_count(replication, all.len(), sink);
        let mut seen: HashMap<&str, &Value> = HashMap::new();
        for rule in rules(replication) {
            let prefixes = [rule.prefix.as_ref(), rule.filter_prefix.as_ref()];
            for prefix in prefixes.into_iter().flatten() {
                too_long(replication, prefix, MAX_PREFIX, "prefix", sink);
            }
            let Some(id) = &rule.id else { continue };
            too_long(replication, id, MAX_ID, "rule ID", sink);
            let Some(text) = id.as_str().filter(|t| !t.is_empty()) else {
                continue;
            };
            if let Some(first) = seen.insert(text, id) {
                sink.report(
                    &META,
                    id.span,
                    format!("two rules have the ID `{text}`: S3 rule IDs must be unique within a configuration"),
                )
                .severity(Severity::Warning)
                .resource(&replication.address)
                .related(first.span, "first rule with this ID")
                .help("give every rule its own ID");
            }
        }
    }
}

/// No rule at all is reported in every language (a `dynamic "rule"` over a known empty
/// collection included; over an unknown one the rules are unknown and this is not reached),
/// except in a plan: Terraform plans no configuration without a rule, and a plan omits the
/// `dynamic` blocks whose collection is unknown, so an empty list there proves nothing.
fn check_count(replication: &Replication, count: usize, sink: &mut Sink) {
    let message = if count == 0 && !replication.from_plan {
        "the replication configuration has no rule: S3 requires at least one".to_string()
    } else if count > MAX_RULES {
        format!("the replication configuration has {count} rules: S3 accepts at most {MAX_RULES}")
    } else {
        return;
    };
    // The configuration: an inline block or CloudFormation property whole, a resource by its
    // header.
    let whole = match replication.inline {
        true => replication.span,
        false => replication.header,
    };
    let at = rules(replication)
        .get(MAX_RULES)
        .map_or(whole, |rule| rule.span);
    sink.report(&META, at, message)
        .resource(&replication.address)
        .help("a replication configuration holds between 1 and 1,000 rules");
}

fn too_long(replication: &Replication, value: &Value, max: usize, what: &str, sink: &mut Sink) {
    let Some(text) = value.as_str() else { return };
    let length = text.chars().count();
    if length > max {
        sink.report(
            &META,
            value.span,
            format!("the {what} is {length} characters long: S3 accepts at most {max}"),
        )
        .resource(&replication.address)
        .help(&format!("shorten the {what} to {max} characters or fewer"));
    }
}
