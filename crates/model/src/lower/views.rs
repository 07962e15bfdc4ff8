//! Reads a bucket, a role and a KMS key, and the bucket's settings (versioning, encryption,
//! ownership, Object Lock), into the typed views, in any format, through the format's tables in
//! `keys.rs`.

use super::keys::{
    BUCKET, ENCRYPTION, EncryptionKeys, KEY, OBJECT_LOCK, OWNERSHIP, OwnershipKeys, ROLE,
    VersioningKeys,
};
use super::node;
use crate::{
    Bucket, Encryption, KmsKey, Model, Node, NodeKind, ObjectLock, Ownership, Role, UnitId,
    Versioning, VersioningStatus,
};
use rayon::prelude::*;
use repl_lint_source::Span;
use repl_lint_syntax::resource::{Dialect, Resource};
use repl_lint_syntax::value::Value;
use std::sync::Arc;

/// A resource read for registration: its node and its typed view, made apart from the model
/// (so resources are read in parallel) and added to it in order by [`Registered::add`].
pub struct Registered {
    node: Node,
    view: View,
    alias_target: Option<Value>,
}

/// The typed view of a resource, when it has one.
enum View {
    Bucket(Box<Bucket>),
    Role(Box<Role>),
    Key(Box<KmsKey>),
    None,
}

/// Reads `resources` in parallel with `read`, a chunk at a time, and adds each to the model in
/// order, calling `then` after each.
pub fn register_all(
    model: &mut Model,
    resources: &[Arc<Resource>],
    read: impl Fn(&Resource) -> Registered + Sync,
    mut then: impl FnMut(&mut Model, &Resource),
) {
    for chunk in resources.chunks(super::CHUNK) {
        let registered: Vec<Registered> = chunk.par_iter().map(|r| read(r)).collect();
        for (r, registered) in chunk.iter().zip(registered) {
            registered.add(model);
            then(model, r);
        }
    }
}

/// Reads resource `r` of `unit` as a node, and a bucket, role or KMS key as its typed view
/// (`versioning` reads the bucket's own versioning, written differently by each format).
pub fn read(
    unit: UnitId,
    r: &Resource,
    kind: NodeKind,
    dialect: Dialect,
    versioning: fn(&Resource) -> Option<Versioning>,
) -> Registered {
    let view = match kind {
        NodeKind::Bucket => View::Bucket(Box::new(bucket(unit, r, dialect, versioning(r)))),
        NodeKind::Role => View::Role(Box::new(role(unit, r, dialect))),
        NodeKind::KmsKey => View::Key(Box::new(kms_key(unit, r, dialect))),
        _ => View::None,
    };
    let alias_target = r
        .body
        .get(KEY.of(dialect).alias_target)
        .filter(|_| kind == NodeKind::KmsAlias)
        .cloned();
    Registered {
        node: node(unit, r, kind, dialect),
        view,
        alias_target,
    }
}

impl Registered {
    /// Adds the node (with the index of its view) and the view to the model.
    pub fn add(self, model: &mut Model) {
        let Registered {
            mut node,
            view,
            alias_target,
        } = self;
        node.index = match view {
            View::Bucket(bucket) => {
                model.buckets.push(*bucket);
                Some(model.buckets.len() - 1)
            }
            View::Role(role) => {
                model.roles.push(*role);
                Some(model.roles.len() - 1)
            }
            View::Key(key) => {
                model.keys.push(*key);
                Some(model.keys.len() - 1)
            }
            View::None => None,
        };
        if let Some(target) = alias_target {
            model
                .alias_targets
                .insert((node.unit, node.address.clone()), target);
        }
        // `build_model` made one `Nodes` per unit.
        if let Some(nodes) = model.nodes.get_mut(node.unit) {
            nodes.insert(node);
        }
    }
}

fn bucket(unit: UnitId, r: &Resource, dialect: Dialect, versioning: Option<Versioning>) -> Bucket {
    let keys = BUCKET.of(dialect);
    let body = &r.body;
    Bucket {
        unit,
        address: r.address.clone(),
        header: r.header,
        span: r.span,
        name: body.get(keys.name).cloned(),
        versioning: versioning.into_iter().collect(),
        encryption: encryption(body.path(keys.encryption_rules), ENCRYPTION.of(dialect)),
        ownership: keys
            .ownership_rules
            .map(|rules| ownership(body.path(rules), OWNERSHIP.of(dialect)))
            .unwrap_or_default(),
        object_lock: object_lock(body, dialect).into_iter().collect(),
        request_payer: keys.request_payer.and_then(|k| body.get(k)).cloned(),
    }
}

