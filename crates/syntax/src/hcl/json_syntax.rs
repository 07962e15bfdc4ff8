//! Terraform's JSON syntax (`*.tf.json`), lowered into the same [`ModuleFile`] as native HCL.
//!
//! The file is read with our spanned JSON parser. Inside block bodies a JSON string is an HCL
//! template: it is parsed with hcl-edit's template parser and lowered by the HCL [`Lower`]
//! machinery, so variables and locals become the same placeholders. JSON cannot tell a nested
//! block from an attribute holding an object, so objects under the block names of the resources
//! that matter ([`BLOCK_NAMES`]) are lowered as blocks, any other object as a map.

use std::collections::HashMap;

use hcl_edit::template::StringTemplate;

use super::expand::{COUNT_KEY, FOR_EACH_KEY};
use super::expr::{Lower, MAX_DEPTH, Src, unknown};
use super::nesting::MAX_NESTING;
use super::types::{self, Type};
use super::{DEF_DEPTH, META_ARGUMENTS, ModuleFile, dependency_address};
use crate::json::parse_json;
use crate::resource::{ParseError, Provider, Resource};
use crate::value::{Entry, Value, ValueKind, shown_text};
use repl_lint_source::{FileId, SourceDb, Span};

/// Keys whose object (or array of objects) values are nested blocks, not attribute maps.
const BLOCK_NAMES: &[&str] = &[
    "rule",
    "filter",
    "and",
    "destination",
    "delete_marker_replication",
    "access_control_translation",
    "encryption_configuration",
    "metrics",
    "event_threshold",
    "replication_time",
    "time",
    "source_selection_criteria",
    "sse_kms_encrypted_objects",
    "replica_modifications",
    "existing_object_replication",
    "versioning_configuration",
    "versioning",
    "replication_configuration",
    "rules",
    "statement",
    "principals",
    "not_principals",
    "condition",
    "inline_policy",
    "server_side_encryption_configuration",
    "apply_server_side_encryption_by_default",
    "object_lock_configuration",
    "assume_role",
];

/// The property name Terraform's JSON syntax reserves for comments in block bodies.
const COMMENT_KEY: &str = "//";

