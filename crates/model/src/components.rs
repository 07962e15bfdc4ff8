//! Components: the resources of a run split into groups that rules cannot see across, so that a
//! run after an edit lints again only the groups whose resources changed (the language server's).
//!
//! The model links one resource to another in two ways: by reference (an address, `depends_on`)
//! and by name (a bucket, role or key found by the name, ARN or alias a string spells; see
//! [`crate::resolve`]). Two resources are in one component when one refers to the other, or
//! when a string of one may spell a name another defines. Splitting is exact only where every
//! value is known, so a unit is split only when it is *closed*:
//! - every reference names a resource of the unit (no variable, local, parameter or module
//!   output left unresolved, no `count`/`for_each` left unexpanded, no unknown value);
//! - every name a bucket, role, key or alias defines is a literal string or absent;
//! - a reference inside a string stands alone between delimiters (`arn:aws:s3:::${x}/*`), so
//!   the name it spells is the referenced resource's own;
//! - a bucket setting (`bucket = ...` of a versioning or Object Lock resource) names a bucket
//!   resource or a literal (an unresolved one may configure any bucket of the unit);
//! - it is not a plan (plans carry resources the source does not show).
//!
//! Every other unit is *open*: all open units form one component together (their unknown values
//! may match each other's, across units). Names are one namespace for all kinds, so a string
//! that spells a role's name is joined to a bucket of that name too: joining too much only lints
//! more again. Besides names, the source bucket and the role a replication configuration writes
//! count as names it defines: rules tell a bucket or role outside the files by how it is written
//! (one note per role, one configuration per source bucket).

use crate::NodeKind;
use crate::lower::{compared_of, kind_of, names_of};
use rayon::prelude::*;
use repl_lint_syntax::resource::{ANY_RESOURCE, Configuration, Dialect, Resource, without_keys};
use repl_lint_syntax::value::{TextPart, Value, ValueKind};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::hash_map::Entry;

/// A resource of a run: its unit and its index in the unit's resources.
pub type Member = (usize, usize);

/// The run's resources grouped into components, each in unit and resource order; the
/// components are ordered by their first member.
pub fn components(units: &[Configuration]) -> Vec<Vec<Member>> {
    let offsets: Vec<usize> = units
        .iter()
        .scan(0, |next, unit| {
            let at = *next;
            *next += unit.resources.len();
            Some(at)
        })
        .collect();
    let total = units.iter().map(|u| u.resources.len()).sum();
    let mut sets = Sets::new(total);
    let mut names = Names::default();
    let mut open_representative: Option<usize> = None;
    for (unit, config) in units.iter().enumerate() {
        let first = offsets[unit];
        match link_unit(config, first, &mut sets, &mut names) {
            Unit::Closed => {}
            Unit::Open => {
                for i in first..first + config.resources.len() {
                    let representative = *open_representative.get_or_insert(i);
                    sets.union(representative, i);
                }
            }
            // A name built from a resource's name and more text may spell any name.
            Unit::Spells => {
                let everything = units
                    .iter()
                    .enumerate()
                    .flat_map(|(unit, c)| (0..c.resources.len()).map(move |i| (unit, i)));
                return vec![everything.collect()];
            }
        }
    }
    names.join(&mut sets);
    let mut groups: FxHashMap<usize, Vec<Member>> = FxHashMap::default();
    let mut order = Vec::new();
    for (unit, config) in units.iter().enumerate() {
        for index in 0..config.resources.len() {
            let root = sets.find(offsets[unit] + index);
            let group = groups.entry(root).or_insert_with(|| {
                order.push(root);
                Vec::new()
            });
            group.push((unit, index));
        }
    }
    order
        .into_iter()
        .filter_map(|root| groups.remove(&root))
        .collect()
}

/// What a unit allows.
#[derive(PartialEq)]
enum Unit {
    /// Split by its references (and names).
    Closed,
    /// Not split: its resources join the open component.
    Open,
    /// A string joins a resource's name to more text: nothing is split.
    Spells,
}

