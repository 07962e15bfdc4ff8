//! Terraform's built-in functions the linter evaluates on known values: `lookup`, `merge`,
//! `concat`, `coalesce`, `coalescelist`, `compact`, `distinct`, `one`, `format`, `replace`
//! (plain search only), `tostring`, `tobool`, `tonumber`, `toset`, `tomap`, `values`,
//! `element`, `jsondecode`, `upper`, `lower`, `title`, `join`, `split`, `contains`, `max` and
//! `min` (`length`, `keys`, `flatten`, `try` and `can` are in [`super::eval`]).
//!
//! Each function returns `None` when its arguments do not decide the result (an argument still
//! pending, unknown, or of a shape Terraform would convert in ways not modelled here); the call
//! then stays an operation and finally becomes unknown. A result that is one of the arguments
//! (or an element of one) keeps that argument's span; a computed result gets the call's span.

use super::eval::{self, is_op, pending};
use crate::json::parse_json;
use crate::replaced;
use crate::value::{Entry, TextPart, Value, ValueKind, number_text, push_literal, push_value_text};
use repl_lint_source::Span;

/// Longest string a function may build (`format`, `join`, `replace`, `upper`, ...).
const MAX_TEXT: usize = 1 << 20;

/// Most elements a function may build into one list or map.
const MAX_ITEMS: usize = 10_000;

/// True for the names [`call`] evaluates.
pub(super) fn known(name: &str) -> bool {
    matches!(
        name,
        "lookup"
            | "merge"
            | "concat"
            | "coalesce"
            | "format"
            | "replace"
            | "tostring"
            | "toset"
            | "values"
            | "element"
            | "jsondecode"
            | "upper"
            | "lower"
            | "join"
            | "split"
            | "contains"
            | "tobool"
            | "tonumber"
            | "tomap"
            | "title"
            | "max"
            | "min"
            | "compact"
            | "distinct"
            | "coalescelist"
            | "one"
    )
}

