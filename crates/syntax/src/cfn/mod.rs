//! CloudFormation front end (JSON and YAML templates, SAM and CDK output included): recognises a
//! template and lowers its `Resources` into [`Resource`]s for one scenario of its conditions.
//!
//! The input is a spanned [`Value`] as [`crate::json::parse_json`] produces it; YAML short
//! forms (`!Ref`, `!Sub`, ...) arrive already rewritten into their long one-entry maps. The
//! scenarios to lower it under come from [`plan`] (`conditions.rs`, on `logic.rs` and
//! `solve.rs`).

mod conditions;
mod intrinsics;
mod logic;
mod solve;

#[cfg(test)]
mod tests;

pub use self::conditions::{Binding, ConditionUse, Decides, Plan, Scenario, condition_uses, plan};
pub use self::intrinsics::{MAX_DEPTH, PSEUDO_PARAMETERS};

use self::intrinsics::Lowerer;
use crate::resource::{Configuration, ParseError, Resource};
use crate::value::{Entry, Value, ValueKind};
use repl_lint_source::Span;

/// Type prefixes that mark a CloudFormation resource.
const TYPE_PREFIXES: &[&str] = &["AWS::", "Custom::", "Alexa::"];

/// True when the value is a CloudFormation template: a top-level `Resources` map whose entries
/// have a `Type` string starting with `AWS::` (or `Custom::`/`Alexa::`) — SAM and CDK templates
/// included.
///
/// One entry with such a `Type` is enough: templates may also hold module types
/// (`Org::Service::Thing::MODULE`), third-party registry types, `Fn::ForEach::` loops, or
/// pre-processor constructs (Rain's `!Rain::Module`).
pub fn is_template(root: &Value) -> bool {
    let Some(resources) = root.get("Resources") else {
        return false;
    };
    resources.entries().iter().any(|entry| {
        entry
            .value
            .get("Type")
            .and_then(Value::as_str)
            .is_some_and(|ty| TYPE_PREFIXES.iter().any(|p| ty.starts_with(p)))
    })
}

/// Lowers a template for one scenario: an assignment of its conditions (a condition missing
/// from it counts as unknown) and what that implies for its parameters.
///
/// One [`Resource`] per entry of `Resources`, except those whose `Condition` is false in the
/// scenario. Malformed shapes never panic: they are skipped with a [`ParseError`] located at
/// the offending node.
pub fn lower_template(root: &Value, text: &str, scenario: &Scenario) -> Configuration {
    let mut config = Configuration::default();
    let Some(resources) = root.get("Resources") else {
        return config;
    };
    if !matches!(resources.kind, ValueKind::Map(_)) {
        config
            .errors
            .push(error(resources.span, "`Resources` must be a map"));
        return config;
    }
    let lowerer = Lowerer::new(root, text, scenario);
    for entry in resources.entries() {
        if let Some(resource) = lower_resource(&lowerer, entry, scenario, &mut config.errors) {
            config.resources.push(std::sync::Arc::new(resource));
        }
    }
    config
}

/// Lowers one `Resources` entry, or reports why it cannot be read.
fn lower_resource(
    lowerer: &Lowerer<'_>,
    entry: &Entry,
    scenario: &Scenario,
    errors: &mut Vec<ParseError>,
) -> Option<Resource> {
    let id = &entry.key;
    // `Fn::ForEach::<name>` loops (AWS::LanguageExtensions) are not expanded.
    if id.starts_with("Fn::ForEach::") {
        return None;
    }
    let def = &entry.value;
    if !matches!(def.kind, ValueKind::Map(_)) {
        errors.push(error(def.span, &format!("resource `{id}` must be a map")));
        return None;
    }
    let type_name = match def.get("Type") {
        Some(Value {
            kind: ValueKind::Str(t),
            ..
        }) => t.clone(),
        // A pre-processor construct (Rain's `Type: !Rain::Module file.yaml`): not ours to judge.
        Some(Value {
            kind: ValueKind::Map(_) | ValueKind::List(_),
            ..
        }) => return None,
        Some(other) => {
            errors.push(error(
                other.span,
                &format!("the `Type` of resource `{id}` must be a string"),
            ));
            return None;
        }
        None => {
            errors.push(error(
                entry.key_span,
                &format!("resource `{id}` has no `Type`"),
            ));
            return None;
        }
    };
    if let Some(cond) = def.get("Condition").and_then(Value::as_str)
        && scenario.conditions.get(cond) == Some(&false)
    {
        return None;
    }
    let empty = || Value::new(ValueKind::Map(Vec::new()), entry.span);
    let body = match def.get("Properties") {
        None
        | Some(Value {
            kind: ValueKind::Null,
            ..
        }) => empty(),
        Some(props) => match (&props.kind, lowerer.lower(props, 0)) {
            // A written map, or an intrinsic that yields one (or stays unknown).
            (ValueKind::Map(_), Some(body)) => body,
            (ValueKind::Map(_), None) => empty(),
            _ => {
                errors.push(error(
                    props.span,
                    &format!("the `Properties` of resource `{id}` must be a map"),
                ));
                empty()
            }
        },
    };
    let depends_on = depends_on(def.get("DependsOn"), id, errors);
    Some(Resource {
        address: id.clone(),
        type_name,
        is_data: false,
        header: entry.key_span,
        span: entry.span,
        body,
        depends_on,
        provider: None,
        exists_before_apply: false,
        unexpanded: None,
    })
}

/// `DependsOn`: a logical ID or a list of them, with their spans.
fn depends_on(
    value: Option<&Value>,
    id: &str,
    errors: &mut Vec<ParseError>,
) -> Vec<(String, Span)> {
    let Some(value) = value else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in value.items() {
        match item.as_str() {
            Some(name) => out.push((name.to_string(), item.span)),
            None => errors.push(error(
                item.span,
                &format!("`DependsOn` of resource `{id}` must name logical IDs"),
            )),
        }
    }
    out
}

fn error(span: Span, message: &str) -> ParseError {
    ParseError {
        span,
        message: format!("invalid CloudFormation template: {message}"),
    }
}
