//! Type constraints of `variable` blocks (`type = object({ a = optional(string, "x") })`) and
//! the conversion Terraform applies to a variable's value before any use of it:
//! - a primitive converts as Terraform converts it: the string `"true"` is `true` for `bool`,
//!   `"15"` is 15 for `number`, a number or bool is its text for `string`;
//! - an `object` attribute declared `optional(T)` that the value omits (or sets to `null`) is
//!   `null`, or the `optional(T, DEFAULT)` default; attributes the type does not declare are
//!   dropped;
//! - lists, sets, maps and tuples convert element by element.
//!
//! A value that is not known (a reference, an unknown, an operation still waiting for its
//! operands) is left as it is: it is never replaced by a default or a zero value. A type the
//! linter does not read is `any`, which converts nothing.

use hcl_edit::expr::{Expression, FuncCall, ObjectKey};

use super::eval::is_op;
use super::expr::Lower;
use crate::value::{Entry, Value, ValueKind, number_text, string_to_bool, string_to_number};
use repl_lint_source::Span;

/// Deepest type constraint read, and deepest value converted.
const MAX_TYPE_DEPTH: usize = 64;

/// A type constraint.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Type {
    /// `any`, or a constraint the linter does not read.
    Any,
    /// `string`.
    String,
    /// `number`.
    Number,
    /// `bool`.
    Bool,
    /// `list(T)` or `set(T)`.
    List(Box<Type>),
    /// `map(T)`.
    Map(Box<Type>),
    /// `tuple([T, ...])`.
    Tuple(Vec<Type>),
    /// `object({ name = T, ... })`.
    Object(Vec<Attr>),
}

/// One attribute of an `object` type.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Attr {
    /// The attribute's name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Declared with `optional(...)`.
    pub optional: bool,
    /// The `optional(T, DEFAULT)` default.
    pub default: Option<Value>,
}

/// Reads a type constraint expression; anything not understood is [`Type::Any`].
pub(super) fn parse(lower: &Lower, expr: &Expression, depth: usize) -> Type {
    if depth > MAX_TYPE_DEPTH {
        return Type::Any;
    }
    match expr {
        Expression::Variable(v) => match v.as_str() {
            "string" => Type::String,
            "number" => Type::Number,
            "bool" => Type::Bool,
            _ => Type::Any,
        },
        Expression::Parenthesis(p) => parse(lower, p.inner(), depth + 1),
        Expression::FuncCall(call) => parse_call(lower, call, depth),
        _ => Type::Any,
    }
}

fn parse_call(lower: &Lower, call: &FuncCall, depth: usize) -> Type {
    let name = call.name.name.as_str();
    let mut args = call.args.iter();
    let (Some(arg), None) = (args.next(), args.next()) else {
        return Type::Any;
    };
    let inner = || Box::new(parse(lower, arg, depth + 1));
    match (name, arg) {
        ("list" | "set", _) => Type::List(inner()),
        ("map", _) => Type::Map(inner()),
        ("tuple", Expression::Array(items)) => Type::Tuple(
            items
                .iter()
                .map(|item| parse(lower, item, depth + 1))
                .collect(),
        ),
        ("object", Expression::Object(object)) => {
            let mut attrs = Vec::new();
            for (key, value) in object.iter() {
                let name = match key {
                    ObjectKey::Ident(ident) => ident.as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                    // A computed attribute name: the object cannot be read.
                    ObjectKey::Expression(_) => return Type::Any,
                };
                attrs.push(parse_attr(lower, name, value.expr(), depth + 1));
            }
            Type::Object(attrs)
        }
        _ => Type::Any,
    }
}