/// The result of the function `name` over `args`, when they decide it.
pub(super) fn call(name: &str, args: &[Value], span: Span) -> Option<Value> {
    let text = |s: String| (s.len() <= MAX_TEXT).then(|| Value::new(ValueKind::Str(s), span));
    match (name, args) {
        ("lookup", [map, key]) => lookup(map, key, None, span),
        ("lookup", [map, key, default]) => lookup(map, key, Some(default), span),
        ("merge", maps) => merge(maps, span),
        ("concat", lists) => {
            let mut out = Vec::new();
            for list in lists {
                out.extend(list_items(list)?.iter().cloned());
                if out.len() > MAX_ITEMS {
                    return None;
                }
            }
            Some(Value::new(ValueKind::List(out), span))
        }
        ("coalesce", args) => coalesce(args),
        ("format", [fmt, rest @ ..]) => format(known_str(fmt)?, rest, span),
        ("replace", [s, search, with]) => replace(s, known_str(search)?, with, span),
        ("tostring", [a]) => match &a.kind {
            ValueKind::Str(_) | ValueKind::Null => Some(a.clone()),
            ValueKind::Number(n) => text(number_text(*n)),
            ValueKind::Bool(b) => text(b.to_string()),
            ValueKind::Ref(_) | ValueKind::Template(_) | ValueKind::Unknown(_) if !pending(a) => {
                Some(a.clone())
            }
            _ => None,
        },
        ("toset", [a]) => toset(a, span),
        ("values", [map]) => {
            let entries = known_map(map)?;
            let mut sorted: Vec<&Entry> = last_entries(entries);
            sorted.sort_by(|a, b| a.key.cmp(&b.key));
            let items = sorted.into_iter().map(|e| e.value.clone()).collect();
            Some(Value::new(ValueKind::List(items), span))
        }
        ("element", [list, index]) => {
            let items = list_items(list)?;
            let i = whole_number(index)?;
            items.get(i % items.len().max(1)).cloned()
        }
        // A JSON document in a string literal is already decoded by the lowering.
        (
            "jsondecode",
            [
                doc @ Value {
                    kind: ValueKind::Map(_) | ValueKind::List(_),
                    ..
                },
            ],
        ) => (!pending(doc)).then(|| doc.clone()),
        ("jsondecode", [s]) => {
            let mut value = parse_json(known_str(s)?, s.span.file, 0).ok()?;
            value.respan(s.span);
            Some(value)
        }
        ("upper", [s]) => text(known_str(s)?.to_uppercase()),
        ("lower", [s]) => text(known_str(s)?.to_lowercase()),
        ("join", [sep, lists @ ..]) if !lists.is_empty() => join(known_str(sep)?, lists, span),
        ("split", [sep, s]) => {
            let (sep, s) = (known_str(sep)?, known_str(s)?);
            if sep.is_empty() || s.matches(sep).count() >= MAX_ITEMS {
                return None;
            }
            let items = s
                .split(sep)
                .map(|part| Value::new(ValueKind::Str(part.to_string()), span))
                .collect();
            Some(Value::new(ValueKind::List(items), span))
        }
        ("contains", [list, value]) => contains(list_items(list)?, value, span),
        ("tobool", [a]) => tobool(a, span),
        ("tonumber", [a]) => tonumber(a, span),
        (
            "tomap",
            [
                map @ Value {
                    kind: ValueKind::Map(_) | ValueKind::Null,
                    ..
                },
            ],
        ) => (!pending(map)).then(|| map.clone()),
        ("title", [s]) => text(title(known_str(s)?)),
        ("max" | "min", numbers) if !numbers.is_empty() => {
            let numbers: Option<Vec<f64>> = numbers
                .iter()
                .map(|n| match n.kind {
                    ValueKind::Number(n) => Some(n),
                    _ => None,
                })
                .collect();
            let numbers = numbers?.into_iter();
            let result = if name == "max" {
                numbers.fold(f64::NEG_INFINITY, f64::max)
            } else {
                numbers.fold(f64::INFINITY, f64::min)
            };
            Some(Value::new(ValueKind::Number(result), span))
        }
        // A known string, number, bool or null cannot convert to a list: Terraform rejects the
        // call (an error that `try` and `can` catch).
        ("compact" | "distinct", [arg])
            if matches!(
                arg.kind,
                ValueKind::Str(_) | ValueKind::Number(_) | ValueKind::Bool(_) | ValueKind::Null
            ) =>
        {
            Some(Value::new(
                super::eval::error(format!("{name}() needs a list")),
                span,
            ))
        }
        ("compact", [list]) => compact(list_items(list)?, span),
        ("distinct", [list]) => distinct(list_items(list)?, span),
        ("coalescelist", lists) if !lists.is_empty() => {
            for list in lists {
                if pending(list) {
                    return None;
                }
                match list.kind {
                    ValueKind::List(ref items) if items.is_empty() => continue,
                    ValueKind::List(_) => return Some(list.clone()),
                    _ => return None,
                }
            }
            // Terraform fails when every list is empty.
            Some(Value::new(
                eval::error("coalescelist: no non-empty list".into()),
                span,
            ))
        }
        ("one", [list]) => match list_items(list)? {
            [] => Some(Value::new(ValueKind::Null, span)),
            [only] => Some(only.clone()),
            _ => Some(Value::new(
                eval::error("one: more than one element".into()),
                span,
            )),
        },
        _ => None,
    }
}

/// A string argument, when known.
fn known_str(value: &Value) -> Option<&str> {
    value.as_str()
}

/// A known whole number that fits an index.
fn whole_number(value: &Value) -> Option<usize> {
    match value.kind {
        ValueKind::Number(n) if n >= 0.0 && n.fract() == 0.0 && n < 1e15 => Some(n as usize),
        _ => None,
    }
}

/// The elements of a known list (its elements may be anything).
fn list_items(value: &Value) -> Option<&[Value]> {
    match &value.kind {
        ValueKind::List(items) => Some(items),
        _ => None,
    }
}

/// The entries of a map whose keys and values are all known.
fn known_map(value: &Value) -> Option<&[Entry]> {
    match &value.kind {
        ValueKind::Map(entries) if !is_op(value) && !pending(value) => Some(entries),
        _ => None,
    }
}

