//! Module-wide names: `variable` defaults, values from tfvars files, and `locals`, resolved
//! with memoisation, cycle detection and a depth limit. [`Scope::resolve_all`] fills the cache
//! up front so that resources can then be lowered in parallel, reading it only.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body, Structure};

use super::expr::{Lower, Src};
use crate::model::value::{Value, ValueKind};

/// How many variable/local resolutions may be in progress inside each other.
const MAX_RESOLVE_DEPTH: usize = 32;

/// How many value nodes substitutions may copy in one module. Locals that each use another
/// local several times grow exponentially; past this budget uses become `Unknown`.
const SUBSTITUTION_BUDGET: usize = 2_000_000;

/// Where a variable's or local's value is written.
#[derive(Clone)]
pub(super) enum Def<'a> {
    /// An HCL expression (a `default`, a `locals` attribute or a `.tfvars` assignment).
    Hcl(&'a Expression, Src<'a>),
    /// A value from a JSON variables file, already lowered.
    Json(Value),
}

/// Variables and locals of one module.
pub(super) struct Scope<'a> {
    vars: HashMap<String, Def<'a>>,
    locals: HashMap<String, Def<'a>>,
    /// Resolved values with their node counts.
    cache: RwLock<HashMap<String, (Value, usize)>>,
    /// The resolutions in progress (only used while resolving sequentially).
    active: Mutex<Vec<String>>,
    budget: AtomicUsize,
}

impl Default for Scope<'_> {
    fn default() -> Self {
        Scope {
            vars: HashMap::new(),
            locals: HashMap::new(),
            cache: RwLock::default(),
            active: Mutex::default(),
            budget: AtomicUsize::new(SUBSTITUTION_BUDGET),
        }
    }
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

    /// Resolves every variable and local once, in order, so that later lookups only read the
    /// cache (and may run on several threads).
    pub(super) fn resolve_all(&self, src: Src<'a>) {
        let lower = Lower { scope: self, src };
        let mut names: Vec<(&str, &String)> = self.vars.keys().map(|k| ("var", k)).collect();
        names.extend(self.locals.keys().map(|k| ("local", k)));
        names.sort();
        for (kind, name) in names {
            let _ = lower.resolve(kind, name, 0);
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
        let cached = scope
            .cache
            .read()
            .ok()
            .and_then(|cache| cache.get(&key).map(|(v, size)| (v.clone(), *size)));
        if let Some((value, size)) = cached {
            if !self.charge(size) {
                return Some(too_large(&key, value.span));
            }
            return Some(value);
        }
        let def = if kind == "var" {
            scope.vars.get(name)
        } else {
            scope.locals.get(name)
        }?;
        let (expr, src) = match def {
            Def::Json(v) => {
                return Some(if self.charge(count_nodes(v)) {
                    v.clone()
                } else {
                    too_large(&key, v.span)
                });
            }
            Def::Hcl(expr, src) => (*expr, *src),
        };
        let span = src.span_of(hcl_edit::Span::span(expr));
        {
            let Ok(active) = scope.active.lock() else {
                return Some(Value::new(ValueKind::Unknown(key), span));
            };
            if active.contains(&key) {
                return Some(Value::new(
                    ValueKind::Unknown(format!("cycle through {key}")),
                    span,
                ));
            }
            if active.len() >= MAX_RESOLVE_DEPTH {
                let reason = format!("{key}: references nested too deeply");
                return Some(Value::new(ValueKind::Unknown(reason), span));
            }
        }
        if let Ok(mut active) = scope.active.lock() {
            active.push(key.clone());
        }
        let value = Lower { scope, src }.expr(expr, depth + 1);
        if let Ok(mut active) = scope.active.lock() {
            active.pop();
        }
        let size = count_nodes(&value);
        if let Ok(mut cache) = scope.cache.write() {
            cache.insert(key.clone(), (value.clone(), size));
        }
        if !self.charge(size) {
            return Some(too_large(&key, span));
        }
        Some(value)
    }

    /// Takes `nodes` from the module's substitution budget; false when it is exhausted.
    fn charge(&self, nodes: usize) -> bool {
        self.scope
            .budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(nodes)
            })
            .is_ok()
    }
}

fn too_large(key: &str, span: crate::source::Span) -> Value {
    Value::new(
        ValueKind::Unknown(format!("{key}: value too large to substitute")),
        span,
    )
}

/// The number of nodes in a value tree (counted without recursion).
fn count_nodes(value: &Value) -> usize {
    let mut count = 0usize;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count = count.saturating_add(1);
        match &v.kind {
            ValueKind::List(items) => stack.extend(items.iter()),
            ValueKind::Map(entries) => stack.extend(entries.iter().map(|e| &e.value)),
            _ => {}
        }
    }
    count
}
