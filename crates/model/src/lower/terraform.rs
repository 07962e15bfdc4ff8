//! Lowers Terraform AWS provider resources (`aws_s3_bucket`, `aws_iam_role`, ...) into the model.
//! Both the standalone resources of provider v4+ and the legacy inline blocks of v3 are read.

use super::attach::Attach;
use super::keys::{ENCRYPTION, OWNERSHIP, REPLICATION, TERRAFORM_INLINE_REPLICATION, VERSIONING};
use super::replication::{Site, replication};
use super::views::{self, encryption, ownership, versioning};
use crate::{
    BucketLink, BucketPolicy, Encryption, Model, NodeKind, ObjectLock, Ownership, Replication,
    UnitId, Versioning, VersioningStatus,
};
use rayon::prelude::*;
use repl_lint_syntax::resource::{Configuration, Dialect, Resource};
use repl_lint_syntax::value::{Value, ValueKind};

/// Terraform source and plans: a plan is lowered by `syntax/plan` into the same resources.
const TF: Dialect = Dialect::Terraform;

/// The key of the bucket a standalone bucket setting (`aws_s3_bucket_*`) configures.
const SETTINGS_BUCKET: &str = "bucket";

/// The kind of a Terraform resource type.
pub(super) fn kind_of(resource: &Resource) -> NodeKind {
    match (resource.is_data, resource.type_name.as_str()) {
        (false, "aws_s3_bucket") => NodeKind::Bucket,
        (false, "aws_s3_bucket_versioning") => NodeKind::Versioning,
        (false, "aws_s3_bucket_replication_configuration") => NodeKind::Replication,
        (false, "aws_iam_role") => NodeKind::Role,
        (false, "aws_iam_role_policy") => NodeKind::RolePolicy,
        (false, "aws_iam_policy") => NodeKind::ManagedPolicy,
        (
            false,
            "aws_iam_role_policy_attachment"
            | "aws_iam_policy_attachment"
            | "aws_iam_role_policy_attachments_exclusive",
        ) => NodeKind::PolicyAttachment,
        (false, "aws_s3_bucket_policy") => NodeKind::BucketPolicy,
        // A key read by a data source is linked too: a plan holds its state and ARN.
        (_, "aws_kms_key") => NodeKind::KmsKey,
        (false, "aws_kms_alias") => NodeKind::KmsAlias,
        (true, "aws_iam_policy_document") => NodeKind::PolicyDocument,
        _ => NodeKind::Other,
    }
}

/// Phase 1: registers every resource as a node, and buckets, roles and keys as typed views.
pub fn register(model: &mut Model, unit: UnitId, config: &Configuration) {
    let read = |r: &Resource| views::read(unit, r, kind_of(r), TF, inline_versioning);
    views::register_all(model, &config.resources, read, |model, r| {
        let configures_bucket = r.type_name.starts_with("aws_s3_bucket_") && !r.is_data;
        if let Some(bucket) = r.body.get(SETTINGS_BUCKET).filter(|_| configures_bucket) {
            model
                .bucket_attributes
                .insert((unit, r.address.clone()), bucket.clone());
        }
    });
}

/// Phase 2: links versioning, policies, bucket policies and replication configurations.
pub fn link(model: &mut Model, unit: UnitId, config: &Configuration) {
    link_versioning(model, unit, config);
    link_bucket_settings(model, unit, config);
    link_policies(model, unit, config);
    // Each configuration is read apart from the model (in parallel), then added in order.
    let read: Vec<Replication> = (config.resources.par_iter())
        .filter_map(|r| read_replication(model, unit, config, r))
        .collect();
    model.replications.extend(read);
}

