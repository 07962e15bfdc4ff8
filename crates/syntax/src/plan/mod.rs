//! Terraform plan JSON (`terraform show -json plan.out`) front end.
//!
//! A plan can be hundreds of megabytes, so it is never built as a whole: a validating scanner
//! walks it once, records where the interesting parts are (resources of `planned_values`,
//! `after_unknown` of `resource_changes`, `expressions` of `configuration`), and only the values
//! of resources whose type matters to replication (`aws_s3*`, `aws_iam_*`, `aws_kms_*` and a few
//! data sources) are parsed into spanned [`Value`]s. Every other resource is still listed, with
//! an empty body.
//!
//! Decisions:
//! - Addresses: a resource whose only instance is `x[0]` or `x["k"]` gets the plain address
//!   `x` (likewise a module call with a single instance), so configuration references
//!   (`aws_iam_role.r.arn`, written without keys) find it. Resources with several instances keep
//!   their keys; a reference from instance `[k]` to a counted resource picks that resource's
//!   instance `[k]` when it exists.
//! - Bodies: `null` attributes and empty lists and maps are dropped, so absent blocks look absent
//!   (blocks stay one-element lists of maps, like HCL blocks).
//! - Unknown values (`after_unknown`): when the resource is found in `configuration`, only the
//!   attributes written there get a value: a [`ValueKind::Ref`] from the first reference that
//!   names a resource attribute (spanned at that reference string in `configuration`), else
//!   [`ValueKind::Unknown`] spanned at the attribute's expression; an attribute added this way
//!   is spanned at its `configuration` entry, so findings point where the value is written.
//!   Unknown attributes that the configuration does not write are computed ones and stay
//!   absent, as in HCL. Without a configuration entry every unknown attribute becomes
//!   `Unknown` (spanned at the `true` in `after_unknown`), except the legacy inline blocks that
//!   `aws_s3_bucket` computes (`replication_configuration`, `versioning`, ...).
//! - Ordering: a configured resource's `depends_on` entries and every `references` entry of its
//!   expressions (blocks included) become [`Resource::depends_on`] edges, resolved like value
//!   references (module prefix, instance keys), spanned at their strings; a `local`, a child
//!   module's `var` or a `module` output may stand for any resource ([`crate::resource::ANY_RESOURCE`]).
//! - Creation: [`Resource::exists_before_apply`] is false only when the resource's
//!   `resource_changes` entry has a `create` action (a new resource or a replacement).
//! - Sensitive values absent from `values` but marked in `sensitive_values` become `Unknown`.
//! - `prior_state` is read only when `planned_values` is absent.

mod address;
mod refs;
mod scan;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::json::parse_json;
use crate::resource::{Configuration, Dialect, ParseError, Provider, Resource};
use crate::value::{Entry, Value, ValueKind};
use repl_lint_source::{FileId, Span};

use address::{Step, join, steps};
use refs::RefContext;
use scan::Scanner;

type Result<T> = std::result::Result<T, ParseError>;

/// Values Terraform only knows after apply, shown as Terraform's plan shows them.
pub const UNKNOWN_AFTER_APPLY: &str = "(known after apply)";
/// Sensitive values the plan leaves out, shown as Terraform's plan shows them.
pub const UNKNOWN_SENSITIVE: &str = "(sensitive value)";

/// True when a JSON text is a Terraform plan (`terraform show -json`): a top-level object with
/// `format_version` and `planned_values` or `resource_changes`. Cheap: reads top-level keys
/// only until both are seen, skipping values without building them.
pub fn is_plan(text: &str) -> bool {
    let mut sc = Scanner::new(text, FileId(0));
    sc.ws();
    if sc.peek() != Some(b'{') {
        return false;
    }
    let mut version = false;
    let mut content = false;
    // Stop early by returning an error once both keys are seen.
    let found = sc.object(0, |sc, key, _| {
        match key.as_ref() {
            "format_version" => version = true,
            "planned_values" | "resource_changes" => content = true,
            _ => {}
        }
        if version && content {
            return Err(sc.error("found"));
        }
        sc.skip(1)
    });
    match found {
        Err(e) => version && content && e.message.ends_with("found"),
        Ok(_) => false,
    }
}

