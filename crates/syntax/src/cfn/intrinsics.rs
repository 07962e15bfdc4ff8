//! Lowering of CloudFormation intrinsic functions (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`,
//! `Fn::If`, ...) into format-neutral [`Value`]s for one scenario of the template's conditions.
//!
//! Whatever cannot be known from the template stays symbolic (`Ref`, `Template` parts) or becomes
//! `Unknown(<function name>)`; nothing is guessed. Every recursion is bounded by [`MAX_DEPTH`].

use std::collections::{HashMap, HashSet};

use crate::value::{
    Entry, Reference, TextPart, Value, ValueKind, number_text, push_literal, push_value_text,
    shown_text, written,
};
use repl_lint_source::Span;

use super::conditions::{Binding, Scenario};

/// Deepest nesting of values and intrinsics lowered; anything deeper becomes `Unknown`.
pub const MAX_DEPTH: usize = 128;

/// The pseudo parameters: they stay symbolic (`Ref { target: "AWS::Region" }`).
pub const PSEUDO_PARAMETERS: &[&str] = &[
    "AWS::AccountId",
    "AWS::Region",
    "AWS::Partition",
    "AWS::StackName",
    "AWS::StackId",
    "AWS::URLSuffix",
    "AWS::NotificationARNs",
];

/// The reason given for values nested deeper than [`MAX_DEPTH`].
const TOO_DEEP: &str = "nesting too deep";

/// What a template declares that intrinsics can look up.
pub(crate) struct Lowerer<'a> {
    /// Logical IDs of the resources.
    resources: HashSet<&'a str>,
    /// Parameter declarations by name.
    parameters: HashMap<&'a str, &'a Value>,
    /// The `Mappings` section.
    mappings: Option<&'a Value>,
    /// Which conditions hold (a missing one is unknown) and the parameters they constrain.
    scenario: &'a Scenario,
    /// The template's text, which an unknown intrinsic is shown as.
    text: &'a str,
}

impl<'a> Lowerer<'a> {
    /// Collects resources, parameters and mappings from a template root parsed from `text`.
    pub(crate) fn new(root: &'a Value, text: &'a str, scenario: &'a Scenario) -> Lowerer<'a> {
        let resources = root
            .get("Resources")
            .map(|r| r.entries().iter().map(|e| e.key.as_str()).collect())
            .unwrap_or_default();
        let parameters = root
            .get("Parameters")
            .map(|p| {
                p.entries()
                    .iter()
                    .map(|e| (e.key.as_str(), &e.value))
                    .collect()
            })
            .unwrap_or_default();
        Lowerer {
            resources,
            parameters,
            mappings: root.get("Mappings"),
            scenario,
            text,
        }
    }

    /// Lowers a value; `None` means the value is removed (`AWS::NoValue`).
    pub(crate) fn lower(&self, v: &Value, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return Some(unknown(TOO_DEEP, v.span));
        }
        match &v.kind {
            ValueKind::Map(entries) => {
                if let [only] = entries.as_slice()
                    && is_intrinsic(&only.key)
                {
                    let lowered = self.intrinsic(&only.key, &only.value, v.span, depth + 1);
                    return lowered.map(|value| self.as_written(value));
                }
                let lowered = entries
                    .iter()
                    .filter_map(|e| {
                        self.lower(&e.value, depth + 1).map(|value| Entry {
                            key: e.key.clone(),
                            key_span: e.key_span,
                            span: e.span,
                            value,
                        })
                    })
                    .collect();
                Some(Value::new(ValueKind::Map(lowered), v.span))
            }
            ValueKind::List(items) => {
                let lowered = items
                    .iter()
                    .filter_map(|item| self.lower(item, depth + 1))
                    .collect();
                Some(Value::new(ValueKind::List(lowered), v.span))
            }
            _ => Some(v.clone()),
        }
    }

    /// An unknown value shown as the source text it was lowered from (`!ImportValue shared`);
    /// anything else as is.
    fn as_written(&self, value: Value) -> Value {
        match value.kind {
            ValueKind::Unknown(_) => {
                let written = self
                    .text
                    .get(value.span.start as usize..value.span.end as usize);
                match written {
                    Some(text) if !text.trim().is_empty() => {
                        Value::new(ValueKind::Unknown(shown_text(text)), value.span)
                    }
                    _ => value,
                }
            }
            _ => value,
        }
    }

