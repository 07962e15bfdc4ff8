//! Module-wide names: `variable` defaults, values from tfvars files, and `locals`, resolved
//! lazily (on first use) with memoisation, cycle detection and a depth limit.

use std::cell::RefCell;
use std::collections::HashMap;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body, Structure};

use super::expr::{Lower, Src};
use crate::model::value::{Value, ValueKind};

/// How many variable/local resolutions may be in progress inside each other.
const MAX_RESOLVE_DEPTH: usize = 32;

/// Where a variable's or local's value is written.
#[derive(Clone)]
pub(super) enum Def<'a> {
    /// An HCL expression (a `default`, a `locals` attribute or a `.tfvars` assignment).
    Hcl(&'a Expression, Src<'a>),
    /// A value from a JSON variables file, already lowered.
    Json(Value),
}

/// Variables and locals of one module.
#[derive(Default)]
pub(super) struct Scope<'a> {
    vars: HashMap<String, Def<'a>>,
    locals: HashMap<String, Def<'a>>,
    cache: RefCell<HashMap<String, Value>>,
    active: RefCell<Vec<String>>,
}

impl<'a> Scope<'a> {
    /// Records the `variable` defaults and `locals` of one `.tf` file.
    pub(super) fn declare(&mut self, body: &'a Body, src: Src<'a>) {
        for block in body.blocks() {
            match block.ident.as_str() {
                "variable" => {
                    let Some(name) = block.labels.first() else {
                        continue;
                    };
                    if let Some(default) = block.body.get_attribute("default") {
                        self.vars
                            .entry(name.as_str().to_string())
                            .or_insert(Def::Hcl(&default.value, src));
                    }
                }
                "locals" => {
                    for attr in block.body.attributes() {
                        self.locals
                            .insert(attr.key.as_str().to_string(), Def::Hcl(&attr.value, src));
                    }
                }
                _ => {}
            }
        }
    }

    /// Applies the assignments of an HCL variables file (later calls win).
    pub(super) fn assign_hcl(&mut self, body: &'a Body, src: Src<'a>) {
        for structure in body.iter() {
            if let Structure::Attribute(attr) = structure {
                self.vars
                    .insert(attr.key.as_str().to_string(), Def::Hcl(&attr.value, src));
            }
        }
    }

    /// Applies the top-level keys of a JSON variables file (later calls win).
    pub(super) fn assign_json(&mut self, value: Value) {
        if let ValueKind::Map(entries) = value.kind {
            for entry in entries {
                self.vars.insert(entry.key, Def::Json(entry.value));
            }
        }
    }
}

impl Lower<'_> {
    /// The value of `var.NAME` (`kind` = "var") or `local.NAME` (`kind` = "local"), or `None`
    /// when no value is declared. Spans are those of the definition.
    pub(super) fn resolve(&self, kind: &str, name: &str, depth: usize) -> Option<Value> {
        let scope = self.scope;
        let key = format!("{kind}.{name}");
        if let Some(v) = scope.cache.borrow().get(&key) {
            return Some(v.clone());
        }
        let def = if kind == "var" {
            scope.vars.get(name)
        } else {
            scope.locals.get(name)
        }?;
        let (expr, src) = match def {
            Def::Json(v) => return Some(v.clone()),
            Def::Hcl(expr, src) => (*expr, *src),
        };
        let span = src.span_of(expr_span(expr));
        {
            let active = scope.active.borrow();
            if active.contains(&key) {
                return Some(Value::new(
                    ValueKind::Unknown(format!("cycle through {key}")),
                    span,
                ));
            }
            if active.len() >= MAX_RESOLVE_DEPTH {
                return Some(Value::new(
                    ValueKind::Unknown(format!("{key}: references nested too deeply")),
                    span,
                ));
            }
        }
        scope.active.borrow_mut().push(key.clone());
        let value = Lower { scope, src }.expr(expr, depth + 1);
        scope.active.borrow_mut().pop();
        scope.cache.borrow_mut().insert(key, value.clone());
        Some(value)
    }
}

fn expr_span(expr: &Expression) -> Option<std::ops::Range<usize>> {
    hcl_edit::Span::span(expr)
}
