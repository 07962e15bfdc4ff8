//! Lowers CloudFormation resources (`AWS::S3::Bucket`, `AWS::IAM::Role`, ...) into the model.
//! Replication, versioning, encryption, ownership and Object Lock are properties of the bucket.

use super::attach::Attach;
use super::keys::{REPLICATION, VERSIONING};
use super::replication::{Site, replication};
use super::views::{self, versioning};
use crate::{BucketLink, Model, NodeKind, UnitId, Versioning};
use repl_lint_syntax::resource::{Configuration, Dialect, Resource};
use std::collections::HashMap;

const CFN: Dialect = Dialect::CloudFormation;

/// The kind of a CloudFormation resource type.
pub(super) fn kind_of(resource: &Resource) -> NodeKind {
    match resource.type_name.as_str() {
        "AWS::S3::Bucket" => NodeKind::Bucket,
        "AWS::S3::BucketPolicy" => NodeKind::BucketPolicy,
        "AWS::IAM::Role" => NodeKind::Role,
        "AWS::IAM::Policy" | "AWS::IAM::RolePolicy" => NodeKind::RolePolicy,
        "AWS::IAM::ManagedPolicy" => NodeKind::ManagedPolicy,
        "AWS::KMS::Key" => NodeKind::KmsKey,
        "AWS::KMS::Alias" => NodeKind::KmsAlias,
        _ => NodeKind::Other,
    }
}

/// Phase 1: registers every resource as a node, and buckets, roles and keys as typed views.
pub fn register(model: &mut Model, unit: UnitId, config: &Configuration) {
    let read = |r: &Resource| views::read(unit, r, kind_of(r), CFN, bucket_versioning);
    views::register_all(model, &config.resources, read, |_, _| {});
}

/// Phase 2: links policies, bucket policies, keys and the buckets' replication configurations.
pub fn link(model: &mut Model, unit: UnitId, config: &Configuration) {
    link_policies(model, unit, config);
    let keys = &REPLICATION.cloudformation;
    for r in config
        .resources
        .iter()
        .filter(|r| kind_of(r) == NodeKind::Bucket)
    {
        let Some(entry) = r.body.entry(keys.in_bucket) else {
            continue;
        };
        let Some(index) = model.node(unit, &r.address).and_then(|n| n.index) else {
            continue;
        };
        let site = Site {
            body: &entry.value,
            span: entry.span,
            inline: true,
            source: BucketLink::Found(index),
            source_span: entry.key_span,
            source_value: None,
            role_missing: entry.key_span,
            rules_missing: entry.span,
        };
        let replication = replication(unit, r, CFN, false, keys, site);
        model.replications.push(replication);
    }
}

/// A bucket's `VersioningConfiguration`.
fn bucket_versioning(r: &Resource) -> Option<Versioning> {
    let keys = &VERSIONING.cloudformation;
    let entry = r.body.entry(keys.configuration)?;
    Some(versioning(&r.body, keys, entry.span, entry.key_span, None))
}

fn link_policies(model: &mut Model, unit: UnitId, config: &Configuration) {
    let attach = Attach::new(model, unit, &config.resources, CFN, HashMap::new());
    let found = attach.each(&config.resources, |attach, r, found| match kind_of(r) {
        NodeKind::Role => attach.role(r, found),
        NodeKind::RolePolicy | NodeKind::ManagedPolicy => attach.policy(r, found),
        NodeKind::BucketPolicy => attach.bucket_policy(r, found),
        NodeKind::KmsKey => attach.key_policy(r, found),
        NodeKind::KmsAlias => attach.alias(r, found),
        _ => {}
    });
    found.apply(model);
}
