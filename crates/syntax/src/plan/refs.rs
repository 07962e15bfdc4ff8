//! References of a plan's `configuration` section resolved to the resource addresses of the
//! plan: the value a reference stands for, and the ordering edges (what a resource references
//! or lists in `depends_on`, which Terraform creates first).

use std::collections::HashSet;

use super::address::{ResourceRef, resource_address, resource_ref, words};
use crate::resource::ANY_RESOURCE;
use crate::value::{Reference, Value, ValueKind};
use repl_lint_source::Span;

/// How deep the expressions of a resource are walked for references (blocks in blocks).
const MAX_EXPRESSION_DEPTH: usize = 32;

/// Where a reference from a resource is resolved.
pub(super) struct RefContext<'a> {
    /// The referencing resource's module instance address (`module.a`), or "".
    pub module: String,
    /// The referencing resource's instance key (`[0]`).
    pub key: Option<&'a str>,
    /// Every resource address of the plan.
    pub known: &'a HashSet<&'a str>,
}

impl RefContext<'_> {
    /// The plan address a reference names: the module prefix added, and the instance key kept
    /// when the plan has that instance (a reference without key from instance `[k]` to a
    /// counted resource picks that resource's instance `[k]`).
    fn target(&self, parsed: &ResourceRef) -> String {
        let base = if self.module.is_empty() {
            parsed.base.clone()
        } else {
            format!("{}.{}", self.module, parsed.base)
        };
        let keyed = |k: &str| format!("{base}{k}");
        match (&parsed.key, self.key) {
            (Some(k), _) if self.known.contains(keyed(k).as_str()) => keyed(k),
            (Some(k), _) if !self.known.contains(base.as_str()) => keyed(k),
            (None, Some(k))
                if !self.known.contains(base.as_str())
                    && self.known.contains(keyed(k).as_str()) =>
            {
                keyed(k)
            }
            _ => base,
        }
    }

    /// The first reference of a configuration expression that names a resource attribute.
    pub fn reference(&self, expression: &Value) -> Option<Value> {
        let refs = expression.get("references")?;
        refs.items().iter().find_map(|r| {
            let parsed = resource_ref(r.as_str()?)?;
            Some(Value::new(
                ValueKind::reference(Reference {
                    target: self.target(&parsed),
                    attr: parsed.attr,
                }),
                r.span,
            ))
        })
    }

    /// The ordering edges of a configured resource: every address its `expressions` reference
    /// (inside blocks too) or its `depends_on` lists, each spanned at its string in the plan,
    /// once per target.
    pub fn ordering(
        &self,
        expressions: Option<&Value>,
        depends_on: Option<&Value>,
    ) -> Vec<(String, Span)> {
        let mut out = Vec::new();
        if let Some(expressions) = expressions {
            self.collect(expressions, 0, &mut out);
        }
        for item in depends_on.map_or(&[][..], Value::items) {
            self.edge(item, &mut out);
        }
        out
    }

    /// Walks a map of expressions (attribute → expression, block → list of maps).
    fn collect(&self, value: &Value, depth: usize, out: &mut Vec<(String, Span)>) {
        if depth > MAX_EXPRESSION_DEPTH {
            return;
        }
        match &value.kind {
            // An expression: its references, never the keys of its constant value.
            ValueKind::Map(_) if value.get("constant_value").is_some() => {}
            ValueKind::Map(_) if value.get("references").is_some() => {
                for r in value.get("references").map_or(&[][..], Value::items) {
                    self.edge(r, out);
                }
            }
            ValueKind::Map(entries) => {
                for e in entries {
                    self.collect(&e.value, depth + 1, out);
                }
            }
            ValueKind::List(items) => {
                for item in items {
                    self.collect(item, depth + 1, out);
                }
            }
            _ => {}
        }
    }

    /// The edge for one reference or `depends_on` string. A `local`, an input variable of a
    /// child module or a module's outputs may stand for any resource: [`ANY_RESOURCE`].
    /// Root variables, `each`, `count`, `path`, `self` and `terraform` order nothing.
    fn edge(&self, item: &Value, out: &mut Vec<(String, Span)>) {
        let Some(text) = item.as_str() else { return };
        let target = match words(text).first().map(|w| w.name) {
            Some("local" | "module") => ANY_RESOURCE.to_string(),
            Some("var") if !self.module.is_empty() => ANY_RESOURCE.to_string(),
            _ => match resource_address(text) {
                Some(parsed) => self.target(&parsed),
                None => return,
            },
        };
        if !out.iter().any(|(t, _)| *t == target) {
            out.push((target, item.span));
        }
    }
}
