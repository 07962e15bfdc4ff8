//! Lowering: turns parsed configurations (format-specific resource types and attribute names)
//! into the typed, linked [`Model`] that rules read.

mod attach;
mod cloudformation;
mod keys;
mod policy;
mod replication;
mod terraform;
#[cfg(test)]
pub(crate) mod tests;
mod views;

use crate::{BucketPolicy, Model, Node, NodeKind, Nodes, UnitId};
use repl_lint_iam::policy::Policy;
use repl_lint_syntax::resource::{Configuration, Dialect, Resource};
use repl_lint_syntax::value::{Value, ValueKind};

/// Builds the linked model of a whole run from its configuration units (index = unit id).
pub fn build_model(units: &[Configuration]) -> Model {
    // Nodes sized up front: growing half a million would copy them and hold both copies.
    let mut model = Model {
        nodes: units
            .iter()
            .map(|config| Nodes::with_capacity(config.resources.len()))
            .collect(),
        ..Model::default()
    };
    reserve_views(&mut model, units);
    for (unit, config) in units.iter().enumerate() {
        match config.dialect {
            Dialect::Terraform => terraform::register(&mut model, unit, config),
            Dialect::CloudFormation => cloudformation::register(&mut model, unit, config),
        }
    }
    model.index_names();
    crate::placement::assign(&mut model, units);
    for (unit, config) in units.iter().enumerate() {
        match config.dialect {
            Dialect::Terraform => terraform::link(&mut model, unit, config),
            Dialect::CloudFormation => cloudformation::link(&mut model, unit, config),
        }
    }
    model
}

/// Sizes the lists of buckets, roles and keys up front: a list grown while half a million
/// buckets are added would hold its old and new room at once.
fn reserve_views(model: &mut Model, units: &[Configuration]) {
    let (mut buckets, mut roles, mut keys) = (0, 0, 0);
    for config in units {
        for r in &config.resources {
            match kind_of(config.dialect, r) {
                NodeKind::Bucket => buckets += 1,
                NodeKind::Role => roles += 1,
                NodeKind::KmsKey => keys += 1,
                _ => {}
            }
        }
    }
    model.buckets.reserve_exact(buckets);
    model.roles.reserve_exact(roles);
    model.keys.reserve_exact(keys);
}

/// How many resources are read at a time where lowering reads them in parallel and adds the
/// results to the model in order: only one chunk's results exist beside the model, not a whole
/// unit's.
pub(crate) const CHUNK: usize = 4096;

/// What a resource is, in its dialect.
pub(crate) fn kind_of(dialect: Dialect, r: &Resource) -> NodeKind {
    match dialect {
        Dialect::Terraform => terraform::kind_of(r),
        Dialect::CloudFormation => cloudformation::kind_of(r),
    }
}

/// The values by which the model finds a resource of `kind` from a name written as text (see
/// [`crate::resolve`]): a bucket's name, a role's name, an alias's name, a key's ARN.
pub(crate) fn names_of(dialect: Dialect, kind: NodeKind, r: &Resource) -> Vec<&Value> {
    let key = match kind {
        NodeKind::Bucket => Some(keys::BUCKET.of(dialect).name),
        NodeKind::Role => Some(keys::ROLE.of(dialect).name),
        NodeKind::KmsAlias => Some(keys::KEY.of(dialect).alias_name),
        NodeKind::KmsKey => keys::KEY.of(dialect).arn,
        _ => None,
    };
    key.and_then(|k| r.body.get(k)).into_iter().collect()
}

/// The values rules compare as text between replication configurations (a source bucket or a
/// role outside the files is told apart by how it is written): a standalone configuration's
/// source bucket and role, the role of a configuration written inside its bucket.
pub(crate) fn compared_of(dialect: Dialect, kind: NodeKind, r: &Resource) -> Vec<&Value> {
    let keys = keys::REPLICATION.of(dialect);
    match kind {
        NodeKind::Replication => ["bucket", keys.role]
            .iter()
            .filter_map(|k| r.body.get(k))
            .collect(),
        NodeKind::Bucket => r
            .body
            .get(keys.in_bucket)
            .and_then(|c| c.single().get(keys.role))
            .into_iter()
            .collect(),
        _ => Vec::new(),
    }
}

