//! The Terraform operators and functions the linter evaluates on known values: the
//! conditional `c ? a : b`, `==` `!=` `<` `<=` `>` `>=` `&&` `||` `!`, arithmetic `+ - * / %`
//! on numbers, `length()`, `keys()`, `flatten()`, `try()` and `can()`; the other functions are in
//! [`super::funcs`] and `for` expressions in [`super::for_expr`]. Operands convert as Terraform
//! converts them (`"15" + 1` is 16, `"true" && x` reads `true`; `==` does not convert), and
//! `&&` / `||` are decided by one operand that decides them alone (`unknown && false`).
//!
//! An operation whose operands still hold placeholders (variables, locals, iterators) is kept as
//! a private marked map (one entry keyed [`OP`]`NAME\0TEXT` holding the operand list) and
//! reduced each time its operands are substituted. Once no placeholder is left, an operation
//! that cannot be decided becomes `Unknown(TEXT)`, as every unevaluated expression did before.

use super::{funcs, placeholder};
use crate::value::{Entry, TextPart, Value, ValueKind};
use repl_lint_source::Span;

/// Prefix of the key of an operation's marked map.
const OP: &str = "\u{0}op:";

/// Prefix of the reason of an `Unknown` that is a certain evaluation error (a missing key or
/// element, an attribute of a scalar), which `try()` may skip. Removed by
/// [`super::expand::finalize`].
pub(super) const ERROR: &str = "\u{2}";

/// An evaluation error reported as `text`.
pub(super) fn error(text: String) -> ValueKind {
    ValueKind::Unknown(format!("{ERROR}{text}"))
}

/// Whether a value holds an evaluation error (`Some(true)`), another unknown part
/// (`Some(false)`, when no error), or is fully known (`None`; references count as known).
fn unknown_parts(value: &Value) -> Option<bool> {
    let is_error = |reason: &str| reason.starts_with(ERROR);
    if is_op(value) {
        // An operation not reduced yet (its operands may hold errors it catches).
        return Some(false);
    }
    match &value.kind {
        ValueKind::Unknown(reason) => Some(is_error(reason)),
        ValueKind::Template(parts) => parts
            .iter()
            .filter_map(|p| match p {
                TextPart::Unknown(reason) => Some(is_error(reason)),
                _ => None,
            })
            .reduce(|a, b| a || b),
        ValueKind::List(items) => items.iter().filter_map(unknown_parts).reduce(|a, b| a || b),
        ValueKind::Map(entries) => entries
            .iter()
            .filter_map(|e| unknown_parts(&e.value))
            .reduce(|a, b| a || b),
        _ => None,
    }
}

/// Appends the leaves of nested lists; false when an element's shape is not known.
fn flatten_into(value: &Value, out: &mut Vec<Value>) -> bool {
    match &value.kind {
        ValueKind::List(items) => items.iter().all(|item| flatten_into(item, out)),
        ValueKind::Ref(_) | ValueKind::Unknown(_) => false,
        ValueKind::Map(_) if is_op(value) => false,
        _ => {
            out.push(value.clone());
            true
        }
    }
}

/// The operation `name` over `operands`, reduced as far as the operands allow. `text` is the
/// source excerpt an undecidable operation is reported as.
pub(super) fn op(name: &str, text: String, operands: Vec<Value>, span: Span) -> Value {
    let value = Value::new(
        ValueKind::Map(vec![Entry {
            key: format!("{OP}{name}\u{0}{text}"),
            key_span: span,
            span,
            value: Value::new(ValueKind::List(operands), span),
        }]),
        span,
    );
    reduce(value, false)
}

/// True for the functions an operation may be built for.
pub(super) fn evaluates(name: &str) -> bool {
    matches!(name, "length" | "keys" | "flatten" | "try" | "can") || funcs::known(name)
}

/// The name, text and operands of an operation.
fn parts(value: &Value) -> Option<(&str, &str, &[Value])> {
    let [entry] = value.entries() else {
        return None;
    };
    let rest = entry.key.strip_prefix(OP)?;
    let (name, text) = rest.split_once('\u{0}')?;
    match &entry.value.kind {
        ValueKind::List(operands) => Some((name, text, operands)),
        _ => None,
    }
}

/// True for an operation not reduced yet.
pub(super) fn is_op(value: &Value) -> bool {
    parts(value).is_some()
}

/// True when the value holds a placeholder or an operation anywhere.
pub(super) fn pending(value: &Value) -> bool {
    match &value.kind {
        ValueKind::Ref(r) => placeholder::is(r),
        ValueKind::Template(parts) => parts
            .iter()
            .any(|p| matches!(p, TextPart::Ref(r) if placeholder::is(r))),
        ValueKind::List(items) => items.iter().any(pending),
        ValueKind::Map(entries) => is_op(value) || entries.iter().any(|e| pending(&e.value)),
        _ => false,
    }
}

