//! Placeholders for `var.NAME`, `local.NAME` and `module.NAME.OUTPUT` uses.
//!
//! Each file is lowered before the module's variables and locals are known, so every use is
//! kept as a marked [`Reference`] that also records the traversal steps written after it;
//! [`super::vars`] later replaces each placeholder by the resolved value with those steps applied.
//!
//! The encoding is private to this front end. The target is the name (`var.x`); the first
//! `attr` element is [`MARK`] alone; the following elements are, in order:
//! - `MARK T text`: starts a group of steps whose failures are reported as `Unknown(text)`;
//! - `MARK # n`, `MARK $ key`, `MARK *`: a numeric index, a string index, any other index or splat;
//! - `MARK I text`: the interpolation's source text, for a placeholder inside a template;
//! - any other string: an attribute step.

use hcl_edit::expr::TraversalOperator;

use crate::value::{Reference, TextPart, Value, ValueKind};

/// The first `attr` element of a placeholder, and the prefix of its other non-attribute elements.
const MARK: &str = "\u{0}";

/// Prefix of a map key whose key expression uses a variable: the entry's value is then a
/// two-element list `[key value, value]` and the rest of the key is the key's source text.
pub(super) const KEY_MARK: &str = "\u{0}repl-lint:key\u{0}";

/// One traversal step after a value.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Step {
    /// `.name`.
    Attr(String),
    /// `[n]` or `.n` with a non-negative integer.
    Num(usize),
    /// `["key"]`.
    Key(String),
    /// Any other index, or a splat.
    Opaque,
}

impl Step {
    /// The step an HCL traversal operator takes.
    pub(super) fn of(op: &TraversalOperator) -> Step {
        match op {
            TraversalOperator::GetAttr(name) => Step::Attr(name.as_str().to_string()),
            TraversalOperator::LegacyIndex(i) => {
                usize::try_from(*i.value()).map_or(Step::Opaque, Step::Num)
            }
            TraversalOperator::Index(index) => {
                let num = index
                    .as_number()
                    .and_then(|n| n.as_u64())
                    .and_then(|n| usize::try_from(n).ok());
                match (num, index.as_str()) {
                    (Some(n), _) => Step::Num(n),
                    (None, Some(key)) => Step::Key(key.to_string()),
                    (None, None) => Step::Opaque,
                }
            }
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => Step::Opaque,
        }
    }

    /// The `attr` element encoding this step.
    fn encode(&self) -> String {
        match self {
            Step::Attr(name) => name.clone(),
            Step::Num(n) => format!("{MARK}#{n}"),
            Step::Key(key) => format!("{MARK}${key}"),
            Step::Opaque => format!("{MARK}*"),
        }
    }
}

/// A placeholder for the variable or local `key` (`var.x` / `local.x`), without steps.
pub(super) fn new(key: String) -> Reference {
    Reference {
        target: key,
        attr: vec![MARK.to_string()],
    }
}

/// True when the reference is a placeholder.
pub(super) fn is(r: &Reference) -> bool {
    r.attr.first().is_some_and(|a| a == MARK)
}

/// True when the value is a placeholder or a template with a placeholder part.
pub(super) fn pending(value: &Value) -> bool {
    match &value.kind {
        ValueKind::Ref(r) => is(r),
        ValueKind::Template(parts) => parts.iter().any(|p| matches!(p, TextPart::Ref(r) if is(r))),
        _ => false,
    }
}

/// Appends a group of steps, reported as `Unknown(text)` when they cannot be applied.
pub(super) fn push_steps(r: &mut Reference, text: String, steps: &[Step]) {
    r.attr.push(format!("{MARK}T{text}"));
    r.attr.extend(steps.iter().map(Step::encode));
}

/// Records the source text of the interpolation the placeholder stands in (replacing any).
pub(super) fn set_interpolation(r: &mut Reference, text: String) {
    r.attr
        .retain(|a| !a.strip_prefix(MARK).is_some_and(|t| t.starts_with('I')));
    r.attr.push(format!("{MARK}I{text}"));
}

/// A decoded placeholder.
#[derive(Debug, Default)]
pub(super) struct Decoded {
    /// Groups of steps, each with the text reported when one of its steps fails.
    pub groups: Vec<(String, Vec<Step>)>,
    /// The interpolation's source text, when inside a template.
    pub interpolation: Option<String>,
}

/// Reads the steps and texts of a placeholder.
pub(super) fn decode(r: &Reference) -> Decoded {
    let mut out = Decoded::default();
    for a in r.attr.iter().skip(1) {
        let Some(rest) = a.strip_prefix(MARK) else {
            push_step(&mut out, Step::Attr(a.clone()));
            continue;
        };
        let mut chars = rest.chars();
        let tag = chars.next();
        let body = chars.as_str();
        match tag {
            Some('T') => out.groups.push((body.to_string(), Vec::new())),
            Some('I') => out.interpolation = Some(body.to_string()),
            Some('#') => push_step(&mut out, body.parse().map_or(Step::Opaque, Step::Num)),
            Some('$') => push_step(&mut out, Step::Key(body.to_string())),
            _ => push_step(&mut out, Step::Opaque),
        }
    }
    out
}

/// Adds a step to the last group (opening one when there is none).
fn push_step(out: &mut Decoded, step: Step) {
    match out.groups.last_mut() {
        Some((_, steps)) => steps.push(step),
        None => out.groups.push((String::new(), vec![step])),
    }
}

/// Prefix of the key of an iterator placeholder: `each.key`, `each.value`, `count.index` and a
/// `dynamic` block's `NAME.key` / `NAME.value` are lowered as placeholders keyed
/// `ITER NAME.FIELD`, filled in when resources and blocks are expanded (see [`super::expand`]).
const ITER: &str = "\u{1}";

/// The placeholder key of an iterator field (`each`, `value` → `ITER each.value`).
pub(super) fn iter_key(name: &str, field: &str) -> String {
    format!("{ITER}{name}.{field}")
}

/// The iterator reference a placeholder key stands for (`each.value`), when it is one.
pub(super) fn iter_name(key: &str) -> Option<&str> {
    key.strip_prefix(ITER)
}

/// The module call and output a placeholder key names (`module.NAME.OUTPUT` → `NAME`,
/// `OUTPUT`), when it is a module output.
pub(super) fn module_output(key: &str) -> Option<(&str, &str)> {
    key.strip_prefix("module.")?.split_once('.')
}

/// True for the placeholder key of a module output.
pub(super) fn is_module_output(key: &str) -> bool {
    module_output(key).is_some()
}
