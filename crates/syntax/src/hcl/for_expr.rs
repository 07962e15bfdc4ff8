//! `for` expressions: `[for k, v in C : V if COND]` and `{for k, v in C : K => V... if COND}`.
//!
//! Lowering turns the loop variables into iterator placeholders unique to the expression (see
//! [`bound_key`]) and keeps the expression as an operation ([`NAME`]) over its parts. Once the
//! collection is known and no variable or local is left in the parts, [`decide`] substitutes
//! each element into copies of the parts: a list iterates in order with its index as key, a map
//! in lexical key order (as Terraform does). A condition that is `false` whatever the element
//! gives an empty result even over an unknown collection. A condition or key that is not
//! known, a duplicate key without `...`, or a loop over the size bounds leaves the whole
//! expression undecided.

use super::eval::{is_op, pending};
use super::funcs::last_entries;
use super::placeholder;
use super::vars::{size_of, substitute_with};
use crate::value::{Entry, TextPart, Value, ValueKind, number_text};
use repl_lint_source::Span;

/// The operation name of a `for` expression.
pub(super) const NAME: &str = "for";

/// Most elements a `for` expression iterates.
const MAX_ELEMENTS: usize = 1_000;

/// Most value nodes one `for` expression may copy in all (elements × size of its parts).
const MAX_NODES: usize = 200_000;

/// The placeholder key of the loop variable `name` of the `for` expression at `offset` in its
/// text, `depth` deep: unique to that expression, so nested loops may reuse a name.
pub(super) fn bound_key(name: &str, offset: usize, depth: usize) -> String {
    placeholder::iter_key(&format!("{name}@{offset}:{depth}"), NAME)
}

/// The operands of a `for` operation, in the order [`decide`] reads them.
pub(super) struct Parts {
    /// The key variable's placeholder key ("" when there is none).
    pub key_var: String,
    /// The value variable's placeholder key.
    pub value_var: String,
    /// `{... : K => V}` rather than `[... : V]`.
    pub object: bool,
    /// `V...`: values grouped by key.
    pub grouping: bool,
    /// The collection.
    pub collection: Value,
    /// The key expression (null for a list).
    pub key: Value,
    /// The value expression.
    pub value: Value,
    /// The condition (`true` when there is none).
    pub cond: Value,
}

impl Parts {
    /// The operand list.
    pub fn operands(self, span: Span) -> Vec<Value> {
        let s = |t: String| Value::new(ValueKind::Str(t), span);
        let b = |v: bool| Value::new(ValueKind::Bool(v), span);
        vec![
            s(self.key_var),
            s(self.value_var),
            b(self.object),
            b(self.grouping),
            self.collection,
            self.key,
            self.value,
            self.cond,
        ]
    }
}

/// The result of a `for` operation when its operands decide it.
pub(super) fn decide(operands: &[Value], span: Span) -> Option<Value> {
    let [
        key_var,
        value_var,
        object,
        grouping,
        collection,
        key,
        value,
        cond,
    ] = operands
    else {
        return None;
    };
    let (key_var, value_var) = (key_var.as_str()?, value_var.as_str()?);
    let object = matches!(object.kind, ValueKind::Bool(true));
    let grouping = matches!(grouping.kind, ValueKind::Bool(true));
    if [key, value, cond].into_iter().any(uses_scope) {
        return None;
    }
    // A condition that is false whatever the element (`if false`) keeps nothing, even from a
    // collection that is not known.
    if cond.as_bool() == Some(false) {
        let kind = if object {
            ValueKind::Map(Vec::new())
        } else {
            ValueKind::List(Vec::new())
        };
        return Some(Value::new(kind, span));
    }
    if pending(collection) {
        return None;
    }
    let elements: Vec<(Value, &Value)> = match &collection.kind {
        ValueKind::List(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (Value::new(ValueKind::Number(i as f64), item.span), item))
            .collect(),
        ValueKind::Map(entries) if !is_op(collection) => {
            let mut entries = last_entries(entries);
            entries.sort_by(|a, b| a.key.cmp(&b.key));
            entries
                .into_iter()
                .map(|e| {
                    (
                        Value::new(ValueKind::Str(e.key.clone()), e.key_span),
                        &e.value,
                    )
                })
                .collect()
        }
        _ => return None,
    };
    let size = size_of(key).weight() + size_of(value).weight() + size_of(cond).weight();
    if elements.len() > MAX_ELEMENTS || elements.len().saturating_mul(size) > MAX_NODES {
        return None;
    }
    let mut items = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    for (k, v) in elements {
        let bind = |part: &Value| {
            let mut part = part.clone();
            substitute_with(&mut part, |name| {
                if name == key_var {
                    Some(k.clone())
                } else if name == value_var {
                    Some(v.clone())
                } else {
                    None
                }
            });
            part
        };
        match bind(cond).as_bool() {
            Some(true) => {}
            Some(false) => continue,
            None => return None,
        }
        let result = bind(value);
        if !object {
            items.push(result);
            continue;
        }
        let key = bind(key);
        let key_text = match &key.kind {
            ValueKind::Str(s) => s.clone(),
            ValueKind::Number(n) => number_text(*n),
            _ => return None,
        };
        match entries.iter_mut().find(|e| e.key == key_text) {
            Some(entry) if grouping => {
                if let ValueKind::List(group) = &mut entry.value.kind {
                    group.push(result);
                }
            }
            // Terraform rejects a duplicate key without `...`.
            Some(_) => return None,
            None => {
                let result_span = result.span;
                let value = if grouping {
                    Value::new(ValueKind::List(vec![result]), result_span)
                } else {
                    result
                };
                entries.push(Entry {
                    key: key_text,
                    key_span: key.span,
                    span: result_span,
                    value,
                });
            }
        }
    }
    let kind = if object {
        ValueKind::Map(entries)
    } else {
        ValueKind::List(items)
    };
    Some(Value::new(kind, span))
}

/// True when the value still uses a variable or local (a placeholder other than an iterator).
fn uses_scope(value: &Value) -> bool {
    let scope = |r: &crate::value::Reference| {
        placeholder::is(r) && placeholder::iter_name(&r.target).is_none()
    };
    match &value.kind {
        ValueKind::Ref(r) => scope(r),
        ValueKind::Template(parts) => parts
            .iter()
            .any(|p| matches!(p, TextPart::Ref(r) if scope(r))),
        ValueKind::List(items) => items.iter().any(uses_scope),
        ValueKind::Map(entries) => entries.iter().any(|e| uses_scope(&e.value)),
        _ => false,
    }
}