/// Reduces an operation (anything else is returned as is): its result when the operands decide
/// it; else the operation itself while an operand is pending and `last` is false; else
/// `Unknown(text)`.
pub(super) fn reduce(value: Value, last: bool) -> Value {
    let Some((name, text, operands)) = parts(&value) else {
        return value;
    };
    let span = value.span;
    if let Some(reason) = failed_operand(name, operands) {
        return Value::new(ValueKind::Unknown(reason), span);
    }
    if let Some(result) = decide(name, operands, span, last) {
        return result;
    }
    if !last && (operands.iter().any(pending) || waits_for_existence(name, operands)) {
        return value;
    }
    Value::new(ValueKind::Unknown(text.to_string()), span)
}

/// The evaluation error of an operand the operation evaluates, when one has failed: Terraform
/// then fails the whole expression. `try()` and `can()` are what catch an error; a conditional
/// evaluates its condition and only the chosen branch, which it returns as it is; `&&` and `||`
/// are left to their own rules.
fn failed_operand(name: &str, operands: &[Value]) -> Option<String> {
    let evaluated = match name {
        "try" | "can" | "try!" | "can!" | "&&" | "||" => return None,
        "?:" => operands.get(..1)?,
        _ if name == super::for_expr::NAME || name == super::files::NAME => return None,
        _ => operands,
    };
    evaluated
        .iter()
        .filter(|v| unknown_parts(v) == Some(true))
        .find_map(first_error)
}

/// The reason of the first evaluation error inside a value.
fn first_error(value: &Value) -> Option<String> {
    let is_error = |reason: &String| reason.starts_with(ERROR).then(|| reason.clone());
    match &value.kind {
        ValueKind::Unknown(reason) => is_error(reason),
        ValueKind::Template(parts) => parts.iter().find_map(|p| match p {
            TextPart::Unknown(reason) => is_error(reason),
            _ => None,
        }),
        ValueKind::List(items) => items.iter().find_map(first_error),
        ValueKind::Map(entries) if !is_op(value) => {
            entries.iter().find_map(|e| first_error(&e.value))
        }
        _ => None,
    }
}

/// Suffix of the name of a `try` or `can` whose references to resource instances have been
/// checked (see [`super::absent`]).
const CHECKED: &str = "!";

/// True when a value holds a reference to a resource instance (`x[0].id`): the instance may
/// turn out not to exist (see [`super::absent`]).
fn has_instance_references(value: &Value) -> bool {
    value
        .references()
        .iter()
        .any(|(r, _)| !placeholder::is(r) && r.target.contains('['))
}

/// True for a `try()` or `can()` not checked yet while an argument holds a reference to a
/// resource instance: it waits for the instances' existence to be known.
fn waits_for_existence(name: &str, operands: &[Value]) -> bool {
    matches!(name, "try" | "can") && operands.iter().any(has_instance_references)
}

/// An operation after the references to absent resources inside it have become errors: a
/// `try` or `can` no longer waits for them; reduced as far as its operands allow.
pub(super) fn checked(value: Value) -> Value {
    let Some((name, _, _)) = parts(&value) else {
        return value;
    };
    if !matches!(name, "try" | "can") {
        return reduce(value, false);
    }
    let span = value.span;
    let ValueKind::Map(mut entries) = value.kind else {
        return value;
    };
    if let Some(entry) = entries.first_mut()
        && let Some(rest) = entry.key.strip_prefix(OP)
        && let Some((name, text)) = rest.split_once('\u{0}')
    {
        entry.key = format!("{OP}{name}{CHECKED}\u{0}{text}");
    }
    reduce(Value::new(ValueKind::Map(entries), span), false)
}

/// A known scalar, for comparisons.
#[derive(PartialEq)]
pub(super) enum Scalar<'a> {
    Null,
    Bool(bool),
    Number(f64),
    Str(&'a str),
}

/// The scalar a value is, when it is a known one.
pub(super) fn scalar(value: &Value) -> Option<Scalar<'_>> {
    match &value.kind {
        ValueKind::Null => Some(Scalar::Null),
        ValueKind::Bool(b) => Some(Scalar::Bool(*b)),
        ValueKind::Number(n) => Some(Scalar::Number(*n)),
        ValueKind::Str(s) => Some(Scalar::Str(s)),
        _ => None,
    }
}

/// Whether a value is known not to be `null`: a known scalar, a string with unknown parts, or a
/// list or map (`None` for a reference, an unknown or an operation, which may be null).
fn non_null(value: &Value) -> Option<bool> {
    match &value.kind {
        ValueKind::Null => Some(false),
        ValueKind::Bool(_) | ValueKind::Number(_) | ValueKind::Str(_) | ValueKind::Template(_) => {
            Some(true)
        }
        ValueKind::List(_) => Some(true),
        ValueKind::Map(_) => (!is_op(value)).then_some(true),
        ValueKind::Ref(_) | ValueKind::Unknown(_) => None,
    }
}