/// The entries of a map with duplicate keys removed (the last one wins), in order.
pub(super) fn last_entries(entries: &[Entry]) -> Vec<&Entry> {
    let mut out: Vec<&Entry> = Vec::with_capacity(entries.len());
    for e in entries {
        match out.iter_mut().find(|o| o.key == e.key) {
            Some(slot) => *slot = e,
            None => out.push(e),
        }
    }
    out
}

fn lookup(map: &Value, key: &Value, default: Option<&Value>, span: Span) -> Option<Value> {
    let entries = known_map(map)?;
    let key = known_str(key)?;
    match (entries.iter().rev().find(|e| e.key == key), default) {
        (Some(entry), _) => Some(entry.value.clone()),
        (None, Some(default)) => Some(default.clone()),
        // Terraform fails on a missing key without a default: `try()` may skip it.
        (None, None) => Some(Value::new(
            eval::error(format!("lookup: no key {key:?}")),
            span,
        )),
    }
}

fn merge(maps: &[Value], span: Span) -> Option<Value> {
    let mut out: Vec<Entry> = Vec::new();
    for map in maps {
        if matches!(map.kind, ValueKind::Null) {
            continue;
        }
        for entry in last_entries(known_map(map)?) {
            match out.iter_mut().find(|o| o.key == entry.key) {
                Some(slot) => *slot = entry.clone(),
                None => out.push(entry.clone()),
            }
        }
        if out.len() > MAX_ITEMS {
            return None;
        }
    }
    Some(Value::new(ValueKind::Map(out), span))
}

/// The first argument that is neither null nor an empty string; undecided while an earlier
/// argument is not known to be one or the other.
fn coalesce(args: &[Value]) -> Option<Value> {
    for arg in args {
        if pending(arg) {
            return None;
        }
        match &arg.kind {
            ValueKind::Null => continue,
            ValueKind::Str(s) if s.is_empty() => continue,
            ValueKind::Str(_) | ValueKind::Number(_) | ValueKind::Bool(_) => {
                return Some(arg.clone());
            }
            ValueKind::Template(parts)
                if parts
                    .iter()
                    .any(|p| matches!(p, TextPart::Lit(s) if !s.is_empty())) =>
            {
                return Some(arg.clone());
            }
            _ => return None,
        }
    }
    None
}

/// `format` with the verbs `%s`, `%v`, `%d`, `%q` and `%%` (no flags, widths or indexes). An
/// argument of `%s`/`%v` that is a reference or a partly known string stays symbolic.
fn format(fmt: &str, args: &[Value], span: Span) -> Option<Value> {
    let mut parts = Vec::new();
    let mut args = args.iter();
    let mut rest = fmt;
    while let Some(at) = rest.find('%') {
        push_literal(&mut parts, &rest[..at]);
        let verb = rest[at + 1..].chars().next()?;
        rest = &rest[at + 1 + verb.len_utf8()..];
        if verb == '%' {
            push_literal(&mut parts, "%");
            continue;
        }
        let arg = args.next()?;
        if pending(arg) {
            return None;
        }
        match (verb, &arg.kind) {
            ('d', ValueKind::Number(n)) if n.fract() == 0.0 => {
                push_literal(&mut parts, &number_text(*n))
            }
            ('q', ValueKind::Str(s)) => push_literal(&mut parts, &serde_json::to_string(s).ok()?),
            (
                's' | 'v',
                ValueKind::Str(_)
                | ValueKind::Number(_)
                | ValueKind::Bool(_)
                | ValueKind::Ref(_)
                | ValueKind::Template(_)
                | ValueKind::Unknown(_),
            ) => push_value_text(&mut parts, arg.clone(), String::new),
            _ => return None,
        }
        if text_len(&parts) > MAX_TEXT {
            return None;
        }
    }
    push_literal(&mut parts, rest);
    // Terraform rejects extra arguments.
    if args.next().is_some() {
        return None;
    }
    Some(super::expr::finish_parts(parts, span))
}

