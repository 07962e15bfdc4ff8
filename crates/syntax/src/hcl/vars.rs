//! Module-wide names: `variable` defaults, values from tfvars files, and `locals`, all lowered
//! per file into [`Value`]s with placeholders (see [`super::placeholder`]).
//!
//! [`Scope::resolve_all`] resolves every name once, in name order, by substituting the
//! placeholders of its value (memoised, with cycle detection, a nesting limit and a node
//! budget). After that the scope is read-only and [`Scope::substitute`] may run on several
//! threads to fill the placeholders of resources and providers.
//!
//! Evaluation is bounded, so that names that each use the previous one twice (`l1 =
//! "${l0}${l0}"`, ...) stay linear: every name is resolved once; a value (or a template being
//! built) that would pass [`MAX_VALUE_TEXT`] or [`MAX_VALUE_NODES`] is unknown; every copy of a value is
//! charged to a per-module budget ([`SUBSTITUTION_BUDGET`], text counting one node per
//! [`TEXT_PER_NODE`] bytes), past which uses are unknown. The first limit reached is reported
//! ([`Scope::take_limits`]).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::eval;
use super::expr::{apply_steps, finish_parts, push_value, unknown};
use super::placeholder::{self, KEY_MARK};
use super::types::{Type, convert};
use crate::value::push_literal;
use crate::value::{Reference, TextPart, Value, ValueKind};
use repl_lint_source::Span;

/// How many variable/local resolutions may be in progress inside each other.
const MAX_RESOLVE_DEPTH: usize = 32;

/// How many value nodes substitutions may copy in one module. Locals that each use another
/// local several times grow exponentially; past this budget uses become `Unknown`.
const SUBSTITUTION_BUDGET: usize = 2_000_000;

/// Most bytes of text (strings, literal parts and keys together) one value may hold.
const MAX_VALUE_TEXT: usize = 1 << 20;

/// Most nodes (template parts included) one value may hold.
const MAX_VALUE_NODES: usize = 200_000;

/// Bytes of text that weigh as much as one value node in the budgets.
const TEXT_PER_NODE: usize = 16;

/// How deep substitution descends into values, counting across nested resolutions. Lowered
/// values are at most a few hundred levels deep, so only pathological inputs reach it.
const MAX_SUBSTITUTION_DEPTH: usize = 1024;

/// Where a variable's or local's value comes from.
#[derive(PartialEq)]
enum Def {
    /// Lowered from HCL (a `default`, a `locals` attribute or a `.tfvars` assignment); may
    /// contain placeholders. Taken out of the scope once it is being resolved.
    Hcl(Value),
    /// A value used as is: from a JSON variables file, or a module argument already
    /// substituted in the caller's scope.
    Json(Value),
}

/// Variables and locals of one module. Keys are `var.NAME` and `local.NAME`.
pub(super) struct Scope {
    /// Definitions not yet resolved, and JSON variables.
    defs: HashMap<String, Def>,
    /// Resolved values with their weights (see [`Size::weight`]).
    cache: HashMap<String, (Value, usize)>,
    /// The type constraints of variables, by key.
    types: HashMap<String, Type>,
    /// The variables declared `nullable = false`, by key: a `null` value leaves their default.
    non_nullable: HashSet<String>,
    /// The resolutions in progress, with their definitions' spans (only while
    /// [`Scope::resolve_all`] runs).
    active: Vec<(String, Span)>,
    /// Nodes left in the substitution budget.
    budget: AtomicUsize,
    /// The first limit reached: where, and what became unknown.
    limits: Mutex<Vec<(Span, String)>>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            defs: HashMap::new(),
            cache: HashMap::new(),
            types: HashMap::new(),
            non_nullable: HashSet::new(),
            active: Vec::new(),
            budget: AtomicUsize::new(SUBSTITUTION_BUDGET),
            limits: Mutex::new(Vec::new()),
        }
    }
}

/// Something that gives the value of a variable or local, already substituted.
trait Names {
    /// The value of `key` (`var.NAME` / `local.NAME`), or `None` when it has none. `depth` is
    /// the substitution depth of the use.
    fn value_of(&mut self, key: &str, depth: usize) -> Option<Value>;

    /// Records that a string template at `span` passed the size limits and is unknown.
    fn template_too_large(&mut self, span: Span) {
        let _ = span;
    }
}

impl Scope {
    /// Records a `variable` default (the first declaration wins; tfvars come later).
    pub(super) fn declare_var(&mut self, name: &str, value: Value) {
        self.defs
            .entry(format!("var.{name}"))
            .or_insert(Def::Hcl(value));
    }

    /// Records a variable's `type` constraint (the first declaration wins): every value the
    /// variable gets is converted to it (see [`super::types`]).
    pub(super) fn declare_type(&mut self, name: &str, ty: Type) {
        self.types.entry(format!("var.{name}")).or_insert(ty);
    }