/// True for resource types whose values the linter reads.
fn relevant(type_name: &str) -> bool {
    type_name.starts_with("aws_s3")
        || type_name.starts_with("aws_iam_")
        || type_name.starts_with("aws_kms_")
        || matches!(
            type_name,
            "aws_caller_identity" | "aws_partition" | "aws_region" | "aws_arn"
        )
}

/// A resource of `planned_values` as the scanner found it.
struct Found<'a> {
    address: Cow<'a, str>,
    address_span: (usize, usize),
    type_name: Cow<'a, str>,
    is_data: bool,
    span: (usize, usize),
    values: Option<(usize, usize)>,
    sensitive: Option<(usize, usize)>,
}

/// What one pass over the plan collects.
#[derive(Default)]
struct Scan<'a> {
    planned: Vec<Found<'a>>,
    has_planned: bool,
    prior: Vec<Found<'a>>,
    /// Original resource address → its planned change (relevant types only).
    changes: HashMap<Cow<'a, str>, Change>,
    /// Configuration address (no instance keys) → its configuration.
    configured: HashMap<String, Configured>,
    /// The `configuration.provider_config` object.
    provider_config: Option<(usize, usize)>,
}

/// A resource's entry of `resource_changes`.
struct Change {
    /// The `after_unknown` range.
    unknown: Option<(usize, usize)>,
    /// True when `actions` holds `create` (a new resource or a replacement).
    creates: bool,
}

/// A resource's entry of `configuration` (ranges in the plan text).
#[derive(Default)]
struct Configured {
    expressions: Option<(usize, usize)>,
    depends_on: Option<(usize, usize)>,
    provider: Option<String>,
}

/// Lowers a plan into one Terraform configuration: every resource of `planned_values`
/// (recursively through `child_modules`) with its full module address, located inside the plan
/// file.
pub fn lower_plan(text: &str, file: FileId) -> Result<Configuration> {
    let mut sc = Scanner::new(text, file);
    let mut found = Scan::default();
    sc.object(0, |sc, key, _| match key.as_ref() {
        "planned_values" => {
            found.has_planned = true;
            sc.object(1, |sc, key, _| match key.as_ref() {
                "root_module" => walk_module(sc, 2, &mut found.planned),
                _ => sc.skip(2),
            })
            .map(drop)
        }
        "prior_state" => sc
            .object(1, |sc, key, _| match key.as_ref() {
                "values" => sc
                    .object(2, |sc, key, _| match key.as_ref() {
                        "root_module" => walk_module(sc, 3, &mut found.prior),
                        _ => sc.skip(3),
                    })
                    .map(drop),
                _ => sc.skip(2),
            })
            .map(drop),
        "resource_changes" => walk_changes(sc, &mut found.changes),
        "configuration" => sc
            .object(1, |sc, key, _| match key.as_ref() {
                "root_module" => walk_config(sc, 2, "", &mut found.configured),
                "provider_config" => {
                    found.provider_config = Some(sc.range(2)?);
                    Ok(())
                }
                _ => sc.skip(2),
            })
            .map(drop),
        _ => sc.skip(1),
    })?;
    if !sc.at_end() {
        return Err(sc.error("unexpected text after the JSON value"));
    }
    let resources = if found.has_planned {
        std::mem::take(&mut found.planned)
    } else {
        std::mem::take(&mut found.prior)
    };
    build(text, file, resources, &found)
}

/// Resources of a module of `planned_values`/`prior_state`, and its child modules.
fn walk_module<'a>(sc: &mut Scanner<'a>, depth: usize, out: &mut Vec<Found<'a>>) -> Result<()> {
    sc.object(depth, |sc, key, _| match key.as_ref() {
        "resources" => sc.array(depth + 1, |sc| walk_resource(sc, depth + 2, out)),
        "child_modules" => sc.array(depth + 1, |sc| walk_module(sc, depth + 2, out)),
        _ => sc.skip(depth + 1),
    })
    .map(drop)
}