/// Records the names a unit's resources define and the texts they write (every unit: a closed
/// unit's text may spell an open unit's name) and, when the unit is closed, joins the resources
/// that refer to each other.
fn link_unit<'u>(
    config: &'u Configuration,
    first: usize,
    sets: &mut Sets,
    names: &mut Names<'u>,
) -> Unit {
    // Instances of one resource (`x[0]`, `x["a"]`) are one: a reference to `x` orders after all.
    let mut by_base: FxHashMap<Cow<'u, str>, usize> = FxHashMap::default();
    let mut joins = Vec::new();
    for (i, r) in config.resources.iter().enumerate() {
        match by_base.entry(base(&r.address)) {
            Entry::Occupied(j) => joins.push((*j.get(), i)),
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    let facts: Vec<Facts<'u>> = config
        .resources
        .par_iter()
        .map(|r| facts(config, r, &by_base))
        .collect();
    let mut open = config.from_plan;
    let mut spells = false;
    for (i, facts) in facts.into_iter().enumerate() {
        open |= facts.open;
        spells |= facts.spells;
        names
            .defined
            .extend(facts.defined.into_iter().map(|t| (t, first + i)));
        names
            .spelled
            .extend(facts.spelled.into_iter().map(|t| (t, first + i)));
        joins.extend(facts.refers_to.into_iter().map(|j| (i, j)));
    }
    if spells {
        return Unit::Spells;
    }
    if open {
        return Unit::Open;
    }
    for (i, j) in joins {
        sets.union(first + i, first + j);
    }
    Unit::Closed
}

/// An address without instance keys, borrowed when it has none.
fn base(address: &str) -> Cow<'_, str> {
    if address.contains('[') {
        Cow::Owned(without_keys(address))
    } else {
        Cow::Borrowed(address)
    }
}

/// What one resource tells about its unit and its links.
#[derive(Default)]
struct Facts<'u> {
    /// The names it defines.
    defined: Vec<Cow<'u, str>>,
    /// The literal texts it writes.
    spelled: Vec<Cow<'u, str>>,
    /// The resources of the unit it refers to.
    refers_to: Vec<usize>,
    /// True when it makes its unit open.
    open: bool,
    /// True when it writes a resource's name joined to more text.
    spells: bool,
}

/// The facts of resource `r` of `config`.
fn facts<'u>(
    config: &'u Configuration,
    r: &'u Resource,
    by_base: &FxHashMap<Cow<'u, str>, usize>,
) -> Facts<'u> {
    let mut out = Facts::default();
    let kind = kind_of(config.dialect, r);
    for name in names_of(config.dialect, kind, r) {
        match define(name, kind, by_base) {
            Defined::Names(texts) => out.defined.extend(texts),
            Defined::Symbolic => out.open = true,
            Defined::Spells => out.spells = true,
        }
    }
    for value in compared_of(config.dialect, kind, r) {
        match &value.kind {
            ValueKind::Str(text) => {
                let name = bucket_name(text).filter(|name| name != text);
                out.defined
                    .extend(name.into_iter().chain([text.as_str()]).map(Cow::Borrowed));
            }
            ValueKind::Null | ValueKind::Ref(_) => {}
            _ => out.open = true,
        }
    }
    out.open |= r.unexpanded.is_some() || !settings_bucket_closed(r, kind, by_base, config);
    let mut walked = Walked::default();
    walk(&r.body, &mut walked, &mut |text| out.spelled.push(text));
    out.open |= walked.unknown || !walked.joined.is_empty();
    out.spells |= walked
        .joined
        .iter()
        .any(|target| spells_text(target, by_base));
    let targets = walked
        .targets
        .into_iter()
        .chain(r.depends_on.iter().map(|(target, _)| target.as_str()));
    for target in targets {
        match by_base.get(&base(target)) {
            Some(&j) if target != ANY_RESOURCE => out.refers_to.push(j),
            _ => out.open = true,
        }
    }
    out
}

