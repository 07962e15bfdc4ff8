//! Format-neutral values with spans: what every parser lowers a resource body into.
//!
//! A value remembers where it came from. Strings that cannot be fully resolved stay symbolic
//! (`Template` with `Ref`/`Unknown` parts); nothing is ever guessed.

use repl_lint_source::Span;

/// A value and the span of the text that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// What the value is.
    pub kind: ValueKind,
    /// Where it was written (for a substituted variable: where the variable was used).
    pub span: Span,
}

/// The shapes a value can take.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A fully known string.
    Str(String),
    /// A string with symbolic parts, e.g. `arn:aws:s3:::${var.x}/*`.
    Template(Vec<TextPart>),
    /// A whole-value reference to another object's attribute (`aws_iam_role.r.arn`, `!GetAtt R.Arn`),
    /// boxed: a value is as large as its largest kind, and most values are not references.
    Ref(Box<Reference>),
    /// A list (also: repeated HCL blocks, one element per block).
    List(Vec<Value>),
    /// An ordered map (objects, resource bodies, HCL blocks).
    Map(Vec<Entry>),
    /// A value that cannot be known from the files, with the reason.
    Unknown(String),
}

/// One piece of a [`ValueKind::Template`].
#[derive(Debug, Clone, PartialEq)]
pub enum TextPart {
    /// Literal text.
    Lit(String),
    /// An interpolated reference (boxed, as in [`ValueKind::Ref`]).
    Ref(Box<Reference>),
    /// An interpolation that could not be resolved (the reason / source text).
    Unknown(String),
}

impl ValueKind {
    /// A whole-value reference.
    pub fn reference(reference: Reference) -> ValueKind {
        ValueKind::Ref(Box::new(reference))
    }
}

impl TextPart {
    /// An interpolated reference.
    pub fn reference(reference: Reference) -> TextPart {
        TextPart::Ref(Box::new(reference))
    }
}

/// Appends literal text to template parts, merged with a preceding literal.
pub fn push_literal(parts: &mut Vec<TextPart>, text: &str) {
    if let Some(TextPart::Lit(prev)) = parts.last_mut() {
        prev.push_str(text);
    } else if !text.is_empty() {
        parts.push(TextPart::Lit(text.to_string()));
    }
}

/// Appends a value to template parts: strings, numbers and booleans as text, a reference as a
/// `Ref` part, a template's parts in place, an unknown with its reason; a null, list or map
/// cannot become text and is appended as `Unknown(describe())`.
pub fn push_value_text(parts: &mut Vec<TextPart>, value: Value, describe: impl FnOnce() -> String) {
    match value.kind {
        ValueKind::Str(s) => push_literal(parts, &s),
        ValueKind::Number(n) => push_literal(parts, &number_text(n)),
        ValueKind::Bool(b) => push_literal(parts, if b { "true" } else { "false" }),
        ValueKind::Ref(r) => parts.push(TextPart::Ref(r)),
        ValueKind::Template(inner) => {
            for part in inner {
                match part {
                    TextPart::Lit(s) => push_literal(parts, &s),
                    other => parts.push(other),
                }
            }
        }
        ValueKind::Unknown(reason) => parts.push(TextPart::Unknown(reason)),
        ValueKind::Null | ValueKind::List(_) | ValueKind::Map(_) => {
            parts.push(TextPart::Unknown(describe()))
        }
    }
}

/// Longest source text an unknown keeps for messages; longer text ends with an ellipsis.
pub const MAX_SHOWN: usize = 80;

/// Source text as a message shows it: on one line (runs of white space become one space),
/// trimmed, and cut after [`MAX_SHOWN`] characters with an ellipsis.
pub fn shown_text(raw: &str) -> String {
    let mut out = String::new();
    for word in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.len() > 4 * MAX_SHOWN {
            break;
        }
    }
    if out.chars().count() > MAX_SHOWN {
        out = out.chars().take(MAX_SHOWN).collect();
        out.push('…');
    }
    out
}

/// A value as a message shows it when its source text is not at hand (a list or map where a
/// string was expected): Terraform notation, shortened like [`shown_text`].
pub fn written(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out, 0);
    shown_text(&out)
}

fn write_value(value: &Value, out: &mut String, depth: usize) {
    if depth > 8 || out.len() > 4 * MAX_SHOWN {
        out.push('…');
        return;
    }
    match &value.kind {
        ValueKind::Null => out.push_str("null"),
        ValueKind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        ValueKind::Number(n) => out.push_str(&number_text(*n)),
        ValueKind::Str(s) => out.push_str(&format!("{s:?}")),
        ValueKind::Template(parts) => {
            out.push('"');
            for part in parts {
                match part {
                    TextPart::Lit(s) => out.push_str(s),
                    TextPart::Ref(r) => out.push_str(&format!("${{{}}}", r.display())),
                    TextPart::Unknown(text) => out.push_str(&format!("${{{text}}}")),
                }
            }
            out.push('"');
        }
        ValueKind::Ref(r) => out.push_str(&r.display()),
        ValueKind::Unknown(text) => out.push_str(text),
        ValueKind::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(item, out, depth + 1);
            }
            out.push(']');
        }
        ValueKind::Map(entries) => {
            out.push('{');
            for (i, entry) in entries.iter().enumerate() {
                out.push_str(if i > 0 { ", " } else { " " });
                out.push_str(&entry.key);
                out.push_str(" = ");
                write_value(&entry.value, out, depth + 1);
            }
            out.push_str(if entries.is_empty() { "}" } else { " }" });
        }
    }
}