fn walk_resource<'a>(sc: &mut Scanner<'a>, depth: usize, out: &mut Vec<Found<'a>>) -> Result<()> {
    let mut address = None;
    let mut type_name = None;
    let mut is_data = false;
    let mut values = None;
    let mut sensitive = None;
    let d = depth + 1;
    let span = sc.object(depth, |sc, key, _| {
        match key.as_ref() {
            "address" => {
                sc.ws();
                if sc.peek() == Some(b'"') {
                    address = Some(sc.string()?);
                } else {
                    sc.skip(d)?;
                }
            }
            "type" => type_name = sc.string_or_skip(d)?,
            "mode" => is_data = sc.string_or_skip(d)?.as_deref() == Some("data"),
            "values" => values = Some(sc.range(d)?),
            "sensitive_values" => sensitive = Some(sc.range(d)?),
            _ => sc.skip(d)?,
        }
        Ok(())
    })?;
    if let (Some((address, address_span)), Some(type_name)) = (address, type_name) {
        out.push(Found {
            address,
            address_span,
            type_name,
            is_data,
            span,
            values,
            sensitive,
        });
    }
    Ok(())
}

/// `resource_changes[]`: the `after_unknown` and whether `actions` creates, of relevant
/// resources, by address.
fn walk_changes<'a>(sc: &mut Scanner<'a>, out: &mut HashMap<Cow<'a, str>, Change>) -> Result<()> {
    sc.array(1, |sc| {
        let mut address = None;
        let mut type_name = None;
        let mut deposed = false;
        let mut unknown = None;
        let mut creates = false;
        sc.object(2, |sc, key, _| {
            match key.as_ref() {
                "address" => address = sc.string_or_skip(3)?,
                "type" => type_name = sc.string_or_skip(3)?,
                "deposed" => {
                    deposed = true;
                    sc.skip(3)?;
                }
                "change" => {
                    sc.object(3, |sc, key, _| match key.as_ref() {
                        "after_unknown" => {
                            unknown = Some(sc.range(4)?);
                            Ok(())
                        }
                        "actions" => sc.array(4, |sc| {
                            creates |= sc.string_or_skip(5)?.as_deref() == Some("create");
                            Ok(())
                        }),
                        _ => sc.skip(4),
                    })?;
                }
                _ => sc.skip(3)?,
            }
            Ok(())
        })?;
        if let (Some(address), Some(t), false) = (address, type_name, deposed)
            && relevant(&t)
        {
            out.insert(address, Change { unknown, creates });
        }
        Ok(())
    })
}

/// A module of `configuration`: `expressions`, `depends_on` and `provider_config_key` of its
/// resources by configuration address, and the modules it calls.
fn walk_config(
    sc: &mut Scanner<'_>,
    depth: usize,
    prefix: &str,
    out: &mut HashMap<String, Configured>,
) -> Result<()> {
    let d = depth + 1;
    sc.object(depth, |sc, key, _| match key.as_ref() {
        "resources" => sc.array(d, |sc| {
            let mut address = None;
            let mut configured = Configured::default();
            sc.object(d + 1, |sc, key, _| {
                match key.as_ref() {
                    "address" => address = sc.string_or_skip(d + 2)?,
                    "expressions" => configured.expressions = Some(sc.range(d + 2)?),
                    "depends_on" => configured.depends_on = Some(sc.range(d + 2)?),
                    "provider_config_key" => {
                        configured.provider = sc.string_or_skip(d + 2)?.map(Cow::into_owned);
                    }
                    _ => sc.skip(d + 2)?,
                }
                Ok(())
            })?;
            if let Some(a) = address {
                out.insert(format!("{prefix}{a}"), configured);
            }
            Ok(())
        }),
        "module_calls" => sc
            .object(d, |sc, name, _| {
                let inner = format!("{prefix}module.{name}.");
                sc.object(d + 1, |sc, key, _| match key.as_ref() {
                    "module" => walk_config(sc, d + 2, &inner, out),
                    _ => sc.skip(d + 2),
                })
                .map(drop)
            })
            .map(drop),
        _ => sc.skip(d),
    })
    .map(drop)
}