    /// Lowers one intrinsic `{name: arg}` written at `span`.
    fn intrinsic(&self, name: &str, arg: &Value, span: Span, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return Some(unknown(TOO_DEEP, span));
        }
        let result = match name {
            "Ref" => match arg.as_str() {
                Some(target) => return self.reference(target, span, depth),
                None => unknown("Ref", span),
            },
            "Fn::GetAtt" => self.get_att(arg, span, depth),
            "Fn::Sub" => self.sub(arg, span, depth),
            "Fn::Join" => self.join(arg, span, depth),
            "Fn::Select" => return self.select(arg, span, depth),
            "Fn::Split" => self.split(arg, span, depth),
            "Fn::FindInMap" => return self.find_in_map(arg, span, depth),
            "Fn::If" => return self.if_(arg, span, depth),
            "Fn::Base64" => match self.lower(arg, depth) {
                Some(Value {
                    kind: ValueKind::Str(s),
                    ..
                }) => Value::new(ValueKind::Str(s), span),
                _ => unknown(name, span),
            },
            _ => unknown(name, span),
        };
        Some(result)
    }

    /// `Ref`: a resource, a parameter, a pseudo parameter, or `AWS::NoValue` (removed).
    fn reference(&self, target: &str, span: Span, depth: usize) -> Option<Value> {
        if target == "AWS::NoValue" {
            return None;
        }
        if PSEUDO_PARAMETERS.contains(&target) || self.resources.contains(target) {
            return Some(reference(target, vec![], span));
        }
        if let Some(decl) = self.parameters.get(target) {
            return Some(self.parameter(target, decl, span, depth));
        }
        // Declared nowhere: left for the linker to report.
        Some(reference(target, vec![], span))
    }

    /// The value of parameter `name` when the template alone decides it: the value the
    /// scenario's conditions force, else its default (or its only allowed value) unless the
    /// conditions rule that out.
    fn parameter(&self, name: &str, decl: &Value, span: Span, depth: usize) -> Value {
        let symbolic = || reference(&format!("Parameter::{name}"), vec![], span);
        let ty = decl.get("Type").and_then(Value::as_str).unwrap_or("String");
        // An SSM parameter's default is the parameter's *name* in Parameter Store, not its value.
        let ssm = ty.starts_with("AWS::SSM::Parameter::Value");
        let forced;
        let chosen = match (
            self.scenario.parameters.get(name),
            decl.get("Default"),
            decl.get("AllowedValues"),
        ) {
            (Some(Binding::Unknown), _, _) => return symbolic(),
            (Some(Binding::Value(value)), _, _) => {
                forced = Value::new(ValueKind::Str(value.clone()), span);
                &forced
            }
            (None, _, _) if ssm => return symbolic(),
            (None, Some(default), _) => default,
            (None, None, Some(allowed)) if allowed.items().len() == 1 => &allowed.items()[0],
            _ => return symbolic(),
        };
        let is_list = ty == "CommaDelimitedList" || ty.starts_with("List<");
        match (&chosen.kind, is_list) {
            (ValueKind::Str(s), true) => {
                let items = s
                    .split(',')
                    .map(|p| Value::new(ValueKind::Str(p.trim().to_string()), span))
                    .collect();
                Value::new(ValueKind::List(items), span)
            }
            _ => respan(chosen, span, depth),
        }
    }

    /// `Fn::GetAtt`: `[A, B]` or `"A.B"` (B kept whole, dots included).
    fn get_att(&self, arg: &Value, span: Span, depth: usize) -> Value {
        let (target, attr) = match &arg.kind {
            ValueKind::Str(s) => match s.split_once('.') {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => return unknown("Fn::GetAtt", span),
            },
            ValueKind::List(items) if items.len() == 2 => {
                let a = items[0].as_str();
                let b = self.lower(&items[1], depth + 1);
                match (a, b.as_ref().and_then(Value::as_str)) {
                    (Some(a), Some(b)) => (a.to_string(), b.to_string()),
                    _ => return unknown("Fn::GetAtt", span),
                }
            }
            _ => return unknown("Fn::GetAtt", span),
        };
        reference(&target, vec![attr], span)
    }

    /// `Fn::Sub`: `"text"` or `[text, {vars}]`.
    fn sub(&self, arg: &Value, span: Span, depth: usize) -> Value {
        let (text, vars) = match &arg.kind {
            ValueKind::Str(s) => (s.as_str(), None),
            ValueKind::List(items) if items.len() == 2 => match items[0].as_str() {
                Some(s) => (s, Some(&items[1])),
                None => return unknown("Fn::Sub", span),
            },
            _ => return unknown("Fn::Sub", span),
        };
        let mut parts = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find("${") {
            push_literal(&mut parts, &rest[..open]);
            let after = &rest[open + 2..];
            let Some(close) = after.find('}') else {
                // No closing brace: the rest is literal text.
                push_literal(&mut parts, &rest[open..]);
                rest = "";
                break;
            };
            let inner = &after[..close];
            rest = &after[close + 1..];
            if let Some(literal) = inner.strip_prefix('!') {
                push_literal(&mut parts, &format!("${{{literal}}}"));
                continue;
            }
            let name = inner.trim();
            let var = vars.and_then(|v| v.get(name));
            let value = if let Some(var) = var {
                self.lower(var, depth + 1)
            } else if let Some((a, b)) = name.split_once('.') {
                Some(reference(a, vec![b.to_string()], span))
            } else {
                self.reference(name, span, depth + 1)
            };
            splice(&mut parts, value, &format!("${{{name}}}"));
        }
        push_literal(&mut parts, rest);
        text_value(parts, span)
    }

    /// `Fn::Join [delim, [items]]`: known only when the list itself is a literal list.
    fn join(&self, arg: &Value, span: Span, depth: usize) -> Value {
        let [delim, list] = arg.items() else {
            return unknown("Fn::Join", span);
        };
        let delim = self.lower(delim, depth + 1);
        let list = self.lower(list, depth + 1);
        let (Some(delim), Some(list)) = (delim.as_ref().and_then(Value::as_str), list) else {
            return unknown("Fn::Join", span);
        };
        let ValueKind::List(items) = list.kind else {
            return unknown("Fn::Join", span);
        };
        let mut parts = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                push_literal(&mut parts, delim);
            }
            let written = written(&item);
            splice(&mut parts, Some(item), &written);
        }
        text_value(parts, span)
    }

    /// `Fn::Select [index, list]`: the element when both are known.
    fn select(&self, arg: &Value, span: Span, depth: usize) -> Option<Value> {
        let [index, list] = arg.items() else {
            return Some(unknown("Fn::Select", span));
        };
        let index = self.lower(index, depth + 1).and_then(|i| i.as_number());
        let list = self.lower(list, depth + 1);
        let chosen = match (index, list) {
            (
                Some(i),
                Some(Value {
                    kind: ValueKind::List(items),
                    ..
                }),
            ) if i >= 0.0 && i.fract() == 0.0 => items.into_iter().nth(i as usize),
            _ => None,
        };
        Some(match chosen {
            Some(v) => with_span(v, span),
            None => unknown("Fn::Select", span),
        })
    }

    /// `Fn::Split [delim, text]`: a list of strings when both are literal.
    fn split(&self, arg: &Value, span: Span, depth: usize) -> Value {
        let [delim, text] = arg.items() else {
            return unknown("Fn::Split", span);
        };
        let delim = self.lower(delim, depth + 1);
        let text = self.lower(text, depth + 1);
        match (
            delim.as_ref().and_then(Value::as_str),
            text.as_ref().and_then(Value::as_str),
        ) {
            (Some(d), Some(t)) if !d.is_empty() => {
                let items = t
                    .split(d)
                    .map(|p| Value::new(ValueKind::Str(p.to_string()), span))
                    .collect();
                Value::new(ValueKind::List(items), span)
            }
            _ => unknown("Fn::Split", span),
        }
    }

    /// `Fn::FindInMap [map, top, second]` with an optional `{DefaultValue: x}`.
    fn find_in_map(&self, arg: &Value, span: Span, depth: usize) -> Option<Value> {
        let items = arg.items();
        if !(3..=4).contains(&items.len()) {
            return Some(unknown("Fn::FindInMap", span));
        }
        let mut keys = Vec::with_capacity(3);
        for key in &items[..3] {
            match self.lower(key, depth + 1).as_ref().and_then(key_text) {
                Some(k) => keys.push(k),
                // A key the template cannot decide: neither the entry nor the default is known.
                None => return Some(unknown("Fn::FindInMap", span)),
            }
        }
        let found = self
            .mappings
            .and_then(|m| m.get(&keys[0]))
            .and_then(|m| m.get(&keys[1]))
            .and_then(|m| m.get(&keys[2]));
        if let Some(found) = found {
            return Some(respan(found, span, depth));
        }
        match items.get(3).and_then(|o| o.get("DefaultValue")) {
            Some(default) => self.lower(default, depth + 1).map(|v| with_span(v, span)),
            None => Some(unknown("Fn::FindInMap", span)),
        }
    }

    /// `Fn::If [condition, then, else]` for the scenario (an unknown condition: `Unknown`).
    fn if_(&self, arg: &Value, span: Span, depth: usize) -> Option<Value> {
        let [cond, then, otherwise] = arg.items() else {
            return Some(unknown("Fn::If", span));
        };
        let branch = match cond.as_str().and_then(|c| self.scenario.conditions.get(c)) {
            Some(true) => then,
            Some(false) => otherwise,
            None => return Some(unknown("Fn::If", span)),
        };
        self.lower(branch, depth + 1).map(|v| with_span(v, span))
    }
}

