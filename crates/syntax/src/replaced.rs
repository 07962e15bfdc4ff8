//! Terraform's `replace(string, search, replacement)` over document text the linter holds as a
//! structure: a policy document from `jsonencode` (a map), or a policy document known only by
//! reference (`data.aws_iam_policy_document.x.json`), whose replacements are kept beside the
//! reference until the document is read (`lower::policy`). A plain search string that names a
//! placeholder (`_S3_BUCKET_ARN_`) lies inside one JSON string, so replacing it in every string
//! of the document is what replacing it in the document's text does.

use super::value::{Entry, TextPart, Value, ValueKind, push_literal, push_value_text};
use repl_lint_source::Span;
use std::borrow::Cow;

/// Key of the one entry of a replaced document.
const REPLACED: &str = "\u{0}replaced";

/// A replacement of every `search` (plain text) by `with`.
pub type Replacement<'a> = (&'a str, &'a Value);

/// The document `doc` (a reference to a policy document's JSON, or an earlier replaced
/// document) with `search` replaced by `with`, to be applied when the document is read.
pub fn replaced_document(doc: Value, search: &str, with: Value, span: Span) -> Value {
    let search = Value::new(ValueKind::Str(search.to_string()), with.span);
    let pair = Value::new(ValueKind::List(vec![search, with]), span);
    let items = match doc.kind {
        ValueKind::Map(mut entries) if entries.len() == 1 && entries[0].key == REPLACED => {
            let mut items = match entries.remove(0).value.kind {
                ValueKind::List(items) => items,
                _ => Vec::new(),
            };
            items.push(pair);
            items
        }
        kind => vec![Value::new(kind, doc.span), pair],
    };
    Value::new(
        ValueKind::Map(vec![Entry {
            key: REPLACED.to_string(),
            key_span: span,
            span,
            value: Value::new(ValueKind::List(items), span),
        }]),
        span,
    )
}

/// The document of a replaced document and its replacements, first applied first.
pub fn as_replaced_document(value: &Value) -> Option<(&Value, Vec<Replacement<'_>>)> {
    let [entry] = value.entries() else {
        return None;
    };
    if entry.key != REPLACED {
        return None;
    }
    let (doc, pairs) = entry.value.items().split_first()?;
    let replacements = pairs
        .iter()
        .filter_map(|pair| match pair.items() {
            [search, with] => Some((search.as_str()?, with)),
            _ => None,
        })
        .collect();
    Some((doc, replacements))
}

/// `value` with every occurrence of `search` in its strings (deeply, map keys excepted)
/// replaced by `with`; literal text only: the symbolic parts of a template are left as they are.
pub fn replace_text(value: &Value, search: &str, with: &Value) -> Value {
    let span = value.span;
    match &value.kind {
        ValueKind::Str(s) if !search.is_empty() && s.contains(search) => {
            let mut parts = Vec::new();
            replace_in(&mut parts, s, search, with);
            finish(parts, span)
        }
        ValueKind::Template(parts) if !search.is_empty() => {
            let mut out = Vec::new();
            for part in parts {
                match part {
                    TextPart::Lit(s) => replace_in(&mut out, s, search, with),
                    other => out.push(other.clone()),
                }
            }
            finish(out, span)
        }
        ValueKind::List(items) => Value::new(
            ValueKind::List(
                items
                    .iter()
                    .map(|v| replace_text(v, search, with))
                    .collect(),
            ),
            span,
        ),
        ValueKind::Map(entries) => Value::new(
            ValueKind::Map(
                entries
                    .iter()
                    .map(|e| Entry {
                        value: replace_text(&e.value, search, with),
                        ..e.clone()
                    })
                    .collect(),
            ),
            span,
        ),
        _ => value.clone(),
    }
}

/// `value` with each replacement applied in order: `value` itself when there is none.
pub fn replace_all<'v>(value: &'v Value, replacements: &[Replacement<'_>]) -> Cow<'v, Value> {
    let Some(((search, with), more)) = replacements.split_first() else {
        return Cow::Borrowed(value);
    };
    let first = replace_text(value, search, with);
    Cow::Owned(
        more.iter()
            .fold(first, |v, (search, with)| replace_text(&v, search, with)),
    )
}

/// Appends `text` with `search` replaced by `with`.
fn replace_in(parts: &mut Vec<TextPart>, text: &str, search: &str, with: &Value) {
    let mut pieces = text.split(search);
    if let Some(first) = pieces.next() {
        push_literal(parts, first);
    }
    for piece in pieces {
        push_value_text(parts, with.clone(), || "replacement".to_string());
        push_literal(parts, piece);
    }
}

/// A `Str` when every part is literal, else a `Template`.
fn finish(mut parts: Vec<TextPart>, span: Span) -> Value {
    match parts.as_mut_slice() {
        [] => Value::new(ValueKind::Str(String::new()), span),
        [TextPart::Lit(s)] => Value::new(ValueKind::Str(std::mem::take(s)), span),
        _ => Value::new(ValueKind::Template(parts), span),
    }
}