    /// Records a variable declared `nullable = false`: a `null` value assigned or passed to it
    /// leaves its default in place (as Terraform does).
    pub(super) fn declare_non_nullable(&mut self, name: &str) {
        self.non_nullable.insert(format!("var.{name}"));
    }

    /// Replaces the definition of the variable `key`, unless the value is `null` for a
    /// non-nullable variable.
    fn set_var(&mut self, key: String, def: Def) {
        let (Def::Hcl(value) | Def::Json(value)) = &def;
        if value.kind == ValueKind::Null && self.non_nullable.contains(&key) {
            return;
        }
        self.defs.insert(key, def);
    }

    /// Records a `locals` attribute (a later one replaces an earlier one).
    pub(super) fn declare_local(&mut self, name: &str, value: Value) {
        self.defs.insert(format!("local.{name}"), Def::Hcl(value));
    }

    /// Applies an assignment from an HCL variables file (later calls win).
    pub(super) fn assign(&mut self, name: &str, value: Value) {
        self.set_var(format!("var.{name}"), Def::Hcl(value));
    }

    /// Applies the top-level keys of a JSON variables file (later calls win).
    pub(super) fn assign_json(&mut self, value: Value) {
        if let ValueKind::Map(entries) = value.kind {
            for entry in entries {
                self.set_var(format!("var.{}", entry.key), Def::Json(entry.value));
            }
        }
    }

    /// Binds a module argument, already substituted in the caller's scope: it overrides the
    /// variable's default and any earlier value, and is used as is.
    pub(super) fn bind(&mut self, name: &str, value: Value) {
        self.set_var(format!("var.{name}"), Def::Json(value));
    }

    /// Resolves every variable and local once, in name order (locals first), so that
    /// [`Scope::substitute`] only reads the cache.
    pub(super) fn resolve_all(&mut self) {
        for (key, def) in &mut self.defs {
            if let (Def::Json(value), Some(ty)) = (def, self.types.get(key)) {
                let taken = std::mem::replace(value, unknown("", value.span));
                *value = convert(taken, ty);
            }
        }
        let mut keys: Vec<String> = self.defs.keys().cloned().collect();
        keys.sort();
        for key in keys {
            let _ = self.value_of(&key, 0);
        }
    }

    /// Replaces the placeholders inside `value` by the resolved values. Call after
    /// [`Scope::resolve_all`].
    pub(super) fn substitute(&self, value: &mut Value) {
        self.substitute_charged(value);
    }

    /// [`Scope::substitute`], returning the weight charged to the module's budget.
    pub(super) fn substitute_charged(&self, value: &mut Value) -> usize {
        let mut names = Resolved {
            scope: self,
            charged: 0,
        };
        substitute(value, &mut names, 0);
        names.charged
    }

    /// Whether both scopes hold the same resolved values (after [`Scope::resolve_all`]), so
    /// that substitutions give the same values and charge the same weights.
    pub(super) fn same_values(&self, other: &Scope) -> bool {
        self.cache == other.cache && self.defs == other.defs
    }

    /// Whether an evaluation limit has been reached (see [`Scope::take_limits`]).
    pub(super) fn reached_limit(&self) -> bool {
        !self
            .limits
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }

    /// Nodes left in the substitution budget.
    pub(super) fn budget_left(&self) -> usize {
        self.budget.load(Ordering::Relaxed)
    }

    /// Takes `weight` from the module's substitution budget, for substitutions made by an
    /// earlier run and reused (see [`Scope::substitute_charged`]); false, taking nothing, when
    /// the budget does not hold it.
    pub(super) fn charge_reused(&self, weight: usize) -> bool {
        self.charge(weight)
    }

    /// The first evaluation limit reached, if any: where, and what became unknown (later
    /// ones follow from it and are not repeated).
    pub(super) fn take_limits(&mut self) -> Vec<(Span, String)> {
        std::mem::take(self.limits.get_mut().unwrap_or_else(|e| e.into_inner()))
    }

    /// Records a limit reached, when it is the first.
    fn record_limit(&self, span: Span, what: String) {
        let mut limits = self.limits.lock().unwrap_or_else(|e| e.into_inner());
        if limits.is_empty() {
            limits.push((span, what));
        }
    }