/// The length of the literal text in template parts.
pub(super) fn text_len(parts: &[TextPart]) -> usize {
    parts
        .iter()
        .map(|p| match p {
            TextPart::Lit(s) => s.len(),
            _ => 0,
        })
        .sum()
}

/// `join(sep, lists...)`: elements that are references or partly known strings stay symbolic.
fn join(sep: &str, lists: &[Value], span: Span) -> Option<Value> {
    // One element joins to itself (a reference stays a whole reference).
    if let [list] = lists
        && let [only] = list_items(list)?
        && matches!(
            only.kind,
            ValueKind::Str(_) | ValueKind::Template(_) | ValueKind::Ref(_)
        )
        && !pending(only)
    {
        return Some(only.clone());
    }
    let mut parts = Vec::new();
    let mut first = true;
    for list in lists {
        for item in list_items(list)? {
            if pending(item) {
                return None;
            }
            if !first {
                push_literal(&mut parts, sep);
            }
            first = false;
            match item.kind {
                ValueKind::Null | ValueKind::List(_) | ValueKind::Map(_) => return None,
                _ => push_value_text(&mut parts, item.clone(), String::new),
            }
            if text_len(&parts) > MAX_TEXT {
                return None;
            }
        }
    }
    Some(super::expr::finish_parts(parts, span))
}

/// `toset` of strings: distinct, in lexical order (how Terraform orders a set of strings).
/// Other lists are kept as they are: their elements cannot be compared here.
fn toset(list: &Value, span: Span) -> Option<Value> {
    let items = list_items(list)?;
    let strings: Option<Vec<(&str, Span)>> =
        items.iter().map(|i| Some((i.as_str()?, i.span))).collect();
    let Some(mut strings) = strings else {
        return (!pending(list)).then(|| list.clone());
    };
    // A stable sort keeps each string's first occurrence (and its span) first.
    strings.sort_by(|a, b| a.0.cmp(b.0));
    strings.dedup_by(|a, b| a.0 == b.0);
    let items = strings
        .into_iter()
        .map(|(s, at)| Value::new(ValueKind::Str(s.to_string()), at))
        .collect();
    Some(Value::new(ValueKind::List(items), span))
}

/// `contains(list, value)` over known scalars of one type; undecided when an element that
/// could match is not known.
fn contains(items: &[Value], value: &Value, span: Span) -> Option<Value> {
    let wanted = eval::scalar(value)?;
    let mut undecided = false;
    for item in items {
        match eval::scalar(item) {
            Some(s) if std::mem::discriminant(&s) != std::mem::discriminant(&wanted) => {
                undecided = true
            }
            Some(s) if s == wanted => return Some(Value::new(ValueKind::Bool(true), span)),
            Some(_) => {}
            None => undecided = true,
        }
    }
    (!undecided).then(|| Value::new(ValueKind::Bool(false), span))
}

/// `tobool`: a bool, or the strings `"true"`/`"1"` and `"false"`/`"0"` (lowercase only);
/// `null` stays null; anything else known is an error; a symbolic value stays undecided.
fn tobool(a: &Value, span: Span) -> Option<Value> {
    match &a.kind {
        ValueKind::Bool(_) | ValueKind::Null => Some(a.clone()),
        ValueKind::Str(s) if matches!(s.as_str(), "true" | "1" | "false" | "0") => Some(
            Value::new(ValueKind::Bool(matches!(s.as_str(), "true" | "1")), span),
        ),
        ValueKind::Str(_) | ValueKind::Number(_) | ValueKind::List(_) => {
            Some(not_convertible("bool", span))
        }
        ValueKind::Map(_) if !is_op(a) && !pending(a) => Some(not_convertible("bool", span)),
        _ => None,
    }
}