/// True for a key that makes a one-entry map an intrinsic function.
fn is_intrinsic(key: &str) -> bool {
    key == "Ref" || key.starts_with("Fn::")
}

fn unknown(reason: &str, span: Span) -> Value {
    Value::new(ValueKind::Unknown(reason.to_string()), span)
}

fn reference(target: &str, attr: Vec<String>, span: Span) -> Value {
    Value::new(
        ValueKind::reference(Reference {
            target: target.to_string(),
            attr,
        }),
        span,
    )
}

fn with_span(mut v: Value, span: Span) -> Value {
    v.span = span;
    v
}

/// A copy of a literal (parameter default, mapping entry) located at the use site, depth-bounded.
fn respan(v: &Value, span: Span, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return unknown(TOO_DEEP, span);
    }
    let kind = match &v.kind {
        ValueKind::List(items) => ValueKind::List(
            items
                .iter()
                .map(|item| respan(item, span, depth + 1))
                .collect(),
        ),
        ValueKind::Map(entries) => ValueKind::Map(
            entries
                .iter()
                .map(|e| Entry {
                    key: e.key.clone(),
                    key_span: span,
                    span,
                    value: respan(&e.value, span, depth + 1),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Value::new(kind, span)
}

/// A mapping key as text: strings, and numbers / booleans as written in YAML.
fn key_text(v: &Value) -> Option<String> {
    match &v.kind {
        ValueKind::Str(s) => Some(s.clone()),
        ValueKind::Number(n) => Some(number_text(*n)),
        ValueKind::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Appends a lowered value to a text: literals as text, references as `Ref` parts, the rest
/// as `Unknown` (named `what` unless the value carries its own reason).
fn splice(parts: &mut Vec<TextPart>, value: Option<Value>, what: &str) {
    match value {
        // An unknown `Fn::Sub` variable reads as it is written in the text, `${Name}`.
        Some(value) if what.starts_with("${") && value.is_unknown() => {
            parts.push(TextPart::Unknown(what.to_string()))
        }
        Some(value) => push_value_text(parts, value, || what.to_string()),
        None => parts.push(TextPart::Unknown(what.to_string())),
    }
}

/// `Str` when every part is literal, `Ref` for a lone reference, else `Template`.
fn text_value(parts: Vec<TextPart>, span: Span) -> Value {
    match parts.as_slice() {
        [] => Value::new(ValueKind::Str(String::new()), span),
        [TextPart::Lit(s)] => Value::new(ValueKind::Str(s.clone()), span),
        // `!Sub "${X}"` is `!Ref X` and `!Sub "${X.Arn}"` is `!GetAtt X.Arn`.
        [TextPart::Ref(r)] => Value::new(ValueKind::Ref(r.clone()), span),
        _ => Value::new(ValueKind::Template(parts), span),
    }
}