/// What a name a resource defines gives.
enum Defined<'u> {
    /// Literal names (an alias also defines its name without `alias/`).
    Names(Vec<Cow<'u, str>>),
    /// A name with unknown parts: the unit is open.
    Symbolic,
    /// A name made of a resource's name (or the account, or the partition) and more: it may
    /// equal any text of any unit.
    Spells,
}

/// Reads a name a resource defines (`null`: none).
fn define<'u>(
    name: &'u Value,
    kind: NodeKind,
    by_base: &FxHashMap<Cow<'u, str>, usize>,
) -> Defined<'u> {
    match &name.kind {
        ValueKind::Null => Defined::Names(Vec::new()),
        ValueKind::Str(text) => {
            let bare = text
                .strip_prefix("alias/")
                .filter(|_| kind == NodeKind::KmsAlias);
            let texts = bare.into_iter().chain([text.as_str()]);
            Defined::Names(texts.map(Cow::Borrowed).collect())
        }
        _ => {
            let mut walked = Walked::default();
            walk(name, &mut walked, &mut |_| {});
            let mut targets = walked.targets.iter().chain(&walked.joined);
            if targets.any(|target| spells_text(target, by_base)) {
                Defined::Spells
            } else {
                Defined::Symbolic
            }
        }
    }
}

/// Whether a reference written next to other text may make a literal of any unit (or a symbol
/// shared by all): a resource of the unit (its name), the account or the partition.
fn spells_text(target: &str, by_base: &FxHashMap<Cow<'_, str>, usize>) -> bool {
    matches!(target, "AWS::AccountId" | "AWS::Partition") || by_base.contains_key(&base(target))
}

/// The bucket name in a bucket ARN (`arn:<partition>:s3:::name`).
fn bucket_name(text: &str) -> Option<&str> {
    let (_, name) = text.strip_prefix("arn:")?.split_once(":s3:::")?;
    Some(name)
}

/// For a Terraform resource that configures a bucket (`aws_s3_bucket_*`): whether its `bucket`
/// is a literal or a reference to a bucket resource of the unit. A setting whose bucket cannot
/// be resolved may belong to any bucket of the unit.
fn settings_bucket_closed(
    r: &Resource,
    kind: NodeKind,
    by_base: &FxHashMap<Cow<'_, str>, usize>,
    config: &Configuration,
) -> bool {
    let configures_bucket = config.dialect == Dialect::Terraform
        && (r.type_name.starts_with("aws_s3_bucket_") || kind == NodeKind::Versioning);
    let Some(bucket) = r.body.get("bucket").filter(|_| configures_bucket) else {
        return true;
    };
    match &bucket.kind {
        ValueKind::Str(_) => true,
        ValueKind::Ref(reference) => by_base
            .get(&base(&reference.target))
            .and_then(|&j| config.resources.get(j))
            .is_some_and(|target| kind_of(config.dialect, target) == NodeKind::Bucket),
        _ => false,
    }
}

/// What walking a value found.
#[derive(Default)]
struct Walked<'v> {
    /// Reference targets.
    targets: Vec<&'v str>,
    /// Targets of references written next to other text in a string (not between delimiters).
    joined: Vec<&'v str>,
    /// True when the value holds something unknown.
    unknown: bool,
}