/// The replication configuration resource `r` is or holds (the legacy inline block).
fn read_replication(
    model: &Model,
    unit: UnitId,
    config: &Configuration,
    r: &Resource,
) -> Option<Replication> {
    if kind_of(r) == NodeKind::Replication {
        let keys = &REPLICATION.terraform;
        let source_value = r.body.get(SETTINGS_BUCKET);
        let site = Site {
            body: &r.body,
            span: r.span,
            inline: false,
            source: source_value.map_or(BucketLink::External("bucket not set".into()), |v| {
                model.resolve_bucket(unit, v)
            }),
            source_span: r.body.entry(SETTINGS_BUCKET).map_or(r.header, |e| e.span),
            source_value: source_value.cloned(),
            role_missing: r.header,
            rules_missing: r.body.span,
        };
        return Some(replication(unit, r, TF, config.from_plan, keys, site));
    }
    // A `dynamic "replication_configuration"` block may expand to nothing: not read here.
    let entry = r
        .body
        .entry(TERRAFORM_INLINE_REPLICATION.in_bucket)
        .filter(|e| kind_of(r) == NodeKind::Bucket && !e.value.is_unknown())?;
    let index = model.node(unit, &r.address).and_then(|n| n.index);
    let body = entry.value.single();
    let site = Site {
        body,
        span: entry.span,
        inline: true,
        source: index.map_or(BucketLink::External(r.address.clone()), BucketLink::Found),
        source_span: entry.key_span,
        source_value: None,
        role_missing: r.header,
        rules_missing: body.span,
    };
    let keys = &TERRAFORM_INLINE_REPLICATION;
    Some(replication(unit, r, TF, config.from_plan, keys, site))
}

/// The legacy inline `versioning { enabled = ... }` block of `aws_s3_bucket`.
fn inline_versioning(r: &Resource) -> Option<Versioning> {
    let entry = r.body.entry("versioning")?;
    let block = entry.value.single();
    let enabled = block.entry("enabled");
    let (status, status_span) = match enabled {
        Some(e) => match e.value.as_bool() {
            Some(true) => (VersioningStatus::Enabled, e.span),
            Some(false) => (VersioningStatus::Disabled, e.span),
            None => (VersioningStatus::Unknown, e.span),
        },
        None if block.is_unknown() => (VersioningStatus::Unknown, entry.span),
        None => (VersioningStatus::Disabled, entry.key_span),
    };
    Some(Versioning {
        status,
        status_span,
        value: enabled.map(|e| e.value.clone()),
        resource: None,
        header: entry.key_span,
    })
}

/// Links the standalone resources that configure a bucket's encryption, Object Ownership,
/// request payment and Object Lock.
fn link_bucket_settings(model: &mut Model, unit: UnitId, config: &Configuration) {
    // Each setting is read and its bucket resolved apart (in parallel), then added in order.
    let settings: Vec<(usize, Setting)> = (config.resources.par_iter())
        .filter_map(|r| {
            let rules = r.body.get("rule");
            let setting = match r.type_name.as_str() {
                "aws_s3_bucket_server_side_encryption_configuration" => {
                    Setting::Encryption(encryption(rules, &ENCRYPTION.terraform))
                }
                "aws_s3_bucket_ownership_controls" => {
                    Setting::Ownership(ownership(rules, &OWNERSHIP.terraform))
                }
                "aws_s3_bucket_request_payment_configuration" => {
                    Setting::Payer(r.body.get("payer").cloned())
                }
                "aws_s3_bucket_object_lock_configuration" => {
                    let enabled = r.body.entry("object_lock_enabled");
                    Setting::Lock(ObjectLock {
                        enabled: enabled
                            .map_or(Some(true), |e| e.value.as_str().map(|s| s == "Enabled")),
                        span: enabled.map_or(r.header, |e| e.span),
                    })
                }
                _ => return None,
            };
            match model.resolve_bucket(unit, r.body.get(SETTINGS_BUCKET)?) {
                BucketLink::Found(i) => Some((i, setting)),
                _ => None,
            }
        })
        .collect();
    for (i, setting) in settings {
        let Some(bucket) = model.buckets.get_mut(i) else {
            continue;
        };
        match setting {
            Setting::Encryption(found) => bucket.encryption.extend(found),
            Setting::Ownership(found) => bucket.ownership.extend(found),
            Setting::Payer(payer) => bucket.request_payer = payer,
            Setting::Lock(lock) => bucket.object_lock.push(lock),
        }
    }
}

/// A standalone bucket setting, read.
enum Setting {
    Encryption(Vec<Encryption>),
    Ownership(Vec<Ownership>),
    Payer(Option<Value>),
    Lock(ObjectLock),
}