/// `tonumber`: a number, or a string holding one; `null` stays null; anything else known is an
/// error; a symbolic value stays undecided.
fn tonumber(a: &Value, span: Span) -> Option<Value> {
    match &a.kind {
        ValueKind::Number(_) | ValueKind::Null => Some(a.clone()),
        ValueKind::Str(s) => Some(match s.trim().parse::<f64>() {
            Ok(n) if n.is_finite() && s.trim() == s => Value::new(ValueKind::Number(n), span),
            _ => not_convertible("number", span),
        }),
        ValueKind::Bool(_) | ValueKind::List(_) => Some(not_convertible("number", span)),
        ValueKind::Map(_) if !is_op(a) && !pending(a) => Some(not_convertible("number", span)),
        _ => None,
    }
}

/// The error of a conversion Terraform rejects.
fn not_convertible(to: &str, span: Span) -> Value {
    Value::new(eval::error(format!("cannot convert to {to}")), span)
}

/// `title`: the first letter of every word upper-cased (a word is a run of letters, digits and
/// underscores).
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_start = true;
    for c in s.chars() {
        if at_start {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_start = !(c.is_alphanumeric() || c == '_');
    }
    out
}

/// `compact`: the list without its null and empty-string elements. A reference or a partly
/// known string is kept (it names a value, not an empty one); an element of unknown value
/// leaves the result undecided, as it does in Terraform.
fn compact(items: &[Value], span: Span) -> Option<Value> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match &item.kind {
            ValueKind::Null => {}
            ValueKind::Str(s) if s.is_empty() => {}
            ValueKind::Str(_) | ValueKind::Template(_) => out.push(item.clone()),
            ValueKind::Ref(_) if !pending(item) => out.push(item.clone()),
            _ => return None,
        }
    }
    Some(Value::new(ValueKind::List(out), span))
}

/// `distinct`: the list without repeated elements, first occurrences kept. Decided only when
/// no two remaining elements might still be equal (two different symbolic values might).
fn distinct(items: &[Value], span: Span) -> Option<Value> {
    if items.iter().any(pending) {
        return None;
    }
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.iter().any(|o| o.kind == item.kind) {
            out.push(item.clone());
        }
    }
    let symbolic = |v: &Value| {
        !matches!(
            v.kind,
            ValueKind::Null | ValueKind::Bool(_) | ValueKind::Number(_) | ValueKind::Str(_)
        )
    };
    if out.len() > 1 && out.iter().any(symbolic) {
        return None;
    }
    Some(Value::new(ValueKind::List(out), span))
}

/// `replace(s, search, with)` for a plain search string (a `/.../` search is a regular
/// expression, not evaluated here): in a known or partly known string, in a document held as a
/// structure (a `jsonencode`d map or list), or deferred on a policy document known by reference
/// (`....json`) until the document is read (see [`crate::replaced`]).
fn replace(s: &Value, search: &str, with: &Value, span: Span) -> Option<Value> {
    let regex = search.len() >= 2 && search.starts_with('/') && search.ends_with('/');
    let with_text = matches!(
        with.kind,
        ValueKind::Str(_)
            | ValueKind::Template(_)
            | ValueKind::Ref(_)
            | ValueKind::Number(_)
            | ValueKind::Bool(_)
    );
    if regex || search.is_empty() || !with_text || pending(with) || pending(s) {
        return None;
    }
    let grows = |text: &str| {
        let count = text.matches(search).count();
        let with_len = with.as_str().map_or(0, str::len);
        let grows = with_len.saturating_sub(search.len()).saturating_mul(count);
        text.len().saturating_add(grows) > MAX_TEXT
    };
    match &s.kind {
        ValueKind::Str(text) if grows(text) => None,
        ValueKind::Str(_) | ValueKind::Template(_) => {
            let mut out = replaced::replace_text(s, search, with);
            out.span = span;
            Some(out)
        }
        ValueKind::Map(_) if replaced::as_replaced_document(s).is_some() => Some(
            replaced::replaced_document(s.clone(), search, with.clone(), span),
        ),
        ValueKind::Map(_) | ValueKind::List(_) if !is_op(s) => {
            Some(replaced::replace_text(s, search, with))
        }
        ValueKind::Ref(r) if r.attr.last().is_some_and(|a| a == "json") => Some(
            replaced::replaced_document(s.clone(), search, with.clone(), span),
        ),
        _ => None,
    }
}