fn role(unit: UnitId, r: &Resource, dialect: Dialect) -> Role {
    let keys = ROLE.of(dialect);
    Role {
        unit,
        address: r.address.clone(),
        header: r.header,
        name: r.body.get(keys.name).cloned(),
        trust: None,
        trust_span: r.body.entry(keys.trust).map_or(r.header, |e| e.span),
        policies: Vec::new(),
        boundary: None,
    }
}

fn kms_key(unit: UnitId, r: &Resource, dialect: Dialect) -> KmsKey {
    let keys = KEY.of(dialect);
    let body = &r.body;
    let optional = |key: Option<&str>| key.and_then(|k| body.get(k)).cloned();
    KmsKey {
        unit,
        address: r.address.clone(),
        header: r.header,
        policy: None,
        enabled: body.get(keys.enabled).cloned(),
        key_spec: keys.key_spec.iter().find_map(|k| body.get(k)).cloned(),
        aliases: Vec::new(),
        arn: optional(keys.arn),
        state: optional(keys.state),
        is_data: r.is_data,
    }
}

/// The versioning configuration under `holder`: `missing` locates an absent status, `header`
/// the configuration, `resource` is the standalone resource's address.
pub fn versioning(
    holder: &Value,
    keys: &VersioningKeys,
    missing: Span,
    header: Span,
    resource: Option<String>,
) -> Versioning {
    let status_entry = holder
        .path(&[keys.configuration])
        .and_then(|c| c.single().entry(keys.status));
    let (status, status_span) = match status_entry {
        Some(e) => {
            let word = e.value.as_str();
            let status = keys.words.iter().find(|(w, _)| Some(*w) == word);
            (
                status.map_or(VersioningStatus::Unknown, |(_, s)| *s),
                e.span,
            )
        }
        None => (VersioningStatus::Unknown, missing),
    };
    Versioning {
        status,
        status_span,
        value: status_entry.map(|e| e.value.clone()),
        resource,
        header,
    }
}

/// The default encryption rules of a list of rules.
pub fn encryption(rules: Option<&Value>, keys: &EncryptionKeys) -> Vec<Encryption> {
    let rules = rules.map_or(&[][..], Value::items);
    rules
        .iter()
        .map(|rule| Encryption {
            algorithm: rule.path(keys.algorithm).cloned(),
            kms_key: rule.path(keys.kms_key).cloned(),
            bucket_key: rule.path(keys.bucket_key).cloned(),
            span: rule.span,
        })
        .collect()
}

/// The Object Ownership settings of a list of rules.
pub fn ownership(rules: Option<&Value>, keys: &OwnershipKeys) -> Vec<Ownership> {
    let rules = rules.map_or(&[][..], Value::items);
    rules
        .iter()
        .filter_map(|rule| {
            let e = rule.entry(keys.object_ownership)?;
            Some(Ownership {
                object_ownership: e.value.clone(),
                span: e.span,
            })
        })
        .collect()
}

/// The Object Lock switch of a bucket, or its lock configuration's status.
fn object_lock(body: &Value, dialect: Dialect) -> Option<ObjectLock> {
    let keys = OBJECT_LOCK.of(dialect);
    if let Some(e) = body.entry(keys.enabled) {
        return Some(ObjectLock {
            enabled: e.value.as_bool(),
            span: e.span,
        });
    }
    let configuration = body.entry(keys.configuration)?;
    match configuration
        .value
        .single()
        .entry(keys.configuration_enabled)
    {
        Some(e) => Some(ObjectLock {
            enabled: e.value.as_str().map(|s| s == "Enabled"),
            span: e.span,
        }),
        // A block built by an unexpanded `dynamic` may be absent at apply time.
        None if keys.configuration_enables => Some(ObjectLock {
            enabled: (!configuration.value.is_unknown()).then_some(true),
            span: configuration.key_span,
        }),
        None => None,
    }
}