/// Whether two values are equal, as `==` decides it (no type conversion: `"1" == 1` is false),
/// when known: two known scalars, or a comparison with `null` of a value known to be null or
/// not. Lists and maps are not compared with each other (Terraform's list, tuple, map and
/// object types make `[] == []` depend on types the linter does not track).
fn equal(a: &Value, b: &Value) -> Option<bool> {
    if let (Some(a), Some(b)) = (scalar(a), scalar(b)) {
        return Some(a == b);
    }
    match (&a.kind, &b.kind) {
        (ValueKind::Null, _) => non_null(b).map(|n| !n),
        (_, ValueKind::Null) => non_null(a).map(|n| !n),
        _ => None,
    }
}

/// The result of an operation when its operands decide it.
fn decide(name: &str, operands: &[Value], span: Span, last: bool) -> Option<Value> {
    let boolean = |b: bool| Some(Value::new(ValueKind::Bool(b), span));
    let number = |n: f64| Some(Value::new(ValueKind::Number(n), span));
    match (name, operands) {
        ("?:", [c, a, b]) => Some(if c.as_bool()? { a.clone() } else { b.clone() }),
        ("==" | "!=", [a, b]) => boolean(equal(a, b)? == (name == "==")),
        ("<" | "<=" | ">" | ">=", [a, b]) => {
            let (a, b) = (a.as_number()?, b.as_number()?);
            boolean(match name {
                "<" => a < b,
                "<=" => a <= b,
                ">" => a > b,
                _ => a >= b,
            })
        }
        ("+" | "-" | "*" | "/" | "%", [a, b]) => {
            let (a, b) = (a.as_number()?, b.as_number()?);
            let result = match name {
                "+" => a + b,
                "-" => a - b,
                "*" => a * b,
                // Division by zero and the sign rules of a negative modulo are left unknown.
                "/" if b != 0.0 => a / b,
                "%" if b > 0.0 && a >= 0.0 => a % b,
                _ => return None,
            };
            result
                .is_finite()
                .then(|| Value::new(ValueKind::Number(result), span))
        }
        // One known operand decides when it is the absorbing one, whatever the other is
        // (`unknown && false` is false, `unknown || true` is true).
        ("&&" | "||", [a, b]) => {
            let absorbing = name == "||";
            match (a.as_bool(), b.as_bool()) {
                (Some(x), _) | (_, Some(x)) if x == absorbing => boolean(absorbing),
                (Some(x), Some(y)) => boolean(if absorbing { x || y } else { x && y }),
                _ => None,
            }
        }
        ("!", [a]) => boolean(!a.as_bool()?),
        ("neg", [a]) => number(-a.as_number()?),
        ("length", [a]) => match &a.kind {
            // Terraform rejects a null argument.
            ValueKind::Null => Some(Value::new(error("length of null".into()), span)),
            ValueKind::List(items) if !items.iter().any(is_op) => number(items.len() as f64),
            ValueKind::Map(entries) if !is_op(a) => number(entries.len() as f64),
            ValueKind::Str(s) => number(s.chars().count() as f64),
            _ => None,
        },
        ("keys", [a]) if !is_op(a) => {
            let ValueKind::Map(entries) = &a.kind else {
                return None;
            };
            let mut keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            let items = keys
                .into_iter()
                .map(|k| Value::new(ValueKind::Str(k.to_string()), span))
                .collect();
            Some(Value::new(ValueKind::List(items), span))
        }
        ("flatten", [a]) => {
            let mut out = Vec::new();
            flatten_into(a, &mut out).then(|| Value::new(ValueKind::List(out), span))
        }
        // The first argument with a known value. An argument with an evaluation error is
        // skipped; one still pending, or with a part that cannot be evaluated here (which might
        // or might not fail in Terraform), decides nothing.
        ("try" | "try!", args) => {
            let wait = name == "try" && !last;
            for arg in args {
                if pending(arg) || (wait && has_instance_references(arg)) {
                    return None;
                }
                match unknown_parts(arg) {
                    None => return Some(arg.clone()),
                    Some(true) => continue,
                    Some(false) => return None,
                }
            }
            None
        }
        // Whether the argument evaluates without an error.
        ("can" | "can!", [arg])
            if !pending(arg) && (last || name != "can" || !has_instance_references(arg)) =>
        {
            match unknown_parts(arg) {
                None => boolean(true),
                Some(true) => boolean(false),
                Some(false) => None,
            }
        }
        (super::for_expr::NAME, operands) => super::for_expr::decide(operands, span),
        (super::files::NAME, operands) => super::files::decide(operands),
        (name, operands) if funcs::known(name) => funcs::call(name, operands, span),
        _ => None,
    }
}