/// Where a standalone versioning resource belongs.
enum VersioningOf {
    /// A bucket of the files.
    Bucket(usize),
    /// A bucket named literally that is not in the files.
    Outside,
    /// A bucket that cannot be told (it may be any bucket of the unit).
    Unknown,
}

/// Links the standalone `aws_s3_bucket_versioning` resources to their buckets.
fn link_versioning(model: &mut Model, unit: UnitId, config: &Configuration) {
    // Each is read and its bucket resolved apart (in parallel), then added in order.
    let found: Vec<(Versioning, VersioningOf)> = (config.resources.par_iter())
        .filter(|r| kind_of(r) == NodeKind::Versioning)
        .map(|r| {
            let address = Some(r.address.clone());
            let versioning =
                versioning(&r.body, &VERSIONING.terraform, r.header, r.header, address);
            let bucket = r.body.get(SETTINGS_BUCKET);
            let of = match bucket.map(|v| (v, model.resolve_bucket(unit, v))) {
                Some((_, BucketLink::Found(i))) => VersioningOf::Bucket(i),
                Some((v, BucketLink::External(_))) if !model.sym(unit, v).is_symbolic() => {
                    VersioningOf::Outside
                }
                _ => VersioningOf::Unknown,
            };
            (versioning, of)
        })
        .collect();
    for (versioning, of) in found {
        match of {
            VersioningOf::Bucket(i) => {
                if let Some(b) = model.buckets.get_mut(i) {
                    b.versioning.push(versioning);
                }
            }
            VersioningOf::Outside => {}
            VersioningOf::Unknown if model.units_with_unattached_versioning.contains(&unit) => {}
            VersioningOf::Unknown => model.units_with_unattached_versioning.push(unit),
        }
    }
}

fn link_policies(model: &mut Model, unit: UnitId, config: &Configuration) {
    let documents = config
        .resources
        .iter()
        .filter(|r| kind_of(r) == NodeKind::PolicyDocument)
        .map(|r| (r.address.as_str(), &**r))
        .collect();
    let attach = Attach::new(model, unit, &config.resources, TF, documents);
    let found = attach.each(&config.resources, |attach, r, found| {
        let body = &r.body;
        match kind_of(r) {
            NodeKind::Role => attach.role(r, found),
            NodeKind::RolePolicy | NodeKind::ManagedPolicy => attach.policy(r, found),
            NodeKind::PolicyAttachment => {
                let roles: Vec<usize> = ["role", "roles", "role_name"]
                    .iter()
                    .filter_map(|k| body.get(k))
                    .flat_map(Value::items)
                    .filter_map(|v| attach.role_of(v))
                    .collect();
                // Each attached policy read once, granted to each role.
                let policies: Vec<_> = ["policy_arn", "policy_arns"]
                    .iter()
                    .filter_map(|k| body.get(k))
                    .flat_map(Value::items)
                    .map(|arn| attach.managed_policy(arn, &r.address))
                    .collect();
                for role in roles {
                    for policy in &policies {
                        found.grants.push((role, policy.clone()));
                    }
                }
            }
            NodeKind::KmsKey => attach.key_policy(r, found),
            NodeKind::KmsAlias => attach.alias(r, found),
            NodeKind::Other if r.type_name == "aws_kms_key_policy" => {
                let key = attach.key_of(body.get("key_id"));
                if let (Some(key), Some(doc)) = (key, body.get("policy")) {
                    let policy = attach.reader.read(doc, &r.address);
                    found.key_policies.push((key, policy));
                }
            }
            // Provider v3 (and v4.9+, deprecated): the bucket's own `policy` argument. A plan
            // writes an empty string for a bucket without one.
            NodeKind::Bucket => {
                let doc = body.get("policy").filter(|d| {
                    d.kind != ValueKind::Null && !d.is_unknown() && d.as_str() != Some("")
                });
                if let (Some(index), Some(doc)) = (attach.index(r), doc) {
                    let policy = BucketPolicy {
                        address: r.address.clone(),
                        bucket: BucketLink::Found(index),
                        policy: attach.reader.read(doc, &r.address),
                    };
                    found.bucket_policies.push(policy);
                }
            }
            NodeKind::BucketPolicy => attach.bucket_policy(r, found),
            _ => {}
        }
    });
    found.apply(model);
}
