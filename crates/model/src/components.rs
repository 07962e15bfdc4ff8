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
    let members: Vec<Member> = units
        .iter()
        .enumerate()
        .flat_map(|(unit, c)| (0..c.resources.len()).map(move |i| (unit, i)))
        .collect();
    let bases: Vec<Bases<'_>> = units.iter().map(bases).collect();
    let resource = |&(unit, i): &Member| (&units[unit], &units[unit].resources[i], &bases[unit]);
    // First the names every resource defines, then what each refers to and spells.
    let defines: Vec<Defines<'_>> = members
        .par_iter()
        .map(|member| {
            let (config, r, bases) = resource(member);
            defines(config, r, bases)
        })
        .collect();
    let mut sets = Sets::new(members.len());
    let names = Names::new(&defines, &mut sets);
    let links: Vec<Links> = members
        .par_iter()
        .map(|member| {
            let (config, r, bases) = resource(member);
            links(config, r, bases, &names)
        })
        .collect();
    // The number of each unit's first resource.
    let first_of_unit: Vec<usize> = units
        .iter()
        .scan(0, |next, unit| {
            let first = *next;
            *next += unit.resources.len();
            Some(first)
        })
        .collect();
    let mut open: Vec<bool> = units.iter().map(|c| c.from_plan).collect();
    for (g, &(unit, _)) in members.iter().enumerate() {
        let (defined, linked) = (&defines[g], &links[g]);
        // A name built from a resource's name and more text may spell any name.
        if defined.spells || linked.spells {
            return vec![members];
        }
        open[unit] |= defined.open || linked.open;
    }
    for (unit, bases) in bases.iter().enumerate() {
        if !open[unit] {
            let first = first_of_unit[unit];
            for &(a, b) in &bases.instances {
                sets.union(first + a, first + b);
            }
        }
    }
    let mut open_representative = None;
    for (g, (&(unit, _), linked)) in members.iter().zip(&links).enumerate() {
        for &definer in &linked.spelled {
            sets.union(definer, g);
        }
        if open[unit] {
            sets.union(*open_representative.get_or_insert(g), g);
        } else {
            let first = first_of_unit[unit];
            for &j in &linked.refers_to {
                sets.union(g, first + j);
            }
        }
    }
    groups(&mut sets, members)
}

/// The members grouped by their set, each group in member order, the groups in the order of
/// their first member.
fn groups(sets: &mut Sets, members: Vec<Member>) -> Vec<Vec<Member>> {
    let mut groups: FxHashMap<usize, Vec<Member>> = FxHashMap::default();
    let mut order = Vec::new();
    for (g, member) in members.into_iter().enumerate() {
        let root = sets.find(g);
        groups
            .entry(root)
            .or_insert_with(|| {
                order.push(root);
                Vec::new()
            })
            .push(member);
    }
    order
        .into_iter()
        .filter_map(|root| groups.remove(&root))
        .collect()
}

/// A unit's resources by address without instance keys, and the instances of one resource.
struct Bases<'u> {
    /// The first resource of each address.
    first: FxHashMap<Cow<'u, str>, usize>,
    /// (first instance, other instance) pairs: `x[0]`, `x["a"]` are one, a reference to `x`
    /// orders after all.
    instances: Vec<(usize, usize)>,
}

impl Bases<'_> {
    /// The resource a reference target names.
    fn get(&self, target: &str) -> Option<usize> {
        self.first.get(&base(target)).copied()
    }
}

fn bases(config: &Configuration) -> Bases<'_> {
    let mut out = Bases {
        first: FxHashMap::default(),
        instances: Vec::new(),
    };
    for (i, r) in config.resources.iter().enumerate() {
        match out.first.entry(base(&r.address)) {
            Entry::Occupied(j) => out.instances.push((*j.get(), i)),
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    out
}

/// An address without instance keys, borrowed when it has none.
fn base(address: &str) -> Cow<'_, str> {
    if address.contains('[') {
        Cow::Owned(without_keys(address))
    } else {
        Cow::Borrowed(address)
    }
}