/// Walks a value: collects its references and hands every literal text (strings, numbers,
/// booleans, the literal parts of templates) to `text`.
fn walk<'v>(value: &'v Value, out: &mut Walked<'v>, text: &mut impl FnMut(Cow<'v, str>)) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match &value.kind {
            ValueKind::Null => {}
            ValueKind::Bool(b) => text(Cow::Borrowed(if *b { "true" } else { "false" })),
            ValueKind::Number(n) => text(Cow::Owned(n.to_string())),
            ValueKind::Str(s) => text(Cow::Borrowed(s)),
            ValueKind::Ref(r) => out.targets.push(&r.target),
            ValueKind::Template(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    match part {
                        TextPart::Lit(s) => text(Cow::Borrowed(s)),
                        TextPart::Ref(r) => {
                            let before = i.checked_sub(1).and_then(|j| parts.get(j));
                            let alone = ends_at_delimiter(before, |s| s.chars().next_back())
                                && ends_at_delimiter(parts.get(i + 1), |s| s.chars().next());
                            if alone {
                                out.targets.push(&r.target);
                            } else {
                                out.joined.push(&r.target);
                            }
                        }
                        TextPart::Unknown(_) => out.unknown = true,
                    }
                }
            }
            ValueKind::List(items) => stack.extend(items),
            ValueKind::Map(entries) => stack.extend(entries.iter().map(|e| &e.value)),
            ValueKind::Unknown(_) => out.unknown = true,
        }
    }
}

/// Whether the template part next to a reference (`None`: the template's start or end) ends,
/// on the reference's side, with a delimiter.
fn ends_at_delimiter(part: Option<&TextPart>, side: fn(&str) -> Option<char>) -> bool {
    match part {
        None => true,
        Some(TextPart::Lit(s)) => side(s).is_none_or(is_delimiter),
        Some(_) => false,
    }
}

/// A character no bucket, role, alias or key name holds: names are the text between them.
fn is_delimiter(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ':' | '/'
                | '"'
                | '\''
                | '*'
                | '?'
                | '$'
                | '{'
                | '}'
                | '['
                | ']'
                | '('
                | ')'
                | '<'
                | '>'
                | '|'
                | '\\'
                | '!'
                | '#'
                | '%'
                | '^'
                | '&'
                | '~'
                | '`'
                | ';'
        )
}

/// The names resources define and the texts they spell, to join a text to the resources whose
/// name it may spell.
#[derive(Default)]
struct Names<'u> {
    /// (name, resource) for every literal name defined.
    defined: Vec<(Cow<'u, str>, usize)>,
    /// (text, resource) for every literal text written.
    spelled: Vec<(Cow<'u, str>, usize)>,
}

impl Names<'_> {
    /// Joins every resource defining a name with the others defining it and with every resource
    /// whose texts may spell it: the whole text, any text between delimiters, or an alias
    /// (`alias/...` to the end of the text or to the next delimiter that is not `/`).
    fn join(self, sets: &mut Sets) {
        let mut by_name: FxHashMap<&str, usize> = FxHashMap::default();
        for (name, resource) in &self.defined {
            match by_name.get(name.as_ref()) {
                Some(&other) => sets.union(other, *resource),
                None => {
                    by_name.insert(name, *resource);
                }
            }
        }
        if by_name.is_empty() {
            return;
        }
        let joins: Vec<(usize, usize)> = self
            .spelled
            .par_iter()
            .flat_map_iter(|(text, resource)| {
                let mut found = Vec::new();
                let mut join = |candidate: &str| {
                    if let Some(&definer) = by_name.get(candidate) {
                        found.push((definer, *resource));
                    }
                };
                join(text);
                for piece in text.split(is_delimiter).filter(|p| !p.is_empty()) {
                    join(piece);
                }
                for (at, _) in text.match_indices("alias/") {
                    let alias = &text[at..];
                    join(alias);
                    let end = alias.find(|c: char| c != '/' && is_delimiter(c));
                    join(&alias[..end.unwrap_or(alias.len())]);
                }
                found
            })
            .collect();
        for (a, b) in joins {
            sets.union(a, b);
        }
    }
}

/// Disjoint sets over resource numbers (union by size, path halving).
struct Sets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl Sets {
    fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let (big, small) = if self.size[a] >= self.size[b] {
            (a, b)
        } else {
            (b, a)
        };
        self.parent[small] = big;
        self.size[big] += self.size[small];
    }
}

#[cfg(test)]
#[path = "components_tests.rs"]
mod tests;
