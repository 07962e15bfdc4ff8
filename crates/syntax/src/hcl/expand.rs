//! Expansion of `count`, `for_each` and `dynamic` blocks, after variables and locals have been
//! substituted.
//!
//! Lowering keeps what expansion needs inside the resource body under private keys: the
//! resource's `count` / `for_each` expressions ([`COUNT_KEY`], [`FOR_EACH_KEY`]) and each
//! `dynamic` block as a marked entry ([`DYNAMIC_KEY`]) holding its label, iterator name,
//! `for_each` expression and lowered `content`. Iterator uses (`each.*`, `count.index`,
//! `NAME.key`/`NAME.value`) are placeholders (see [`placeholder::iter_key`]).
//!
//! - `count = N` (a known whole number, at most [`MAX_INSTANCES`]) gives `addr[0]` ...
//!   `addr[N-1]`; `count = 0` no resource at all.
//! - `for_each` over a known map gives `addr["key"]` per key; over a known list of strings (a
//!   set) one instance per distinct string, keyed by it.
//! - Anything else (unknown, both meta-arguments, too many instances) keeps one instance at
//!   the plain address with its iterator uses unknown: nothing is guessed.
//! - A `dynamic` block over a known list (key = index) or map (key = map key) gives one block
//!   per element, after the static blocks of the same type; nested `dynamic` blocks are expanded
//!   inside each produced block; over `null` or an empty collection it gives no block. An
//!   unknown collection, one over [`MAX_ELEMENTS`] elements, or one that would pass
//!   [`MAX_BLOCKS`] blocks in the resource stays `Unknown("dynamic block")`.
//! - Once expanded, an argument set to `null` is left out of its block ([`finalize_body`]): for
//!   Terraform `null` means the argument is not set.

use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::eval;
use super::expr::{MAX_DEPTH, finish_parts, unknown};
use super::placeholder;
use super::vars::substitute_with;
use crate::resource::{Configuration, Resource, Unexpanded};
use crate::value::{Entry, Reference, TextPart, Value, ValueKind, number_text};
use repl_lint_source::Span;

/// Body key of a resource's `count` expression until expansion.
pub(super) const COUNT_KEY: &str = "\u{0}count";

/// Body key of a resource's `for_each` expression until expansion.
pub(super) const FOR_EACH_KEY: &str = "\u{0}for_each";

/// Body key of a `dynamic` block until expansion.
const DYNAMIC_KEY: &str = "\u{0}dynamic";

/// Most instances one resource expands into.
pub(super) const MAX_INSTANCES: usize = 1_000;

/// Most elements one `dynamic` block expands.
pub(super) const MAX_ELEMENTS: usize = 1_000;

/// Most blocks the `dynamic` blocks of one resource instance produce in all.
pub(super) const MAX_BLOCKS: usize = 10_000;

/// The marked entry a `dynamic` block is lowered into.
pub(super) fn dynamic_entry(
    label: String,
    key_span: Span,
    span: Span,
    iterator: String,
    for_each: Value,
    content: Value,
) -> Entry {
    let field = |key: &str, value: Value| Entry {
        key: key.to_string(),
        key_span,
        span,
        value,
    };
    let fields = vec![
        field("label", Value::new(ValueKind::Str(label), key_span)),
        field("iterator", Value::new(ValueKind::Str(iterator), key_span)),
        field("for_each", for_each),
        field("content", content),
    ];
    Entry {
        key: DYNAMIC_KEY.to_string(),
        key_span,
        span,
        value: Value::new(ValueKind::Map(fields), span),
    }
}

/// One instance: the address suffix and the iterator values.
pub(super) type Instance = (String, Vec<(String, Value)>);

