//! Findings on a Terraform plan located in the Terraform source of the same configuration.
//!
//! When a plan (`terraform show -json`) and Terraform source files are linted in one run, each
//! plan is paired with the source unit (root module with its module calls) that has the most
//! of its resource addresses; a tie pairs nothing. Then:
//! - a plan resource maps to the source resource of the same address; when there is none, to
//!   the only source resource whose address is the same without instance keys (the plan writes
//!   `x` for a single instance `x[0]`, the source may not know how many instances there are);
//! - a finding on a mapped plan resource is moved to the source: to the span of the same
//!   attribute path in the source resource (as deep as the source has it), else to the
//!   resource header; the plan location becomes a related location. Related locations inside
//!   the plan are moved the same way;
//! - a value the plan knows only after apply is located in the plan's `configuration` section,
//!   outside its resource's planned values: it is found by searching the resource's body;
//! - the plan's values win, as they are concrete where the source may only have variables: the
//!   source unit's own findings on resources the plan covers are dropped, so a defect both
//!   report is reported once, at the source, with the plan's message. A finding the plan does
//!   not confirm goes too (RL203 when the plan does not create the replication: it exists).
//!
//! A plan without a paired source keeps its findings inside the plan file.

use std::collections::{HashMap, HashSet};

use repl_lint_source::diagnostic::{Diagnostic, Related};
pub use repl_lint_syntax::resource::without_keys;

use repl_lint_source::{FileId, Span};
use repl_lint_syntax::resource::{Configuration, Dialect, Resource};
use repl_lint_syntax::value::{Value, ValueKind};

/// Deepest attribute path followed.
const MAX_PATH: usize = 256;

/// Moves the findings on plan resources to their source (see the module documentation).
pub fn map_to_source(units: &[Configuration], diagnostics: &mut Vec<Diagnostic>) {
    // Without a plan there is nothing to map: do not index the sources.
    if !units.iter().any(|u| u.from_plan) {
        return;
    }
    let sources: Vec<SourceIndex> = units
        .iter()
        .filter(|u| !u.from_plan && u.dialect == Dialect::Terraform && !u.resources.is_empty())
        .enumerate()
        .map(|(id, unit)| SourceIndex::new(id, unit))
        .collect();
    if sources.is_empty() {
        return;
    }
    let mut pairs = Vec::new();
    for plan in units.iter().filter(|u| u.from_plan) {
        let Some(file) = plan.resources.first().map(|r| r.span.file) else {
            continue;
        };
        if let Some(source) = pair(plan, &sources) {
            pairs.push(Pair { plan, file, source });
        }
    }
    if pairs.is_empty() {
        return;
    }
    // Source findings on resources a plan covers are replaced by the plan's.
    let mut covered: HashSet<(usize, &str)> = HashSet::new();
    for pair in &pairs {
        for r in &pair.plan.resources {
            if let Some(s) = pair.source.resource(&r.address) {
                covered.insert((pair.source.id, s.address.as_str()));
            }
        }
    }
    diagnostics.retain(|d| {
        let Some(resource) = d.resource.as_deref() else {
            return true;
        };
        !sources
            .iter()
            .any(|s| s.files.contains(&d.primary.file) && covered.contains(&(s.id, resource)))
    });
    for d in diagnostics.iter_mut() {
        if let Some(pair) = pairs.iter().find(|p| p.file == d.primary.file) {
            pair.relocate(d);
        }
    }
}

/// A source unit with its resources by address.
struct SourceIndex<'a> {
    /// Its position among the source units.
    id: usize,
    /// Resources by address.
    by_address: HashMap<&'a str, &'a Resource>,
    /// Resources by address without instance keys.
    by_base: HashMap<String, Vec<&'a Resource>>,
    /// The files the unit's resources and module calls are in.
    files: HashSet<FileId>,
}

impl<'a> SourceIndex<'a> {
    fn new(id: usize, unit: &'a Configuration) -> SourceIndex<'a> {
        let mut by_base: HashMap<String, Vec<&Resource>> = HashMap::new();
        for r in &unit.resources {
            by_base.entry(without_keys(&r.address)).or_default().push(r);
        }
        let files = unit
            .resources
            .iter()
            .map(|r| r.span.file)
            .chain(unit.module_calls.iter().map(|c| c.header.file))
            .collect();
        SourceIndex {
            id,
            by_address: unit.by_address(),
            by_base,
            files,
        }
    }

    /// The source resource a plan address maps to.
    fn resource(&self, address: &str) -> Option<&'a Resource> {
        if let Some(r) = self.by_address.get(address) {
            return Some(r);
        }
        match self.by_base.get(&without_keys(address))?.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
}

/// The source unit that has most of the plan's addresses, when one does.
fn pair<'s, 'a>(
    plan: &Configuration,
    sources: &'s [SourceIndex<'a>],
) -> Option<&'s SourceIndex<'a>> {
    let mut best: Option<(&SourceIndex, usize)> = None;
    let mut tie = false;
    for source in sources {
        let hits = plan
            .resources
            .iter()
            .filter(|r| source.resource(&r.address).is_some())
            .count();
        match best {
            _ if hits == 0 => {}
            Some((_, most)) if hits < most => {}
            Some((_, most)) if hits == most => tie = true,
            _ => {
                best = Some((source, hits));
                tie = false;
            }
        }
    }
    if tie {
        return None;
    }
    best.map(|(source, _)| source)
}