/// The names a resource defines, and whether they split its unit.
#[derive(Default)]
struct Defines<'u> {
    /// Its literal names (an alias also without `alias/`; a configuration's source bucket and
    /// role as written, the bucket also by name).
    names: Vec<Cow<'u, str>>,
    /// True when a name has unknown parts, or a setting's bucket is unresolved: its unit is open.
    open: bool,
    /// True when a name is made of a resource's name (or the account, or the partition) and more:
    /// it may equal any text of any unit.
    spells: bool,
}

/// What resource `r` of `config` defines.
fn defines<'u>(config: &'u Configuration, r: &'u Resource, bases: &Bases<'u>) -> Defines<'u> {
    let mut out = Defines::default();
    let kind = kind_of(config.dialect, r);
    for name in names_of(config.dialect, kind, r) {
        match &name.kind {
            ValueKind::Null => {}
            ValueKind::Str(text) => {
                let bare = text
                    .strip_prefix("alias/")
                    .filter(|_| kind == NodeKind::KmsAlias);
                out.names
                    .extend(bare.into_iter().chain([text.as_str()]).map(Cow::Borrowed));
            }
            _ => {
                let mut walked = Walked::default();
                walk(name, &mut walked, &mut |_| {});
                let mut targets = walked.targets.iter().chain(&walked.joined);
                if targets.any(|target| spells_text(target, bases)) {
                    out.spells = true;
                } else {
                    out.open = true;
                }
            }
        }
    }
    for value in compared_of(config.dialect, kind, r) {
        match &value.kind {
            ValueKind::Str(text) => {
                let name = bucket_name(text).filter(|name| name != text);
                out.names
                    .extend(name.into_iter().chain([text.as_str()]).map(Cow::Borrowed));
            }
            ValueKind::Null | ValueKind::Ref(_) => {}
            _ => out.open = true,
        }
    }
    out.open |= r.unexpanded.is_some() || !settings_bucket_closed(r, kind, bases, config);
    out
}

/// The names of a run, for finding the texts that spell one.
struct Names<'u> {
    /// The first resource defining each name.
    by_name: FxHashMap<&'u str, usize>,
    /// For each first byte, the lengths (modulo 64) of the names that start with it: most texts
    /// are told apart from every name without hashing them.
    starts: [u64; 256],
}

impl<'u> Names<'u> {
    /// The names `defines` lists, each found by its first definer; resources that define the
    /// same name are joined in `sets`.
    fn new(defines: &'u [Defines<'u>], sets: &mut Sets) -> Names<'u> {
        let mut by_name: FxHashMap<&str, usize> = FxHashMap::default();
        for (g, defined) in defines.iter().enumerate() {
            for name in &defined.names {
                match by_name.entry(name.as_ref()) {
                    Entry::Occupied(other) => sets.union(*other.get(), g),
                    Entry::Vacant(slot) => {
                        slot.insert(g);
                    }
                }
            }
        }
        let mut starts = [0u64; 256];
        for name in by_name.keys() {
            starts[first_byte(name)] |= 1 << (name.len() % 64);
        }
        Names { by_name, starts }
    }

    /// The resources whose names `text` may spell: the whole text, any text between
    /// delimiters, an alias (`alias/...` to the end of the text or to the next delimiter that is
    /// not `/`).
    fn spelled_by(&self, text: &str, out: &mut Vec<usize>) {
        let mut look = |candidate: &str| {
            if self.starts[first_byte(candidate)] & (1 << (candidate.len() % 64)) != 0
                && let Some(&definer) = self.by_name.get(candidate)
            {
                out.push(definer);
            }
        };
        look(text);
        for (at, piece) in pieces(text) {
            look(piece);
            let alias = &text[at..];
            if piece == "alias" && alias[5..].starts_with('/') {
                look(alias);
                let end = alias.bytes().position(|b| b != b'/' && is_delimiter(b));
                look(&alias[..end.unwrap_or(alias.len())]);
            }
        }
    }
}