/// Lowers one `.tf.json` file. Invalid JSON, or a root that is not an object, is a [`ParseError`].
pub(super) fn lower_json_file(db: &SourceDb, id: FileId) -> Result<ModuleFile, ParseError> {
    let text = db.file(id).text.as_str();
    let root = parse_json(text, id, 0)?;
    let ValueKind::Map(sections) = root.kind else {
        let start = root.span.start as usize;
        return Err(ParseError {
            span: Span::new(id, start, start + 1),
            message: "a Terraform JSON file must hold an object".to_string(),
        });
    };
    let lower = JsonLower { text, file: id };
    let mut out = ModuleFile::default();
    for section in sections {
        match section.key.as_str() {
            kind @ ("resource" | "data") => {
                let is_data = kind == "data";
                for block in blocks(section.value, 2) {
                    out.resources
                        .extend(lower.resource(block, is_data).map(std::sync::Arc::new));
                }
            }
            "provider" => {
                for block in blocks(section.value, 1) {
                    out.providers.extend(lower.provider(block));
                }
            }
            "variable" => {
                for block in blocks(section.value, 1) {
                    let Some((name, _)) = block.labels.into_iter().next() else {
                        continue;
                    };
                    let entries = take_entries(block.body);
                    let last = |key: &str| entries.iter().rev().find(|e| e.key == key);
                    if let Some(ty) = last("type").and_then(|e| lower.type_constraint(&e.value)) {
                        out.types.push((name.clone(), ty));
                    }
                    if last("nullable").is_some_and(|e| e.value.kind == ValueKind::Bool(false)) {
                        out.non_nullable.push(name.clone());
                    }
                    if let Some(default) = last("default") {
                        out.defaults
                            .push((name, lower.literal(default.value.clone(), DEF_DEPTH)));
                    }
                }
            }
            "locals" => {
                for block in blocks(section.value, 0) {
                    for entry in take_entries(block.body) {
                        if entry.key == COMMENT_KEY {
                            continue;
                        }
                        out.locals
                            .push((entry.key, lower.expr(entry.value, DEF_DEPTH)));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// One block found in the JSON structure.
struct JsonBlock {
    /// Its labels with the spans of their keys.
    labels: Vec<(String, Span)>,
    /// The property holding the body (from the last label's key to the end of the body), or
    /// the body object itself inside an array.
    span: Span,
    /// The body object.
    body: Value,
}

/// The blocks under a top-level block type expecting `labels` labels: one object level per
/// label, and at every level an object or an array of objects. Values of any other shape, and
/// `//` comment properties, are skipped.
fn blocks(value: Value, labels: usize) -> Vec<JsonBlock> {
    let mut out = Vec::new();
    let span = value.span;
    collect_blocks(value, span, labels, &mut Vec::new(), &mut out);
    out
}

fn collect_blocks(
    value: Value,
    span: Span,
    remaining: usize,
    labels: &mut Vec<(String, Span)>,
    out: &mut Vec<JsonBlock>,
) {
    let objects = match value.kind {
        ValueKind::List(items) => items
            .into_iter()
            .filter(|item| matches!(item.kind, ValueKind::Map(_)))
            .map(|item| (item.span, item))
            .collect(),
        ValueKind::Map(_) => vec![(span, value)],
        _ => Vec::new(),
    };
    for (span, object) in objects {
        if remaining == 0 {
            out.push(JsonBlock {
                labels: labels.clone(),
                span,
                body: object,
            });
            continue;
        }
        for entry in take_entries(object) {
            if entry.key == COMMENT_KEY {
                continue;
            }
            labels.push((entry.key, entry.key_span));
            collect_blocks(entry.value, entry.span, remaining - 1, labels, out);
            labels.pop();
        }
    }
}

/// The entries of a map value, or none.
fn take_entries(value: Value) -> Vec<Entry> {
    match value.kind {
        ValueKind::Map(entries) => entries,
        _ => Vec::new(),
    }
}

/// True when a property's value is written as nested blocks: an object (one block) or an array
/// of objects (several).
fn is_blocks(value: &Value) -> bool {
    match &value.kind {
        ValueKind::Map(_) => true,
        ValueKind::List(items) => items.iter().all(|i| matches!(i.kind, ValueKind::Map(_))),
        _ => false,
    }
}

/// The contents of a string that holds one expression: `aws.replica` or `${aws.replica}`.
fn bare_expression(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
        .map_or(s, str::trim)
}

/// The deepest bracket nesting of a text, counting every bracket (quotes included): an upper
/// bound of what the recursive HCL parsers will see.
fn raw_nesting(text: &str) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    for b in text.bytes() {
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Lowers the values of one `.tf.json` file.
struct JsonLower<'a> {
    /// The file's text.
    text: &'a str,
    /// The file.
    file: FileId,
}

impl JsonLower<'_> {
    /// A lowering context for values that need no template parsing.
    fn plain(&self) -> Lower<'_> {
        Lower {
            src: Src {
                text: self.text,
                file: self.file,
                fixed: None,
                offset: 0,
            },
            iterators: &[],
            reader: None,
        }
    }

    fn resource(&self, block: JsonBlock, is_data: bool) -> Option<Resource> {
        let [(type_name, _), (name, header)] = <[_; 2]>::try_from(block.labels).ok()?;
        let address = if is_data {
            format!("data.{type_name}.{name}")
        } else {
            format!("{type_name}.{name}")
        };
        let mut depends_on = Vec::new();
        let mut provider = None;
        for entry in block.body.entries() {
            match (entry.key.as_str(), &entry.value.kind) {
                ("depends_on", ValueKind::List(items)) => {
                    for item in items {
                        if let ValueKind::Str(s) = &item.kind
                            && let Some(address) = dependency(s)
                        {
                            depends_on.push((address, item.span));
                        }
                    }
                }
                ("provider", ValueKind::Str(s)) => provider = Some(bare_expression(s).to_string()),
                _ => {}
            }
        }
        // `count` and `for_each` stay in the body until expansion, as in HCL.
        let meta: Vec<Entry> = [("count", COUNT_KEY), ("for_each", FOR_EACH_KEY)]
            .into_iter()
            .filter_map(|(name, key)| {
                let entry = block.body.entry(name)?.clone();
                Some(Entry {
                    key: key.to_string(),
                    value: self.expr(entry.value, 1),
                    ..entry
                })
            })
            .collect();
        let mut body = self.body(block.body, block.span, 0, META_ARGUMENTS);
        if let ValueKind::Map(entries) = &mut body.kind {
            entries.extend(meta);
        }
        Some(Resource {
            address,
            type_name,
            is_data,
            header,
            span: block.span,
            body,
            depends_on,
            provider,
            exists_before_apply: false,
            unexpanded: None,
        })
    }

    fn provider(&self, block: JsonBlock) -> Option<Provider> {
        let (name, header) = block.labels.into_iter().next()?;
        let alias = block
            .body
            .get("alias")
            .and_then(Value::as_str)
            .map(bare_expression);
        let key = match alias {
            Some(alias) => format!("{name}.{alias}"),
            None => name,
        };
        Some(Provider {
            key,
            body: self.body(block.body, block.span, 0, &[]),
            header,
        })
    }

    /// Lowers a block body like [`Lower::body`]: attributes by key, nested blocks as lists of
    /// maps under their type, `dynamic` blocks as unknown; keys in `skip` and comments left out.
    fn body(&self, body: Value, span: Span, depth: usize, skip: &[&str]) -> Value {
        if depth > MAX_DEPTH {
            return unknown("nested too deeply", span);
        }
        let mut entries: Vec<Entry> = Vec::new();
        let mut block_entry: HashMap<String, usize> = HashMap::new();
        for Entry {
            key,
            key_span,
            span: entry_span,
            value,
        } in take_entries(body)
        {
            if key == COMMENT_KEY || skip.contains(&key.as_str()) {
                continue;
            }
            if key == "dynamic" && matches!(value.kind, ValueKind::Map(_)) {
                for (label, label_span, span) in dynamic_labels(&value) {
                    let written = format!("dynamic {label:?}");
                    entries.push(Entry {
                        key: label,
                        key_span: label_span,
                        span,
                        value: unknown(written, span),
                    });
                }
                continue;
            }
            if !(BLOCK_NAMES.contains(&key.as_str()) && is_blocks(&value)) {
                entries.push(Entry {
                    key,
                    key_span,
                    span: entry_span,
                    value: self.expr(value, depth + 1),
                });
                continue;
            }
            let lowered: Vec<Value> = match value.kind {
                ValueKind::Map(_) => vec![self.body(value, entry_span, depth + 1, &[])],
                ValueKind::List(items) => items
                    .into_iter()
                    .map(|b| {
                        let block_span = b.span;
                        self.body(b, block_span, depth + 1, &[])
                    })
                    .collect(),
                _ => Vec::new(),
            };
            if lowered.is_empty() {
                continue;
            }
            match block_entry.get(&key).and_then(|&i| entries.get_mut(i)) {
                Some(previous) => {
                    previous.span = previous.span.cover(entry_span);
                    previous.value.span = previous.span;
                    if let ValueKind::List(items) = &mut previous.value.kind {
                        items.extend(lowered);
                    }
                }
                None => {
                    block_entry.insert(key.clone(), entries.len());
                    entries.push(Entry {
                        key,
                        key_span,
                        span: entry_span,
                        value: Value::new(ValueKind::List(lowered), entry_span),
                    });
                }
            }
        }
        Value::new(ValueKind::Map(entries), span)
    }

    /// Lowers an expression: strings are templates, arrays lists, objects maps.
    fn expr(&self, value: Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return unknown("nested too deeply", value.span);
        }
        let span = value.span;
        let kind = match value.kind {
            ValueKind::Str(s) => return self.template(&s, span, depth),
            ValueKind::List(items) => ValueKind::List(
                items
                    .into_iter()
                    .map(|item| self.expr(item, depth + 1))
                    .collect(),
            ),
            ValueKind::Map(entries) => ValueKind::Map(
                entries
                    .into_iter()
                    .map(|e| Entry {
                        value: self.expr(e.value, depth + 1),
                        ..e
                    })
                    .collect(),
            ),
            other => other,
        };
        Value::new(kind, span)
    }

    /// Lowers a literal value (a variable default): strings are not templates, but a string
    /// holding JSON is read as such, as HCL does.
    fn literal(&self, value: Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return unknown("nested too deeply", value.span);
        }
        let span = value.span;
        let kind = match value.kind {
            ValueKind::Str(s) => return self.plain().quoted_string(&s, span),
            ValueKind::List(items) => ValueKind::List(
                items
                    .into_iter()
                    .map(|item| self.literal(item, depth + 1))
                    .collect(),
            ),
            ValueKind::Map(entries) => ValueKind::Map(
                entries
                    .into_iter()
                    .map(|e| Entry {
                        value: self.literal(e.value, depth + 1),
                        ..e
                    })
                    .collect(),
            ),
            other => other,
        };
        Value::new(kind, span)
    }

    /// A variable's `type`: a string holding the type constraint expression.
    fn type_constraint(&self, value: &Value) -> Option<Type> {
        let text = value.as_str()?;
        if raw_nesting(text) > MAX_NESTING {
            return None;
        }
        let expr = hcl_edit::parser::parse_expr(text).ok()?;
        let lower = Lower {
            src: Src {
                text,
                file: self.file,
                fixed: Some(value.span),
                offset: 0,
            },
            iterators: &[],
            reader: None,
        };
        Some(types::parse(&lower, &expr, DEF_DEPTH))
    }

    /// Lowers a JSON string (its token at `span`) as an HCL template. When the token has no
    /// escapes its offsets map one-to-one onto the file and the parts get exact spans; else
    /// every part gets the whole token's span.
    fn template(&self, s: &str, span: Span, depth: usize) -> Value {
        if !s.contains("${") && !s.contains("%{") {
            return self.plain().quoted_string(s, span);
        }
        if raw_nesting(s) > MAX_NESTING {
            return unknown("nested too deeply", span);
        }
        let template = match hcl_edit::parser::parse_template(s) {
            Ok(template) => StringTemplate::from(template),
            // Terraform rejects it too; shown as written.
            Err(_) => return unknown(shown_text(&format!("{s:?}")), span),
        };
        let (start, end) = (span.start as usize, span.end as usize);
        let inner = start
            .checked_add(1)
            .zip(end.checked_sub(1))
            .and_then(|(a, b)| self.text.get(a..b));
        if inner != Some(s) {
            let src = Src {
                text: s,
                file: self.file,
                fixed: Some(span),
                offset: 0,
            };
            return Lower {
                src,
                iterators: &[],
                reader: None,
            }
            .string_template(&template, span, depth);
        }
        // Lower with offsets relative to the string's contents, then move them into the file.
        let src = Src {
            text: s,
            file: self.file,
            fixed: None,
            offset: 0,
        };
        let whole = Span::new(self.file, 0, s.len());
        let mut value = Lower {
            src,
            iterators: &[],
            reader: None,
        }
        .string_template(&template, whole, depth);
        let shift = Shift {
            base: start + 1,
            whole,
            token: span,
        };
        shift.value(&mut value);
        value
    }
}

/// The labels of the blocks of a `dynamic` property: `{"LABEL": {...}}`, each with the span of
/// its key and of its property.
fn dynamic_labels(value: &Value) -> Vec<(String, Span, Span)> {
    value
        .entries()
        .iter()
        .filter(|e| e.key != COMMENT_KEY)
        .map(|e| (e.key.clone(), e.key_span, e.span))
        .collect()
}

/// The address a `depends_on` string names (`T.N`, `data.T.N`, `module.M`), as HCL reads it.
fn dependency(s: &str) -> Option<String> {
    let expr = bare_expression(s);
    if raw_nesting(expr) > MAX_NESTING {
        return None;
    }
    let parsed = hcl_edit::parser::parse_expr(expr).ok()?;
    dependency_address(&parsed)
}

/// Moves spans relative to a string's contents to the file: by `base`; a span covering the whole
/// contents becomes the token's span (quotes included).
struct Shift {
    base: usize,
    whole: Span,
    token: Span,
}

impl Shift {
    fn span(&self, span: &mut Span) {
        *span = if *span == self.whole {
            self.token
        } else {
            Span::new(
                span.file,
                self.base.saturating_add(span.start as usize),
                self.base.saturating_add(span.end as usize),
            )
        };
    }

    fn value(&self, value: &mut Value) {
        self.span(&mut value.span);
        match &mut value.kind {
            ValueKind::List(items) => items.iter_mut().for_each(|v| self.value(v)),
            ValueKind::Map(entries) => {
                for entry in entries {
                    self.span(&mut entry.key_span);
                    self.span(&mut entry.span);
                    self.value(&mut entry.value);
                }
            }
            _ => {}
        }
    }
}