/// Turns found resources into model resources.
fn build(
    text: &str,
    file: FileId,
    found: Vec<Found<'_>>,
    scan: &Scan<'_>,
) -> Result<Configuration> {
    // Count the instances of every module call and resource to decide which keys to drop.
    let all_steps: Vec<Vec<Step>> = found.iter().map(|f| steps(&f.address)).collect();
    // Keyed by the parent's address as written (a prefix of the address) and the step's name.
    let mut instances: HashMap<(&str, &str), HashSet<Option<&str>>> = HashMap::new();
    for (f, st) in found.iter().zip(&all_steps) {
        for step in st {
            instances
                .entry((&f.address[..step.start], step.name.as_str()))
                .or_default()
                .insert(step.key.as_deref());
        }
    }
    let keep = |address: &str, st: &[Step], i: usize| {
        instances
            .get(&(&address[..st[i].start], st[i].name.as_str()))
            .is_none_or(|set| set.len() > 1)
    };
    let addresses: Vec<String> = found
        .iter()
        .zip(&all_steps)
        .map(|(f, st)| join(st, |i| keep(&f.address, st, i)))
        .collect();
    let known: HashSet<&str> = addresses.iter().map(String::as_str).collect();

    let span = |(start, end): (usize, usize)| Span::new(file, start, end);
    let parse_range = |range: Option<(usize, usize)>| -> Result<Option<Value>> {
        range
            .map(|(start, end)| parse_json(&text[start..end], file, start))
            .transpose()
    };
    // Resources are built in parallel; the first error in plan order is reported.
    let resource = |((f, st), address): ((&Found<'_>, &Vec<Step>), &String)| -> Result<Resource> {
        let configured = scan.configured.get(&join(st, |_| false));
        let change = scan.changes.get(f.address.as_ref());
        let n = st.len().saturating_sub(1);
        let ctx = RefContext {
            module: join(&st[..n], |i| keep(&f.address, st, i)),
            key: st.last().and_then(|s| s.key.as_deref()),
            known: &known,
        };
        // Every resource's ordering edges: a resource in between (`time_sleep`) orders too.
        let expressions = parse_range(configured.and_then(|c| c.expressions))?;
        let depends_on = match configured {
            Some(c) => ctx.ordering(expressions.as_ref(), parse_range(c.depends_on)?.as_ref()),
            None => Vec::new(),
        };
        let mut body = match f.values {
            Some((start, end)) if relevant(&f.type_name) => {
                clean(parse_json(&text[start..end], file, start)?)
            }
            Some(range) => Value::new(ValueKind::Map(Vec::new()), span(range)),
            None => Value::new(ValueKind::Map(Vec::new()), span(f.span)),
        };
        if relevant(&f.type_name) {
            if !matches!(body.kind, ValueKind::Map(_)) {
                body = Value::new(ValueKind::Map(Vec::new()), body.span);
            }
            if let Some((start, end)) = f.sensitive {
                let marks = parse_json(&text[start..end], file, start)?;
                merge(&mut body, &marks, None, None, &Marks::Sensitive);
            }
            if let Some(marks) = parse_range(change.and_then(|c| c.unknown))? {
                let mode = Marks::Unknown {
                    ctx: &ctx,
                    configured: expressions.is_some(),
                    type_name: &f.type_name,
                };
                merge(&mut body, &marks, expressions.as_ref(), None, &mode);
            }
        }
        Ok(Resource {
            address: address.clone(),
            type_name: f.type_name.to_string(),
            is_data: f.is_data,
            header: span(f.address_span),
            span: span(f.span),
            body,
            depends_on,
            provider: configured.and_then(|c| c.provider.clone()),
            exists_before_apply: !change.is_some_and(|c| c.creates),
            unexpanded: None,
        })
    };
    let built: Vec<Result<Resource>> = found
        .par_iter()
        .zip(&all_steps)
        .zip(&addresses)
        .map(resource)
        .collect();
    let resources = built
        .into_iter()
        .map(|r| r.map(std::sync::Arc::new))
        .collect::<Result<_>>()?;
    let providers = match scan.provider_config {
        Some((start, end)) => providers(&parse_json(&text[start..end], file, start)?),
        None => Vec::new(),
    };
    Ok(Configuration {
        dialect: Dialect::Terraform,
        from_plan: true,
        resources,
        providers,
        ..Configuration::default()
    })
}

/// The provider configurations of `configuration.provider_config`, keyed as resources name them
/// (`aws`, `aws.replica`), with bodies rebuilt from their `expressions`.
fn providers(config: &Value) -> Vec<Provider> {
    config
        .entries()
        .iter()
        .map(|e| Provider {
            key: e.key.clone(),
            body: e.value.get("expressions").map_or_else(
                || Value::new(ValueKind::Map(Vec::new()), e.value.span),
                |x| expression_value(x, 0),
            ),
            header: e.key_span,
        })
        .collect()
}

/// A configuration expression as a value: its `constant_value`, `Unknown` for an expression
/// with `references`, and blocks (objects and lists of objects of expressions) rebuilt.
fn expression_value(expression: &Value, depth: usize) -> Value {
    let unknown = || {
        Value::new(
            ValueKind::Unknown(UNKNOWN_AFTER_APPLY.into()),
            expression.span,
        )
    };
    match &expression.kind {
        _ if depth > MAX_EXPRESSION_DEPTH => unknown(),
        ValueKind::Map(_) if expression.get("constant_value").is_some() => expression
            .get("constant_value")
            .cloned()
            .unwrap_or_else(unknown),
        ValueKind::Map(_) if expression.get("references").is_some() => unknown(),
        ValueKind::Map(entries) => Value::new(
            ValueKind::Map(
                entries
                    .iter()
                    .map(|e| Entry {
                        key: e.key.clone(),
                        key_span: e.key_span,
                        span: e.span,
                        value: expression_value(&e.value, depth + 1),
                    })
                    .collect(),
            ),
            expression.span,
        ),
        ValueKind::List(items) => Value::new(
            ValueKind::List(
                items
                    .iter()
                    .map(|v| expression_value(v, depth + 1))
                    .collect(),
            ),
            expression.span,
        ),
        _ => unknown(),
    }
}

/// How deep provider expressions are rebuilt (they are shallow: `assume_role { role_arn }`).
const MAX_EXPRESSION_DEPTH: usize = 8;

/// Drops `null` attributes and empty lists and maps from maps (list elements stay, so indices
/// keep matching `after_unknown`).
fn clean(value: Value) -> Value {
    let kind = match value.kind {
        ValueKind::Map(entries) => ValueKind::Map(
            entries
                .into_iter()
                .map(|e| Entry {
                    value: clean(e.value),
                    ..e
                })
                .filter(|e| match &e.value.kind {
                    ValueKind::Null => false,
                    ValueKind::List(items) => !items.is_empty(),
                    ValueKind::Map(entries) => !entries.is_empty(),
                    _ => true,
                })
                .collect(),
        ),
        ValueKind::List(items) => ValueKind::List(items.into_iter().map(clean).collect()),
        other => other,
    };
    Value::new(kind, value.span)
}

/// What a tree of `true` marks means.
enum Marks<'a> {
    /// `sensitive_values`: fill in absent values only.
    Sensitive,
    /// `after_unknown`.
    Unknown {
        ctx: &'a RefContext<'a>,
        /// Whether the resource has `configuration` expressions.
        configured: bool,
        type_name: &'a str,
    },
}