/// A plan and the source unit it was paired with.
struct Pair<'p, 's, 'a> {
    plan: &'p Configuration,
    /// The plan file.
    file: FileId,
    source: &'s SourceIndex<'a>,
}

impl Pair<'_, '_, '_> {
    /// Moves a finding's primary and related locations inside the plan to the source.
    fn relocate(&self, d: &mut Diagnostic) {
        let named = d.resource.as_deref();
        let Some(primary) = self.to_source(d.primary, named) else {
            return;
        };
        let in_plan = d.primary;
        d.primary = primary;
        for related in &mut d.related {
            if related.span.file == self.file
                && let Some(span) = self.to_source(related.span, None)
            {
                related.span = span;
            }
        }
        d.related.push(Related {
            span: in_plan,
            message: "the planned value is here".to_string(),
        });
    }

    /// The source span for a span in the plan: inside the plan resource that contains it (or,
    /// when none does, the resource `named`), mapped by attribute path.
    fn to_source(&self, span: Span, named: Option<&str>) -> Option<Span> {
        let in_plan = self
            .plan
            .resources
            .iter()
            .find(|r| contains(r.span, span))
            .or_else(|| {
                let named = named?;
                self.plan.resources.iter().find(|r| r.address == named)
            })?;
        let source = self.source.resource(&in_plan.address)?;
        if span == in_plan.header {
            return Some(source.header);
        }
        // Values known only after apply sit in the plan's configuration section, outside the
        // resource's planned values: the body is searched, not only where it is.
        let mut path = Vec::new();
        match find_path(&in_plan.body, span, &mut path, 0) {
            Some(end) => Some(follow(source, &path, end)),
            None => Some(source.header),
        }
    }
}

/// One step of an attribute path.
enum Seg {
    Key(String),
    Index(usize),
}

/// What the path ends on.
#[derive(Clone, Copy)]
enum End {
    /// The value at the path.
    Value,
    /// The whole `key = value` of the last key.
    Entry,
    /// The last key itself.
    Key,
}

/// The path from `value` to the deepest element whose span contains `span`, searched depth
/// first (an element may lie outside its parent's span: a plan value located in the
/// configuration section); `None` when no element contains it.
fn find_path(value: &Value, span: Span, path: &mut Vec<Seg>, depth: usize) -> Option<End> {
    if depth > MAX_PATH {
        return None;
    }
    if value.span == span {
        return Some(End::Value);
    }
    match &value.kind {
        ValueKind::Map(entries) => {
            for e in entries {
                path.push(Seg::Key(e.key.clone()));
                if e.key_span == span {
                    return Some(End::Key);
                }
                if let Some(end) = find_path(&e.value, span, path, depth + 1) {
                    return Some(end);
                }
                if contains(e.span, span) {
                    return Some(End::Entry);
                }
                path.pop();
            }
        }
        ValueKind::List(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                if let Some(end) = find_path(item, span, path, depth + 1) {
                    return Some(end);
                }
                path.pop();
            }
        }
        _ => {}
    }
    contains(value.span, span).then_some(End::Value)
}

/// The span in a source resource at `path`, or at the deepest part of it the source has (the
/// header when it has none).
fn follow(resource: &Resource, path: &[Seg], end: End) -> Span {
    let mut value = &resource.body;
    let mut best = resource.header;
    for (i, seg) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        match seg {
            Seg::Key(key) => {
                let Some(entry) = value.entry(key) else {
                    return best;
                };
                best = match (last, end) {
                    (true, End::Key) => entry.key_span,
                    (true, End::Value) => entry.value.span,
                    _ => entry.span,
                };
                value = &entry.value;
            }
            Seg::Index(n) => {
                let item = match &value.kind {
                    ValueKind::List(items) => items.get(*n),
                    // A block written once in the plan may be a single value in the source.
                    _ if *n == 0 => Some(value),
                    _ => None,
                };
                let Some(item) = item else {
                    return best;
                };
                best = item.span;
                value = item;
            }
        }
    }
    best
}

/// True when `outer` contains `inner` (same file).
fn contains(outer: Span, inner: Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}

#[cfg(test)]
mod tests {
    use super::without_keys;

    #[test]
    fn addresses_without_keys() {
        assert_eq!(without_keys("module.a[\"k]\"].x.y[0]"), "module.a.x.y");
        assert_eq!(without_keys("aws_s3_bucket.b"), "aws_s3_bucket.b");
    }
}