/// The instances of a resource whose body has been substituted, each with its `dynamic` blocks
/// expanded and every leftover placeholder or operation made unknown. The last instance is the
/// resource itself, changed in place: the usual single instance is neither copied nor moved.
pub(super) fn expand_resource(mut shared: Arc<Resource>) -> Vec<Arc<Resource>> {
    let r = Arc::make_mut(&mut shared);
    let count = take(&mut r.body, COUNT_KEY);
    let for_each = take(&mut r.body, FOR_EACH_KEY);
    let mut instances = known_instances(count.as_ref(), for_each.as_ref()).unwrap_or_else(|| {
        r.unexpanded = unexpanded(count.as_ref(), for_each.as_ref());
        single()
    });
    let Some((suffix, bindings)) = instances.pop() else {
        return Vec::new();
    };
    let mut out: Vec<Arc<Resource>> = instances
        .into_iter()
        .map(|(suffix, bindings)| {
            let mut instance = (*shared).clone();
            make_instance(&mut instance, &suffix, &bindings);
            Arc::new(instance)
        })
        .collect();
    make_instance(Arc::make_mut(&mut shared), &suffix, &bindings);
    out.push(shared);
    out
}

/// Makes `r` the instance with address suffix `suffix` and iterator values `bindings`.
fn make_instance(r: &mut Resource, suffix: &str, bindings: &[(String, Value)]) {
    r.address.push_str(suffix);
    bind(&mut r.body, bindings);
    let mut budget = MAX_BLOCKS;
    expand_blocks(&mut r.body, &mut budget, 0);
    finalize_body(&mut r.body);
}

/// True when a resource body's `count` / `for_each` (after substitution) is known to give no
/// instance.
pub(super) fn has_no_instance(body: &Value) -> bool {
    let (count, for_each) = (body.get(COUNT_KEY), body.get(FOR_EACH_KEY));
    (count.is_some() || for_each.is_some())
        && known_instances(count, for_each).is_some_and(|i| i.is_empty())
}

/// The instances `count` or `for_each` (after substitution) give (see the module
/// documentation): one with no suffix when there is neither; `None` when they cannot be known
/// (unknown, both meta-arguments, or too many instances).
pub(super) fn known_instances(
    count: Option<&Value>,
    for_each: Option<&Value>,
) -> Option<Vec<Instance>> {
    match (count, for_each) {
        (Some(count), None) => count_instances(count),
        (None, Some(for_each)) => for_each_instances(for_each),
        (None, None) => Some(single()),
        (Some(_), Some(_)) => None,
    }
}

/// The one instance that stands for a resource or module without (known) instances.
pub(super) fn single() -> Vec<Instance> {
    vec![(String::new(), Vec::new())]
}

/// What could not be expanded, for the resources that [`known_instances`] could not count.
pub(super) fn unexpanded(count: Option<&Value>, for_each: Option<&Value>) -> Option<Unexpanded> {
    let (name, value) = match (count, for_each) {
        (Some(count), None) => ("count", count),
        (_, Some(for_each)) => ("for_each", for_each),
        (None, None) => return None,
    };
    let mut shown = value.clone();
    finalize(&mut shown, 0);
    let expression = match &shown.kind {
        ValueKind::Unknown(reason) => reason.clone(),
        ValueKind::Ref(r) => r.display(),
        ValueKind::Number(n) => number_text(*n),
        ValueKind::List(items) => format!("{} elements", items.len()),
        ValueKind::Map(entries) => format!("{} keys", entries.len()),
        _ => "…".to_string(),
    };
    Some(Unexpanded {
        span: value.span,
        text: format!("{name} = {expression}"),
    })
}

/// Replaces the iterator placeholders of `bindings` inside `value`.
pub(super) fn bind(value: &mut Value, bindings: &[(String, Value)]) {
    if bindings.is_empty() {
        return;
    }
    substitute_with(value, |key| {
        bindings
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    });
}

/// Removes the entry `key` from a map and returns its value.
fn take(body: &mut Value, key: &str) -> Option<Value> {
    let ValueKind::Map(entries) = &mut body.kind else {
        return None;
    };
    let i = entries.iter().position(|e| e.key == key)?;
    Some(entries.remove(i).value)
}

/// `count` instances when the count is a known whole number within bounds.
fn count_instances(count: &Value) -> Option<Vec<Instance>> {
    // Converted as Terraform converts a `number` argument (`count = "2"`).
    let n = count.as_number()?;
    if n.fract() != 0.0 || n < 0.0 || n > MAX_INSTANCES as f64 {
        return None;
    }
    let key = placeholder::iter_key("count", "index");
    Some(
        (0..n as usize)
            .map(|i| {
                let index = Value::new(ValueKind::Number(i as f64), count.span);
                (format!("[{i}]"), vec![(key.clone(), index)])
            })
            .collect(),
    )
}