/// An object attribute: `T`, `optional(T)` or `optional(T, DEFAULT)`.
fn parse_attr(lower: &Lower, name: String, expr: &Expression, depth: usize) -> Attr {
    if let Expression::FuncCall(call) = expr
        && call.name.name.as_str() == "optional"
        && call.name.namespace.is_empty()
    {
        let mut args = call.args.iter();
        let ty = args
            .next()
            .map_or(Type::Any, |t| parse(lower, t, depth + 1));
        let default = args.next().map(|d| lower.expr(d, depth + 1));
        return Attr {
            name,
            ty,
            optional: true,
            default,
        };
    }
    Attr {
        name,
        ty: parse(lower, expr, depth),
        optional: false,
        default: None,
    }
}

/// `value` converted to `ty` (see the module documentation).
pub(super) fn convert(value: Value, ty: &Type) -> Value {
    convert_at(value, ty, 0)
}

fn convert_at(value: Value, ty: &Type, depth: usize) -> Value {
    if depth > MAX_TYPE_DEPTH || matches!(ty, Type::Any) || is_op(&value) {
        return value;
    }
    let span = value.span;
    let kind = match (ty, value.kind) {
        (Type::String, ValueKind::Number(n)) => ValueKind::Str(number_text(n)),
        (Type::String, ValueKind::Bool(b)) => ValueKind::Str(b.to_string()),
        (Type::Number, ValueKind::Str(s)) => match string_to_number(&s) {
            Some(n) => ValueKind::Number(n),
            None => ValueKind::Str(s),
        },
        (Type::Bool, ValueKind::Str(s)) => match string_to_bool(&s) {
            Some(b) => ValueKind::Bool(b),
            None => ValueKind::Str(s),
        },
        (Type::List(inner), ValueKind::List(items)) => ValueKind::List(
            items
                .into_iter()
                .map(|item| convert_at(item, inner, depth + 1))
                .collect(),
        ),
        (Type::Tuple(types), ValueKind::List(items)) if types.len() == items.len() => {
            ValueKind::List(
                items
                    .into_iter()
                    .zip(types)
                    .map(|(item, ty)| convert_at(item, ty, depth + 1))
                    .collect(),
            )
        }
        (Type::Map(inner), ValueKind::Map(entries)) if !has_pending_keys(&entries) => {
            ValueKind::Map(
                entries
                    .into_iter()
                    .map(|e| Entry {
                        value: convert_at(e.value, inner, depth + 1),
                        ..e
                    })
                    .collect(),
            )
        }
        (Type::Object(attrs), ValueKind::Map(entries)) if !has_pending_keys(&entries) => {
            ValueKind::Map(object(attrs, entries, value.span, depth))
        }
        (_, kind) => kind,
    };
    Value::new(kind, span)
}

/// True when a key is not known yet (it uses an iterator) or is a private marker.
fn has_pending_keys(entries: &[Entry]) -> bool {
    entries.iter().any(|e| e.key.starts_with('\u{0}'))
}

/// The entries of an object converted to `attrs`: declared attributes converted, undeclared
/// ones dropped, omitted or null optional ones set to their default or `null` (at `span`, the
/// object's).
fn object(attrs: &[Attr], entries: Vec<Entry>, span: Span, depth: usize) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::with_capacity(attrs.len());
    for entry in entries {
        let Some(attr) = attrs.iter().find(|a| a.name == entry.key) else {
            continue;
        };
        let value = match (&entry.value.kind, &attr.default) {
            (ValueKind::Null, Some(default)) => default.clone(),
            _ => entry.value,
        };
        out.push(Entry {
            value: convert_at(value, &attr.ty, depth + 1),
            ..entry
        });
    }
    for attr in attrs.iter().filter(|a| a.optional) {
        if out.iter().any(|e| e.key == attr.name) {
            continue;
        }
        // A default keeps its own span: that is where the value was written.
        let value = match &attr.default {
            Some(default) => default.clone(),
            None => Value::new(ValueKind::Null, span),
        };
        out.push(Entry {
            key: attr.name.clone(),
            key_span: value.span,
            span: value.span,
            value: convert_at(value, &attr.ty, depth + 1),
        });
    }
    out
}