/// A string converted to a boolean (`"true"`/`"1"`, `"false"`/`"0"`, and either word in any
/// case), or `None` when it is no boolean.
pub fn string_to_bool(s: &str) -> Option<bool> {
    match s {
        "1" => Some(true),
        "0" => Some(false),
        _ if s.eq_ignore_ascii_case("true") => Some(true),
        _ if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A string converted to a number: a finite decimal number with an optional sign, fraction and
/// exponent and no surrounding space (as Terraform parses it); `None` otherwise.
pub fn string_to_number(s: &str) -> Option<f64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let decimal = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    decimal
        .then(|| s.parse::<f64>().ok())
        .flatten()
        .filter(|n| n.is_finite())
}

/// A number as it reads inside a string: integers without a decimal point.
pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A reference to an attribute of a named object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    /// What is referenced: a resource address (`aws_s3_bucket.src`, `data.aws_iam_policy_document.p`),
    /// an unresolved variable (`var.name`), a module (`module.m`) or a CloudFormation logical ID.
    pub target: String,
    /// The attribute path after the target (`["arn"]`; empty for a bare reference).
    pub attr: Vec<String>,
}

impl Reference {
    /// The first attribute name, or "" for a bare reference.
    pub fn attr_name(&self) -> &str {
        self.attr.first().map_or("", String::as_str)
    }

    /// The reference as written in Terraform style: `target.attr1.attr2`, `target[0]`; a CloudFormation
    /// parameter (`Parameter::P`) by its name, as `!Ref P` and `${P}` write it.
    pub fn display(&self) -> String {
        let mut s = self
            .target
            .strip_prefix("Parameter::")
            .unwrap_or(&self.target)
            .to_string();
        for a in &self.attr {
            if !a.starts_with('[') {
                s.push('.');
            }
            s.push_str(a);
        }
        s
    }
}

/// One key of a map, with the spans of the key and of the whole `key = value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: String,
    /// The key's span (for a block: its type identifier).
    pub key_span: Span,
    /// The whole attribute or block.
    pub span: Span,
    /// The value.
    pub value: Value,
}

impl Value {
    /// A value of `kind` at `span`.
    pub fn new(kind: ValueKind, span: Span) -> Value {
        Value { kind, span }
    }

    /// The entries of a map, or none.
    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            ValueKind::Map(e) => e,
            _ => &[],
        }
    }

    /// The entry for `key` in a map (the last one wins, as in JSON).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().rev().find(|e| e.key == key)
    }

    /// The value for `key` in a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entry(key).map(|e| &e.value)
    }

    /// The value at a path of keys, descending into single-element lists (HCL blocks).
    pub fn path(&self, keys: &[&str]) -> Option<&Value> {
        let mut cur = self;
        for k in keys {
            cur = cur.single().get(k)?;
        }
        Some(cur)
    }

    /// For a one-element list (a block written once), its element; otherwise the value itself.
    pub fn single(&self) -> &Value {
        match &self.kind {
            ValueKind::List(items) if items.len() == 1 => &items[0],
            _ => self,
        }
    }

    /// The elements of a list; a non-list value counts as a list of itself; null as empty.
    pub fn items(&self) -> &[Value] {
        match &self.kind {
            ValueKind::List(items) => items,
            ValueKind::Null => &[],
            _ => std::slice::from_ref(self),
        }
    }

    /// The string when fully known.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean when known, converted as Terraform converts a value for a `bool` argument:
    /// the strings `"true"`/`"1"` and `"false"`/`"0"` are booleans too (CloudFormation's
    /// `"True"`/`"False"` are accepted as well). Anything else, unknown included, is `None`.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            ValueKind::Bool(b) => Some(*b),
            ValueKind::Str(s) => string_to_bool(s),
            _ => None,
        }
    }

    /// The number when known, converted as Terraform converts a value for a `number` argument:
    /// a string that is a decimal number (`"15"`, `"-1.5"`, `"1e3"`) is that number.
    pub fn as_number(&self) -> Option<f64> {
        match &self.kind {
            ValueKind::Number(n) => Some(*n),
            ValueKind::Str(s) => string_to_number(s),
            _ => None,
        }
    }

    /// True when the value is unknown, or a reference or template that a rule cannot read as a literal.
    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, ValueKind::Unknown(_))
    }

    /// Gives this value and everything inside it one span (for a document decoded from an
    /// escaped string, whose inner offsets do not map onto the file).
    pub fn respan(&mut self, span: Span) {
        let mut stack: Vec<&mut Value> = vec![self];
        while let Some(v) = stack.pop() {
            v.span = span;
            match &mut v.kind {
                ValueKind::List(items) => stack.extend(items.iter_mut()),
                ValueKind::Map(entries) => stack.extend(entries.iter_mut().map(|e| {
                    e.key_span = span;
                    e.span = span;
                    &mut e.value
                })),
                _ => {}
            }
        }
    }

    /// Every reference inside this value (deeply), in order, with the span of the value that
    /// holds it (for a template: the whole template).
    pub fn references(&self) -> Vec<(&Reference, Span)> {
        let mut out = Vec::new();
        self.collect_references(&mut out);
        out
    }

    fn collect_references<'a>(&'a self, out: &mut Vec<(&'a Reference, Span)>) {
        match &self.kind {
            ValueKind::Ref(r) => out.push((r.as_ref(), self.span)),
            ValueKind::Template(parts) => out.extend(parts.iter().filter_map(|p| match p {
                TextPart::Ref(r) => Some((r.as_ref(), self.span)),
                _ => None,
            })),
            ValueKind::List(items) => items.iter().for_each(|v| v.collect_references(out)),
            ValueKind::Map(entries) => entries.iter().for_each(|e| e.value.collect_references(out)),
            _ => {}
        }
    }
}

#[cfg(test)]
#[path = "value_tests.rs"]
mod tests;