    /// Takes `weight` from the module's substitution budget; false when it is exhausted.
    fn charge(&self, weight: usize) -> bool {
        self.budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(weight)
            })
            .is_ok()
    }

    /// A copy of `value` (the value of `key`) charged to the budget, or an unknown when the
    /// budget is exhausted.
    fn copy(&self, key: &str, value: &Value, weight: usize) -> Value {
        if self.charge(weight) {
            return value.clone();
        }
        self.record_limit(
            value.span,
            "the module's evaluation budget ran out: later uses of variables and locals are unknown"
                .to_string(),
        );
        unknown(format!("{key}: evaluation budget exhausted"), value.span)
    }

    /// The resolved value of `key` (a cached one, else a JSON variable's) with its weight.
    fn resolved(&self, key: &str) -> Option<(&Value, usize)> {
        if let Some((value, weight)) = self.cache.get(key) {
            return Some((value, *weight));
        }
        let Some(Def::Json(value)) = self.defs.get(key) else {
            return None;
        };
        Some((value, size_of(value).weight()))
    }

    /// A copy of the resolved value of `key`, charged to the budget.
    fn cached(&self, key: &str) -> Option<Value> {
        let (value, weight) = self.resolved(key)?;
        Some(self.copy(key, value, weight))
    }
}

impl Names for Scope {
    /// Resolves `key`, memoised: its definition is substituted (recursively) and cached.
    fn value_of(&mut self, key: &str, depth: usize) -> Option<Value> {
        if let Some(value) = self.cached(key) {
            return Some(value);
        }
        // An active name's definition has been taken out of `defs` (it is being resolved).
        if let Some((_, span)) = self.active.iter().find(|(k, _)| k == key) {
            return Some(unknown(format!("cycle through {key}"), *span));
        }
        let Some(Def::Hcl(def)) = self.defs.get(key) else {
            return None;
        };
        if self.active.len() >= MAX_RESOLVE_DEPTH {
            let reason = format!("{key}: references nested too deeply");
            return Some(unknown(reason, def.span));
        }
        let Some(Def::Hcl(mut value)) = self.defs.remove(key) else {
            return None;
        };
        self.active.push((key.to_string(), value.span));
        substitute(&mut value, self, depth + 1);
        self.active.pop();
        if let Some(ty) = self.types.get(key) {
            value = convert(value, ty);
        }
        if size_of(&value).too_large() {
            self.record_limit(value.span, format!("`{key}` would be {TOO_LARGE}"));
            value = unknown(format!("{key}: value too large"), value.span);
        }
        let weight = size_of(&value).weight();
        self.cache.insert(key.to_string(), (value, weight));
        self.cached(key)
    }

    fn template_too_large(&mut self, span: Span) {
        let what = match self.active.last() {
            Some((key, _)) => format!("`{key}` would be {TOO_LARGE}"),
            None => format!("a string template would be {TOO_LARGE}"),
        };
        self.record_limit(span, what);
    }
}

/// A scope after [`Scope::resolve_all`]: lookups only read it, adding up what they charge.
struct Resolved<'a> {
    scope: &'a Scope,
    /// The weight charged so far.
    charged: usize,
}

impl Names for Resolved<'_> {
    fn value_of(&mut self, key: &str, _depth: usize) -> Option<Value> {
        let (value, weight) = self.scope.resolved(key)?;
        self.charged += weight;
        Some(self.scope.copy(key, value, weight))
    }

    fn template_too_large(&mut self, span: Span) {
        let what = format!("a string template would be {TOO_LARGE}");
        self.scope.record_limit(span, what);
    }
}

/// How a value over [`MAX_VALUE_TEXT`] or [`MAX_VALUE_NODES`] is described.
const TOO_LARGE: &str =
    "larger than 1 MiB of text or 200,000 parts (evaluation limit), so it is unknown";

/// Replaces the placeholders inside `value`, walking lists, maps and templates.
fn substitute(value: &mut Value, names: &mut impl Names, depth: usize) {
    if depth > MAX_SUBSTITUTION_DEPTH {
        *value = unknown("nested too deeply", value.span);
        return;
    }
    let span = value.span;
    match &mut value.kind {
        ValueKind::Ref(r) if placeholder::is(r) => *value = expand(r, span, names, depth),
        ValueKind::Template(parts) if parts.iter().any(is_placeholder_part) => {
            let mut out = Vec::with_capacity(parts.len());
            let mut size = Size::default();
            for part in std::mem::take(parts) {
                let resolved = match &part {
                    TextPart::Ref(r) if placeholder::is(r) => {
                        let resolved = expand(r, span, names, depth);
                        let shown = placeholder::decode(r)
                            .interpolation
                            .unwrap_or_else(|| r.target.clone());
                        Some((resolved, shown))
                    }
                    _ => None,
                };
                size.add(match (&part, &resolved) {
                    (_, Some((resolved, _))) => size_of(resolved),
                    (TextPart::Lit(s), None) => Size {
                        nodes: 1,
                        text: s.len(),
                    },
                    _ => Size { nodes: 1, text: 0 },
                });
                if size.too_large() {
                    names.template_too_large(span);
                    *value = unknown("template too large", span);
                    return;
                }
                match (part, resolved) {
                    (_, Some((resolved, shown))) => {
                        push_value(&mut out, resolved, || shown.clone())
                    }
                    (TextPart::Lit(s), None) => push_literal(&mut out, &s),
                    (other, None) => out.push(other),
                }
            }
            *value = finish_parts(out, span);
        }
        ValueKind::List(items) => {
            for item in items {
                substitute(item, names, depth + 1);
            }
        }
        ValueKind::Map(entries) => {
            for entry in entries {
                if let Some(excerpt) = entry.key.strip_prefix(KEY_MARK)
                    && let ValueKind::List(pair) = &mut entry.value.kind
                    && let [key, inner] = pair.as_mut_slice()
                {
                    substitute(key, names, depth + 1);
                    let key = match &mut key.kind {
                        ValueKind::Str(s) => std::mem::take(s),
                        _ => excerpt.to_string(),
                    };
                    let inner = std::mem::replace(inner, unknown("", span));
                    entry.key = key;
                    entry.value = inner;
                }
                substitute(&mut entry.value, names, depth + 1);
            }
        }
        _ => {}
    }
    if eval::is_op(value) {
        let op = std::mem::replace(value, unknown("", span));
        *value = eval::reduce(op, false);
    }
}