/// `for_each` instances when the collection is a known map or set of strings within bounds.
fn for_each_instances(for_each: &Value) -> Option<Vec<Instance>> {
    if eval::is_op(for_each) {
        return None;
    }
    let pairs: Vec<(String, Value)> = match &for_each.kind {
        ValueKind::Map(entries) => {
            let mut seen = HashSet::new();
            let mut pairs = Vec::new();
            // The last of duplicate keys wins, as in `Value::get`.
            for e in entries.iter().rev() {
                if seen.insert(e.key.as_str()) {
                    pairs.push((e.key.clone(), e.value.clone()));
                }
            }
            pairs.reverse();
            pairs
        }
        ValueKind::List(items) => {
            let mut seen = HashSet::new();
            let mut pairs = Vec::new();
            for item in items {
                let s = item.as_str()?;
                if seen.insert(s) {
                    pairs.push((s.to_string(), item.clone()));
                }
            }
            pairs
        }
        _ => return None,
    };
    if pairs.len() > MAX_INSTANCES {
        return None;
    }
    let key_key = placeholder::iter_key("each", "key");
    let value_key = placeholder::iter_key("each", "value");
    Some(
        pairs
            .into_iter()
            .map(|(key, value)| {
                let key_value = Value::new(ValueKind::Str(key.clone()), for_each.span);
                (
                    format!("[{key:?}]"),
                    vec![(key_key.clone(), key_value), (value_key.clone(), value)],
                )
            })
            .collect(),
    )
}

/// Expands the `dynamic` blocks inside `value`, outermost first.
fn expand_blocks(value: &mut Value, budget: &mut usize, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match &mut value.kind {
        ValueKind::List(items) => {
            for item in items {
                expand_blocks(item, budget, depth + 1);
            }
        }
        ValueKind::Map(entries) => {
            if !entries.iter().any(|e| e.key == DYNAMIC_KEY) {
                for entry in entries {
                    expand_blocks(&mut entry.value, budget, depth + 1);
                }
                return;
            }
            let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
            let mut dynamic = Vec::new();
            for mut entry in std::mem::take(entries) {
                if entry.key == DYNAMIC_KEY {
                    dynamic.push(entry);
                } else {
                    expand_blocks(&mut entry.value, budget, depth + 1);
                    out.push(entry);
                }
            }
            for entry in dynamic {
                let (label, blocks) = expand_dynamic(entry.value, budget, depth);
                let existing = out
                    .iter_mut()
                    .find(|e| e.key == label && matches!(e.value.kind, ValueKind::List(_)));
                match (blocks, existing) {
                    (Ok(blocks), Some(existing)) => {
                        if let ValueKind::List(items) = &mut existing.value.kind {
                            items.extend(blocks);
                        }
                        existing.span = existing.span.cover(entry.span);
                        existing.value.span = existing.span;
                    }
                    (Ok(blocks), None) if blocks.is_empty() => {}
                    (Ok(blocks), None) => out.push(Entry {
                        key: label,
                        key_span: entry.key_span,
                        span: entry.span,
                        value: Value::new(ValueKind::List(blocks), entry.span),
                    }),
                    (Err(reason), _) => out.push(Entry {
                        key: label,
                        key_span: entry.key_span,
                        span: entry.span,
                        value: unknown(reason, entry.span),
                    }),
                }
            }
            *entries = out;
        }
        _ => {}
    }
}