/// Blocks that `aws_s3_bucket` computes (provider v4+): unknown, but not written.
const COMPUTED_BUCKET_BLOCKS: &[&str] = &[
    "replication_configuration",
    "versioning",
    "server_side_encryption_configuration",
    "object_lock_configuration",
    "lifecycle_rule",
    "logging",
    "website",
    "cors_rule",
    "grant",
    "policy",
    "acl",
    "request_payer",
    "acceleration_status",
];

/// Applies `true` marks (a tree mirroring `body`) to `body`. `expressions` is the matching
/// `configuration` object (attribute → expression, block → list of objects), if any; `whole`
/// is the configuration expression that writes all of `body` at once (a map attribute), if any.
///
/// A value known only after apply is located in the configuration, where it is written: a
/// reference at its string, anything else at its expression (or `whole`), and a new attribute
/// at its configuration entry. Only without configuration does it point at its mark.
fn merge(
    body: &mut Value,
    marks: &Value,
    expressions: Option<&Value>,
    whole: Option<Span>,
    mode: &Marks<'_>,
) {
    let ValueKind::Map(entries) = &mut body.kind else {
        return;
    };
    for mark in marks.entries() {
        let configured_entry = expressions.and_then(|x| x.entry(&mark.key));
        let expr = configured_entry.map(|e| &e.value);
        // Where this attribute is written in the configuration.
        let written = expr.map(|x| x.span).or(whole);
        let existing = entries.iter().rposition(|e| e.key == mark.key);
        match &mark.value.kind {
            ValueKind::Bool(true) => {
                let value = match mode {
                    Marks::Sensitive if existing.is_some() => continue,
                    Marks::Sensitive => Value::new(
                        ValueKind::Unknown(UNKNOWN_SENSITIVE.into()),
                        mark.value.span,
                    ),
                    Marks::Unknown {
                        ctx,
                        configured,
                        type_name,
                    } => {
                        if *configured && expr.is_none() && existing.is_none() {
                            continue;
                        }
                        if !*configured
                            && existing.is_none()
                            && *type_name == "aws_s3_bucket"
                            && COMPUTED_BUCKET_BLOCKS.contains(&mark.key.as_str())
                        {
                            continue;
                        }
                        expr.and_then(|x| ctx.reference(x))
                            .unwrap_or_else(|| unknown_at(written.unwrap_or(mark.value.span)))
                    }
                };
                match existing {
                    Some(i) => entries[i].value = value,
                    None => {
                        let (key_span, span) = match (configured_entry, whole) {
                            (Some(e), _) => (e.key_span, e.span),
                            (None, Some(w)) => (w, w),
                            (None, None) => (mark.key_span, mark.span),
                        };
                        entries.push(Entry {
                            key: mark.key.clone(),
                            key_span,
                            span,
                            value,
                        });
                    }
                }
            }
            ValueKind::Map(_) => {
                if let Some(i) = existing {
                    // A map attribute: its configuration is one expression, not per key.
                    merge(&mut entries[i].value, &mark.value, None, written, mode);
                }
            }
            ValueKind::List(marks) => {
                let Some(i) = existing else { continue };
                let ValueKind::List(items) = &mut entries[i].value.kind else {
                    continue;
                };
                let blocks = expr.filter(|x| matches!(x.kind, ValueKind::List(_)));
                for (j, (item, m)) in items.iter_mut().zip(marks).enumerate() {
                    let block = blocks.and_then(|b| b.items().get(j));
                    match (&m.kind, mode) {
                        (ValueKind::Map(_), Marks::Sensitive) => {
                            merge(item, m, None, None, mode);
                        }
                        (ValueKind::Map(_), Marks::Unknown { ctx, type_name, .. }) => {
                            // A block without configuration (a `dynamic` block): unconfigured.
                            let inner = Marks::Unknown {
                                ctx,
                                configured: block.is_some(),
                                type_name,
                            };
                            let whole = if block.is_some() { None } else { written };
                            merge(item, m, block, whole, &inner);
                        }
                        (ValueKind::Bool(true), Marks::Unknown { .. }) => {
                            let at = block.map(|b| b.span).or(written).unwrap_or(m.span);
                            *item = unknown_at(at);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// A value known only after apply, located at `span`.
fn unknown_at(span: Span) -> Value {
    Value::new(ValueKind::Unknown(UNKNOWN_AFTER_APPLY.into()), span)
}