/// The first byte of a text (0 for the empty text).
fn first_byte(text: &str) -> usize {
    text.as_bytes().first().map_or(0, |&b| usize::from(b))
}

/// What a resource refers to and spells, and whether that splits its unit.
#[derive(Default)]
struct Links {
    /// The resources of its unit it refers to.
    refers_to: Vec<usize>,
    /// The resources of the run whose names its texts may spell.
    spelled: Vec<usize>,
    /// True when it holds an unknown value, a reference to something that is not a resource of
    /// its unit, or a reference joined to more text: its unit is open.
    open: bool,
    /// True when it joins a resource's name (or the account, or the partition) to more text.
    spells: bool,
}

/// What resource `r` of `config` refers to and spells.
fn links(config: &Configuration, r: &Resource, bases: &Bases<'_>, names: &Names<'_>) -> Links {
    let mut out = Links::default();
    let mut walked = Walked::default();
    let mut spelled = Vec::new();
    walk(&r.body, &mut walked, &mut |text| {
        names.spelled_by(&text, &mut spelled)
    });
    out.spelled = spelled;
    out.open = config.from_plan || walked.unknown || !walked.joined.is_empty();
    out.spells = walked
        .joined
        .iter()
        .any(|target| spells_text(target, bases));
    let targets = walked
        .targets
        .into_iter()
        .chain(r.depends_on.iter().map(|(target, _)| target.as_str()));
    for target in targets {
        match bases.get(target) {
            Some(j) if target != ANY_RESOURCE => out.refers_to.push(j),
            _ => out.open = true,
        }
    }
    out
}

/// Whether a reference written next to other text may make a literal of any unit (or a symbol
/// shared by all): a resource of the unit (its name), the account or the partition.
fn spells_text(target: &str, bases: &Bases<'_>) -> bool {
    matches!(target, "AWS::AccountId" | "AWS::Partition") || bases.get(target).is_some()
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
    bases: &Bases<'_>,
    config: &Configuration,
) -> bool {
    let configures_bucket = config.dialect == Dialect::Terraform
        && (r.type_name.starts_with("aws_s3_bucket_") || kind == NodeKind::Versioning);
    let Some(bucket) = r.body.get("bucket").filter(|_| configures_bucket) else {
        return true;
    };
    match &bucket.kind {
        ValueKind::Str(_) => true,
        ValueKind::Ref(reference) => bases
            .get(&reference.target)
            .and_then(|j| config.resources.get(j))
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
        Some(TextPart::Lit(s)) => side(s).is_none_or(|c| !c.is_ascii() || is_delimiter(c as u8)),
        Some(_) => false,
    }
}

/// Whether a byte may not be part of a bucket, role, alias or key name: names are the text
/// between such bytes. Names are ASCII, so every byte of a non-ASCII character is one.
fn is_delimiter(byte: u8) -> bool {
    DELIMITERS[usize::from(byte)]
}

/// [`is_delimiter`] for every byte.
const DELIMITERS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = byte >= 0x80
            || (byte as u8).is_ascii_whitespace()
            || matches!(
                byte as u8,
                b':' | b'/'
                    | b'"'
                    | b'\''
                    | b'*'
                    | b'?'
                    | b'$'
                    | b'{'
                    | b'}'
                    | b'['
                    | b']'
                    | b'('
                    | b')'
                    | b'<'
                    | b'>'
                    | b'|'
                    | b'\\'
                    | b'!'
                    | b'#'
                    | b'%'
                    | b'^'
                    | b'&'
                    | b'~'
                    | b'`'
                    | b';'
                    | b'\x0b'
            );
        byte += 1;
    }
    table
};

/// The pieces of `text` between delimiters, with their byte offsets (every piece is ASCII, so
/// its ends are character boundaries).
fn pieces(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && is_delimiter(bytes[at]) {
            at += 1;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && !is_delimiter(bytes[at]) {
            at += 1;
        }
        Some((start, &text[start..at]))
    })
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