/// The label of a marked `dynamic` block and its blocks, or why they are unknown.
fn expand_dynamic(
    marked: Value,
    budget: &mut usize,
    depth: usize,
) -> (String, Result<Vec<Value>, String>) {
    let span = marked.span;
    let mut label = String::new();
    let mut iterator = String::new();
    let mut for_each = unknown("", span);
    let mut content = unknown("", span);
    if let ValueKind::Map(fields) = marked.kind {
        for field in fields {
            match (field.key.as_str(), field.value.kind) {
                ("label", ValueKind::Str(s)) => label = s,
                ("iterator", ValueKind::Str(s)) => iterator = s,
                ("for_each", kind) => for_each = Value::new(kind, field.value.span),
                ("content", kind) => content = Value::new(kind, field.value.span),
                _ => {}
            }
        }
    }
    let elements: Vec<(Value, Value)> = match for_each.kind {
        // `null` means the argument is not set: no block.
        ValueKind::Null => Vec::new(),
        ValueKind::List(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| (Value::new(ValueKind::Number(i as f64), item.span), item))
            .collect(),
        ValueKind::Map(_) if eval::is_op(&for_each) => {
            return (label, Err("dynamic block".to_string()));
        }
        ValueKind::Map(entries) => entries
            .into_iter()
            .map(|e| (Value::new(ValueKind::Str(e.key), e.key_span), e.value))
            .collect(),
        _ => return (label, Err("dynamic block".to_string())),
    };
    if elements.len() > MAX_ELEMENTS {
        let reason = format!("dynamic block: more than {MAX_ELEMENTS} elements");
        return (label, Err(reason));
    }
    if elements.len() > *budget {
        let reason = format!("dynamic block: more than {MAX_BLOCKS} blocks in the resource");
        return (label, Err(reason));
    }
    *budget -= elements.len();
    let key_key = placeholder::iter_key(&iterator, "key");
    let value_key = placeholder::iter_key(&iterator, "value");
    let blocks = elements
        .into_iter()
        .map(|(key, element)| {
            let mut block = content.clone();
            substitute_with(&mut block, |k| {
                if k == key_key {
                    Some(key.clone())
                } else if k == value_key {
                    Some(element.clone())
                } else {
                    None
                }
            });
            expand_blocks(&mut block, budget, depth + 1);
            block
        })
        .collect();
    (label, Ok(blocks))
}

/// Makes every placeholder and operation left in `value` unknown, and drops leftover markers.
pub(super) fn finalize(value: &mut Value, depth: usize) {
    settle(value, depth, false);
}

/// [`finalize`]; inside an operation's operands (`in_op`) evaluation errors keep their mark,
/// so that the operation (`try`, `can`) still tells them from other unknowns.
fn settle(value: &mut Value, depth: usize, in_op: bool) {
    if depth > MAX_DEPTH {
        *value = unknown("nested too deeply", value.span);
        return;
    }
    let span = value.span;
    let strip_error = |reason: &mut String| {
        if !in_op {
            strip_error(reason);
        }
    };
    match &mut value.kind {
        ValueKind::Ref(r) if placeholder::is(r) => *value = unknown(placeholder_text(r), span),
        ValueKind::Unknown(reason) => strip_error(reason),
        ValueKind::Template(parts) if parts.iter().any(is_placeholder_part) => {
            let parts = std::mem::take(parts)
                .into_iter()
                .map(|part| match part {
                    TextPart::Ref(r) if placeholder::is(&r) => {
                        TextPart::Unknown(placeholder_text(&r))
                    }
                    other => other,
                })
                .collect();
            *value = finish_parts(parts, span);
        }
        ValueKind::Template(parts) => {
            for part in parts {
                if let TextPart::Unknown(reason) = part {
                    strip_error(reason);
                }
            }
        }
        ValueKind::List(items) => items.iter_mut().for_each(|v| settle(v, depth + 1, in_op)),
        ValueKind::Map(_) => {
            let op = eval::is_op(value);
            let ValueKind::Map(entries) = &mut value.kind else {
                return;
            };
            entries.retain(|e| e.key != COUNT_KEY && e.key != FOR_EACH_KEY);
            for entry in entries.iter_mut() {
                if entry.key == DYNAMIC_KEY {
                    let label = entry.value.get("label").and_then(Value::as_str);
                    entry.key = label.unwrap_or("").to_string();
                    entry.value = unknown("dynamic block", entry.span);
                } else {
                    settle(&mut entry.value, depth + 1, in_op || op);
                }
            }
            if op {
                let op = std::mem::replace(value, unknown("", span));
                *value = eval::reduce(op, true);
                settle(value, depth + 1, in_op);
            }
        }
        _ => {}
    }
}

/// Finalizes a resource or provider body (see [`finalize`]) and leaves out the arguments set to
/// `null`, in the body and in its nested blocks (not inside an argument's own object value).
pub(super) fn finalize_body(body: &mut Value) {
    finalize(body, 0);
    let mut stack = vec![body];
    while let Some(block) = stack.pop() {
        let ValueKind::Map(entries) = &mut block.kind else {
            continue;
        };
        entries.retain(|e| e.value.kind != ValueKind::Null);
        for entry in entries {
            if let ValueKind::List(items) = &mut entry.value.kind {
                stack.extend(items.iter_mut());
            }
        }
    }
}

