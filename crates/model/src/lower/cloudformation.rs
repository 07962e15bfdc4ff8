//! Lowers CloudFormation resources (`AWS::S3::Bucket`, `AWS::IAM::Role`, ...) into the model.
//! Replication, versioning, encryption, ownership and Object Lock are properties of the bucket.

use super::policy::{PolicyReader, incomplete, well_known_managed_policy};
use super::{Found, add_node, path_or_unknown};
use crate::resolve::RoleLink;
use crate::{
    Bucket, BucketLink, BucketPolicy, Control, Destination, Encryption, FilterTag, KeyLink, KmsKey,
    Model, NodeKind, ObjectLock, Ownership, Replication, ReplicationRule, Role, Schema, Switch,
    UnitId, Versioning, VersioningStatus,
};
use repl_lint_iam::policy::Policy;
use repl_lint_syntax::resource::{Configuration, Dialect, Resource};
use repl_lint_syntax::value::Value;
use std::collections::HashMap;

/// The kind of a CloudFormation resource type.
fn kind_of(resource: &Resource) -> NodeKind {
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

/// Phase 1: registers every resource as a node, and buckets, roles and keys with their names.
pub fn register(model: &mut Model, unit: UnitId, config: &Configuration) {
    for r in &config.resources {
        let kind = kind_of(r);
        let body = &r.body;
        let index = match kind {
            NodeKind::Bucket => {
                model.buckets.push(Bucket {
                    unit,
                    address: r.address.clone(),
                    header: r.header,
                    span: r.span,
                    name: body.get("BucketName").cloned(),
                    versioning: versioning(body).into_iter().collect(),
                    encryption: encryption(body),
                    ownership: ownership(body),
                    object_lock: object_lock(body).into_iter().collect(),
                    request_payer: None,
                });
                Some(model.buckets.len() - 1)
            }
            NodeKind::Role => {
                model.roles.push(Role {
                    unit,
                    address: r.address.clone(),
                    header: r.header,
                    name: body.get("RoleName").cloned(),
                    trust: None,
                    trust_span: body
                        .entry("AssumeRolePolicyDocument")
                        .map_or(r.header, |e| e.span),
                    policies: Vec::new(),
                    boundary: None,
                });
                Some(model.roles.len() - 1)
            }
            NodeKind::KmsKey => {
                model.keys.push(KmsKey {
                    unit,
                    address: r.address.clone(),
                    header: r.header,
                    policy: None,
                    enabled: body.get("Enabled").cloned(),
                    key_spec: body.get("KeySpec").cloned(),
                    aliases: Vec::new(),
                    arn: None,
                    state: None,
                    is_data: false,
                });
                Some(model.keys.len() - 1)
            }
            _ => None,
        };
        add_node(model, unit, r, kind, Dialect::CloudFormation, index);
        if let Some(target) = body
            .get("TargetKeyId")
            .filter(|_| kind == NodeKind::KmsAlias)
        {
            model
                .alias_targets
                .insert((unit, r.address.clone()), target.clone());
        }
    }
}

/// Phase 2: links policies, bucket policies, keys and the buckets' replication configurations.
pub fn link(model: &mut Model, unit: UnitId, config: &Configuration) {
    let by_address = config.by_address();
    link_policies(model, unit, config, &by_address);
    for r in config
        .resources
        .iter()
        .filter(|r| kind_of(r) == NodeKind::Bucket)
    {
        let Some(entry) = r.body.entry("ReplicationConfiguration") else {
            continue;
        };
        let Some(index) = model.node(unit, &r.address).and_then(|n| n.index) else {
            continue;
        };
        let config = &entry.value;
        let rules = match config.get("Rules") {
            Some(v) if v.is_unknown() => None,
            Some(v) => Some(v.items().iter().map(read_rule).collect()),
            None => Some(Vec::new()),
        };
        model.replications.push(Replication {
            unit,
            address: r.address.clone(),
            dialect: Dialect::CloudFormation,
            header: r.header,
            span: entry.span,
            inline: true,
            from_plan: false,
            source: BucketLink::Found(index),
            source_span: entry.key_span,
            source_value: None,
            role: config.get("Role").cloned(),
            role_span: config.entry("Role").map_or(entry.key_span, |e| e.span),
            rules,
            rules_span: config.entry("Rules").map_or(entry.span, |e| e.span),
            unexpanded: None,
        });
    }
}

fn versioning(body: &Value) -> Option<Versioning> {
    let entry = body.entry("VersioningConfiguration")?;
    let status_entry = entry.value.entry("Status");
    let (status, status_span) = match status_entry {
        Some(e) => (
            match e.value.as_str() {
                Some("Enabled") => VersioningStatus::Enabled,
                Some("Suspended") => VersioningStatus::Suspended,
                _ => VersioningStatus::Unknown,
            },
            e.span,
        ),
        None => (VersioningStatus::Unknown, entry.span),
    };
    Some(Versioning {
        status,
        status_span,
        value: status_entry.map(|e| e.value.clone()),
        resource: None,
        header: entry.key_span,
    })
}

fn encryption(body: &Value) -> Vec<Encryption> {
    let rules = body
        .path(&["BucketEncryption", "ServerSideEncryptionConfiguration"])
        .map_or(&[][..], Value::items);
    rules
        .iter()
        .map(|rule| {
            let default = rule.get("ServerSideEncryptionByDefault");
            Encryption {
                algorithm: default.and_then(|d| d.get("SSEAlgorithm")).cloned(),
                kms_key: default.and_then(|d| d.get("KMSMasterKeyID")).cloned(),
                bucket_key: rule.get("BucketKeyEnabled").cloned(),
                span: rule.span,
            }
        })
        .collect()
}

fn ownership(body: &Value) -> Vec<Ownership> {
    let rules = body
        .path(&["OwnershipControls", "Rules"])
        .map_or(&[][..], Value::items);
    rules
        .iter()
        .filter_map(|rule| {
            let e = rule.entry("ObjectOwnership")?;
            Some(Ownership {
                object_ownership: e.value.clone(),
                span: e.span,
            })
        })
        .collect()
}

fn object_lock(body: &Value) -> Option<ObjectLock> {
    if let Some(e) = body.entry("ObjectLockEnabled") {
        return Some(ObjectLock {
            enabled: e.value.as_bool(),
            span: e.span,
        });
    }
    let e = body
        .entry("ObjectLockConfiguration")?
        .value
        .entry("ObjectLockEnabled")?;
    Some(ObjectLock {
        enabled: e.value.as_str().map(|s| s == "Enabled"),
        span: e.span,
    })
}

fn switch(v: &Value) -> Switch {
    Switch {
        enabled: v.as_str().map(|s| s == "Enabled"),
        span: v.span,
    }
}

fn read_rule(rule: &Value) -> ReplicationRule {
    let filter_entry = rule.entry("Filter");
    let filter = filter_entry.map(|e| &e.value);
    let criteria = rule.get("SourceSelectionCriteria");
    let destination = match rule.entry("Destination") {
        Some(e) => {
            let d = &e.value;
            let timed = |name: &str, threshold: &str| {
                d.entry(name)
                    .map(|e| Control::read(e, ["Status", "Minutes"], Some(threshold), switch))
            };
            let translation = d.get("AccessControlTranslation");
            Destination {
                bucket: d.get("Bucket").cloned(),
                bucket_span: d.entry("Bucket").map_or(e.span, |b| b.span),
                span: e.span,
                account: d.get("Account").cloned(),
                storage_class: d.get("StorageClass").cloned(),
                access_control_translation: d.entry("AccessControlTranslation").map(|a| a.span),
                access_control_owner: translation
                    .and_then(|t| {
                        if t.is_unknown() {
                            Some(t)
                        } else {
                            t.get("Owner")
                        }
                    })
                    .cloned(),
                replica_kms_key: path_or_unknown(
                    d,
                    &["EncryptionConfiguration", "ReplicaKmsKeyID"],
                )
                .cloned(),
                replication_time: timed("ReplicationTime", "Time"),
                metrics: timed("Metrics", "EventThreshold"),
            }
        }
        None => Destination::absent(rule.span),
    };
    let has_unknown_parts = ReplicationRule::unknown_parts_in(rule);
    let prefix = rule.get("Prefix");
    let mut filter_tags_unknown = false;
    let mut filter_tags: Vec<FilterTag> = filter
        .and_then(|f| f.get("TagFilter"))
        .and_then(|t| FilterTag::from_object(t, ["Key", "Value"]))
        .into_iter()
        .collect();
    if let Some(tags) = filter.and_then(|f| f.path(&["And", "TagFilters"])) {
        filter_tags_unknown = tags.is_unknown();
        filter_tags.extend(
            tags.items()
                .iter()
                .filter_map(|t| FilterTag::from_object(t, ["Key", "Value"])),
        );
    }
    ReplicationRule {
        id: rule.get("Id").cloned(),
        span: rule.span,
        enabled: rule
            .get("Status")
            .and_then(Value::as_str)
            .map(|s| s == "Enabled"),
        status: rule.get("Status").cloned(),
        prefix: prefix.cloned(),
        has_filter: filter.is_some(),
        // A rule with neither `Prefix` nor `Filter` is a V1 rule for every object (AWS's own
        // sample templates omit both).
        schema: match (has_unknown_parts, filter) {
            (true, _) => None,
            (false, Some(_)) => Some(Schema::V2),
            (false, None) => Some(Schema::V1),
        },
        filter_span: filter_entry.map(|e| e.span),
        filter_tags,
        filter_tags_unknown,
        // Not a property of AWS::S3::Bucket's ReplicationRule.
        existing_object_replication: None,
        has_unknown_parts,
        filter_elements: ReplicationRule::filter_elements_of(filter),
        filter_prefix: filter
            .and_then(|f| f.get("Prefix").or_else(|| f.path(&["And", "Prefix"])))
            .cloned(),
        delete_marker_replication: rule
            .path(&["DeleteMarkerReplication", "Status"])
            .map(switch),
        priority: rule.get("Priority").cloned(),
        sse_kms_encrypted_objects: criteria
            .and_then(|c| path_or_unknown(c, &["SseKmsEncryptedObjects", "Status"]))
            .map(switch),
        replica_modifications: criteria
            .and_then(|c| c.path(&["ReplicaModifications", "Status"]))
            .map(switch),
        destination,
    }
}

fn link_policies(
    model: &mut Model,
    unit: UnitId,
    config: &Configuration,
    by_address: &HashMap<&str, &Resource>,
) {
    let reader = PolicyReader {
        model,
        unit,
        documents: HashMap::new(),
    };
    let mut found = Found::default();
    // `Ref` of an AWS::IAM::ManagedPolicy yields its ARN: follow it to the document.
    let managed_policy = |arn: &Value, origin: &str| -> Policy {
        let target = arn.references().first().map(|(r, _)| r.target.clone());
        match target.as_deref().and_then(|t| by_address.get(t)) {
            Some(p) if kind_of(p) == NodeKind::ManagedPolicy => {
                match p.body.get("PolicyDocument") {
                    Some(doc) => reader.read(doc, &p.address),
                    None => incomplete(p.header, &p.address),
                }
            }
            _ => well_known_managed_policy(arn).unwrap_or_else(|| incomplete(arn.span, origin)),
        }
    };
    let role_of = |v: &Value| match model.resolve_role(unit, v) {
        RoleLink::Found(i, _) => Some(i),
        _ => None,
    };
    let key_of = |v: Option<&Value>| match v.map(|v| model.resolve_key(unit, v)) {
        Some(KeyLink::Found(i)) => Some(i),
        _ => None,
    };
    for r in &config.resources {
        let body = &r.body;
        let index = model.node(unit, &r.address).and_then(|n| n.index);
        match kind_of(r) {
            NodeKind::Role => {
                let Some(role) = index else { continue };
                if let Some(doc) = body.get("AssumeRolePolicyDocument") {
                    found.trust.push((role, reader.read(doc, &r.address)));
                }
                for inline in body.get("Policies").map_or(&[][..], Value::items) {
                    if let Some(doc) = inline.get("PolicyDocument") {
                        found.grants.push((role, reader.read(doc, &r.address)));
                    }
                }
                for arn in body.get("ManagedPolicyArns").map_or(&[][..], Value::items) {
                    found.grants.push((role, managed_policy(arn, &r.address)));
                }
                if let Some(arn) = body.get("PermissionsBoundary") {
                    found
                        .boundaries
                        .push((role, managed_policy(arn, &r.address)));
                }
            }
            NodeKind::RolePolicy | NodeKind::ManagedPolicy => {
                let Some(doc) = body.get("PolicyDocument") else {
                    continue;
                };
                let roles = body.get("Roles").map_or(&[][..], Value::items);
                for role in roles.iter().chain(body.get("RoleName")).filter_map(role_of) {
                    found.grants.push((role, reader.read(doc, &r.address)));
                }
            }
            NodeKind::BucketPolicy => {
                if let (Some(bucket), Some(doc)) = (body.get("Bucket"), body.get("PolicyDocument"))
                {
                    found.bucket_policies.push(BucketPolicy {
                        address: r.address.clone(),
                        bucket: model.resolve_bucket(unit, bucket),
                        policy: reader.read(doc, &r.address),
                    });
                }
            }
            NodeKind::KmsKey => {
                if let (Some(key), Some(doc)) = (index, body.get("KeyPolicy")) {
                    found.key_policies.push((key, reader.read(doc, &r.address)));
                }
            }
            NodeKind::KmsAlias => {
                if let (Some(key), Some(name)) =
                    (key_of(body.get("TargetKeyId")), body.get("AliasName"))
                {
                    found.aliases.push((key, name.clone()));
                }
            }
            _ => {}
        }
    }
    found.apply(model);
}