/// Policies and aliases found while reading a unit. The policy reader borrows the model, so they
/// are collected first and applied to the model afterwards.
#[derive(Default)]
struct Found {
    /// Trust policies by role index.
    trust: Vec<(usize, Policy)>,
    /// Permissions boundaries by role index.
    boundaries: Vec<(usize, Policy)>,
    /// Identity policies by role index.
    grants: Vec<(usize, Policy)>,
    /// Bucket policies.
    bucket_policies: Vec<BucketPolicy>,
    /// Key policies by key index.
    key_policies: Vec<(usize, Policy)>,
    /// Alias names by key index.
    aliases: Vec<(usize, Value)>,
}

impl Found {
    /// What `self` found, then what `next` found.
    fn append(mut self, next: Found) -> Found {
        let Found {
            trust,
            boundaries,
            grants,
            bucket_policies,
            key_policies,
            aliases,
        } = next;
        self.trust.extend(trust);
        self.boundaries.extend(boundaries);
        self.grants.extend(grants);
        self.bucket_policies.extend(bucket_policies);
        self.key_policies.extend(key_policies);
        self.aliases.extend(aliases);
        self
    }

    /// Attaches everything found to the roles, buckets and keys of the model.
    fn apply(self, model: &mut Model) {
        for (role, policy) in self.trust {
            if let Some(role) = model.roles.get_mut(role) {
                role.trust = Some(policy);
            }
        }
        for (role, policy) in self.boundaries {
            if let Some(role) = model.roles.get_mut(role) {
                role.boundary = Some(policy);
            }
        }
        for (role, policy) in self.grants {
            if let Some(role) = model.roles.get_mut(role) {
                role.policies.push(policy);
            }
        }
        model.bucket_policies.extend(self.bucket_policies);
        for (key, policy) in self.key_policies {
            if let Some(key) = model.keys.get_mut(key) {
                key.policy = Some(policy);
            }
        }
        for (key, name) in self.aliases {
            if let Some(key) = model.keys.get_mut(key) {
                key.aliases.push(name);
            }
        }
    }
}

/// The value at a path of keys (descending into single-element lists), or the first unknown
/// value met on the way: a block built by an expression the linter cannot read may hold it.
/// A `null` (an attribute set to `null`, as modules do for optional inputs) is absent.
fn path_or_unknown<'v>(value: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    let mut cur = value;
    for k in keys {
        if cur.is_unknown() {
            return Some(cur);
        }
        cur = cur.single().get(k)?;
    }
    (!matches!(cur.kind, ValueKind::Null)).then_some(cur)
}

/// A resource as a node of `unit`, with what it references or depends on (its view's index is
/// set when it is added to the model).
fn node(unit: UnitId, r: &Resource, kind: NodeKind, dialect: Dialect) -> Node {
    let used = r.body.references();
    let mut references = Vec::with_capacity(used.len() + r.depends_on.len());
    references.extend(
        used.into_iter()
            .map(|(used, span)| (used.target.clone(), span)),
    );
    references.extend(r.depends_on.iter().cloned());
    Node {
        unit,
        address: r.address.clone(),
        type_name: r.type_name.clone(),
        kind,
        dialect,
        header: r.header,
        span: r.span,
        index: None,
        references,
        depends_on: r.depends_on.iter().map(|(_, span)| *span).collect(),
        exists_before_apply: r.exists_before_apply,
        placement: Default::default(),
    }
}

impl Model {
    /// Fills the name indexes once every bucket and role is registered.
    fn index_names(&mut self) {
        // Sized up front, and a name usually names one resource: room for one index each.
        self.bucket_by_name.reserve(self.buckets.len());
        for i in 0..self.buckets.len() {
            let name = self.bucket_name_sym(i);
            let found = self.bucket_by_name.entry(name);
            found.or_insert_with(|| Vec::with_capacity(1)).push(i);
        }
        self.role_by_name.reserve(self.roles.len());
        for (i, role) in self.roles.iter().enumerate() {
            if let Some(name) = role.name.as_ref().and_then(|n| n.as_str()) {
                let found = self.role_by_name.entry(name.to_string());
                found.or_insert_with(|| Vec::with_capacity(1)).push(i);
            }
        }
    }
}