/// Removes the evaluation-error mark from an unknown's reason.
fn strip_error(reason: &mut String) {
    if let Some(rest) = reason.strip_prefix(eval::ERROR) {
        *reason = rest.to_string();
    }
}

/// True for a template part that is a placeholder.
fn is_placeholder_part(part: &TextPart) -> bool {
    matches!(part, TextPart::Ref(r) if placeholder::is(r))
}

/// How a placeholder left unresolved is reported: its source text.
fn placeholder_text(r: &Reference) -> String {
    let decoded = placeholder::decode(r);
    if let Some(text) = decoded.interpolation {
        return text;
    }
    if let Some((text, _)) = decoded.groups.first()
        && !text.is_empty()
    {
        return text.clone();
    }
    placeholder::iter_name(&r.target)
        .unwrap_or(&r.target)
        .to_string()
}

/// The address without its instance key (`x` for `x[0]` or `x["a"]`).
fn instance_base(address: &str) -> Option<&str> {
    if !address.ends_with(']') {
        return None;
    }
    for (at, _) in address.rmatch_indices('[') {
        let index = &address[at..];
        let numeric = index.len() > 2
            && index[1..index.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_digit());
        let keyed = index.starts_with("[\"") && index.ends_with("\"]") && index.len() >= 4;
        if numeric || keyed {
            return Some(&address[..at]);
        }
    }
    None
}

/// Points references and `depends_on` entries at resource instances: a reference with an index
/// keeps it when that instance exists and loses it otherwise (as before expansion existed); one
/// without an index to an expanded resource with exactly one instance names that instance.
/// `depends_on` on an expanded resource stands for all its instances. `all` are the addresses
/// of the unit's resources, in order. Only the resources at the positions `unfixed` accepts are
/// changed: the others were fixed already (by an earlier run of the language server, against
/// the same addresses).
pub(super) fn fix_references(
    config: &mut Configuration,
    all: &[String],
    unfixed: impl Fn(usize) -> bool + Sync,
) {
    let addresses: HashSet<&str> = all.iter().map(String::as_str).collect();
    let mut instances: HashMap<&str, Vec<&str>> = HashMap::new();
    for address in all {
        if let Some(base) = instance_base(address) {
            instances.entry(base).or_default().push(address);
        }
    }
    let fix = |r: &mut Reference| {
        if placeholder::is(r) || addresses.contains(r.target.as_str()) {
            return;
        }
        if let Some(base) = instance_base(&r.target) {
            r.target = base.to_string();
        } else if let Some([only]) = instances.get(r.target.as_str()).map(Vec::as_slice) {
            r.target = only.to_string();
        }
    };
    // Resources are fixed apart: in parallel.
    let resources = config.resources.par_iter_mut().enumerate();
    resources.for_each(|(i, resource)| {
        if !unfixed(i) {
            return;
        }
        let resource = Arc::make_mut(resource);
        visit_refs(&mut resource.body, &fix);
        let deps = std::mem::take(&mut resource.depends_on);
        for (address, span) in deps {
            match instances.get(address.as_str()) {
                Some(all) if !addresses.contains(address.as_str()) => resource
                    .depends_on
                    .extend(all.iter().map(|a| (a.to_string(), span))),
                _ => resource.depends_on.push((address, span)),
            }
        }
    });
    for provider in &mut config.providers {
        visit_refs(&mut provider.body, &fix);
    }
}

/// Calls `f` on every reference inside `value`.
fn visit_refs(value: &mut Value, f: &impl Fn(&mut Reference)) {
    match &mut value.kind {
        ValueKind::Ref(r) => f(r),
        ValueKind::Template(parts) => {
            for part in parts {
                if let TextPart::Ref(r) = part {
                    f(r);
                }
            }
        }
        ValueKind::List(items) => items.iter_mut().for_each(|v| visit_refs(v, f)),
        ValueKind::Map(entries) => entries.iter_mut().for_each(|e| visit_refs(&mut e.value, f)),
        _ => {}
    }
}