/// Replaces the placeholders inside `value` that `lookup` gives a value for (iterator
/// placeholders it does not know stay; any other unknown name follows [`Scope::substitute`]).
pub(super) fn substitute_with(value: &mut Value, lookup: impl FnMut(&str) -> Option<Value>) {
    struct Lookup<F>(F);
    impl<F: FnMut(&str) -> Option<Value>> Names for Lookup<F> {
        fn value_of(&mut self, key: &str, _depth: usize) -> Option<Value> {
            (self.0)(key)
        }
    }
    substitute(value, &mut Lookup(lookup), 0);
}

/// True for a template part that is a placeholder.
fn is_placeholder_part(part: &TextPart) -> bool {
    matches!(part, TextPart::Ref(r) if placeholder::is(r))
}

/// The value a placeholder stands for, at `span`: the resolved value with the recorded steps
/// applied; a variable without value stays a reference; an undefined local is unknown.
fn expand(r: &Reference, span: Span, names: &mut impl Names, depth: usize) -> Value {
    let key = r.target.as_str();
    let mut value = match names.value_of(key, depth) {
        Some(value) => value,
        // Iterators are filled in when resources and blocks are expanded, module outputs
        // once their module call has been made.
        None if placeholder::iter_name(key).is_some() || placeholder::is_module_output(key) => {
            return Value::new(ValueKind::reference(r.clone()), span);
        }
        None if key.starts_with("var.") => {
            let target = Reference {
                target: key.to_string(),
                attr: Vec::new(),
            };
            Value::new(ValueKind::reference(target), span)
        }
        // Shown as written: the whole traversal (`local.x.y`) when steps follow the name.
        None => {
            let written = placeholder::decode(r).groups.pop().map(|(text, _)| text);
            return unknown(written.unwrap_or_else(|| key.to_string()), span);
        }
    };
    for (text, steps) in placeholder::decode(r).groups {
        value = apply_steps(value, &steps, || text.clone());
    }
    value.span = span;
    value
}

/// The size of a value: its nodes and its bytes of text.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Size {
    /// Value nodes.
    pub nodes: usize,
    /// Bytes of strings, literal template parts and map keys.
    pub text: usize,
}

impl Size {
    /// The work a copy of the value costs, in nodes: text weighs one node per
    /// [`TEXT_PER_NODE`] bytes.
    pub fn weight(self) -> usize {
        self.nodes.saturating_add(self.text / TEXT_PER_NODE)
    }

    /// True when a value of this size passes [`MAX_VALUE_TEXT`] or [`MAX_VALUE_NODES`].
    fn too_large(self) -> bool {
        self.text > MAX_VALUE_TEXT || self.nodes > MAX_VALUE_NODES
    }

    /// Adds another value's size.
    fn add(&mut self, other: Size) {
        self.nodes = self.nodes.saturating_add(other.nodes);
        self.text = self.text.saturating_add(other.text);
    }
}

/// The size of a value tree (measured without recursion); each part of a template counts as
/// a node.
pub(super) fn size_of(value: &Value) -> Size {
    let mut size = Size::default();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        size.nodes = size.nodes.saturating_add(1);
        let text = match &v.kind {
            ValueKind::Str(s) => s.len(),
            ValueKind::Template(parts) => {
                size.nodes = size.nodes.saturating_add(parts.len());
                super::funcs::text_len(parts)
            }
            ValueKind::List(items) => {
                stack.extend(items.iter());
                0
            }
            ValueKind::Map(entries) => {
                stack.extend(entries.iter().map(|e| &e.value));
                entries.iter().map(|e| e.key.len()).sum()
            }
            _ => 0,
        };
        size.text = size.text.saturating_add(text);
    }
    size
}
