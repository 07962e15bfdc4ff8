//! Lowers Terraform AWS provider resources (`aws_s3_bucket`, `aws_iam_role`, ...) into the model.
//! Both the standalone resources of provider v4+ and the legacy inline blocks of v3 are read.

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
use repl_lint_syntax::value::{Value, ValueKind};
use std::collections::HashMap;

/// The kind of a Terraform resource type.
fn kind_of(resource: &Resource) -> NodeKind {
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

/// Phase 1: registers every resource as a node, and buckets and roles with their names.
pub fn register(model: &mut Model, unit: UnitId, config: &Configuration) {
    for r in &config.resources {
        let kind = kind_of(r);
        let index = match kind {
            NodeKind::Bucket => {
                model.buckets.push(Bucket {
                    unit,
                    address: r.address.clone(),
                    header: r.header,
                    span: r.span,
                    name: r.body.get("bucket").cloned(),
                    versioning: inline_versioning(r).into_iter().collect(),
                    encryption: r
                        .body
                        .get("server_side_encryption_configuration")
                        .map(|c| encryption_rules(c.single()))
                        .unwrap_or_default(),
                    ownership: Vec::new(),
                    object_lock: inline_object_lock(r).into_iter().collect(),
                    request_payer: r.body.get("request_payer").cloned(),
                });
                Some(model.buckets.len() - 1)
            }
            NodeKind::KmsKey => {
                model.keys.push(KmsKey {
                    unit,
                    address: r.address.clone(),
                    header: r.header,
                    policy: None,
                    enabled: r.body.get("is_enabled").cloned(),
                    key_spec: r
                        .body
                        .get("customer_master_key_spec")
                        .or_else(|| r.body.get("key_spec"))
                        .cloned(),
                    aliases: Vec::new(),
                    arn: r.body.get("arn").cloned(),
                    state: r.body.get("key_state").cloned(),
                    is_data: r.is_data,
                });
                Some(model.keys.len() - 1)
            }
            NodeKind::Role => {
                model.roles.push(Role {
                    unit,
                    address: r.address.clone(),
                    header: r.header,
                    name: r.body.get("name").cloned(),
                    trust: None,
                    trust_span: r
                        .body
                        .entry("assume_role_policy")
                        .map_or(r.header, |e| e.span),
                    policies: Vec::new(),
                    boundary: None,
                });
                Some(model.roles.len() - 1)
            }
            _ => None,
        };
        add_node(model, unit, r, kind, Dialect::Terraform, index);
        if let Some(target) = r
            .body
            .get("target_key_id")
            .filter(|_| kind == NodeKind::KmsAlias)
        {
            model
                .alias_targets
                .insert((unit, r.address.clone()), target.clone());
        }
        let configures_bucket = r.type_name.starts_with("aws_s3_bucket_") && !r.is_data;
        if let Some(bucket) = r.body.get("bucket").filter(|_| configures_bucket) {
            model
                .bucket_attributes
                .insert((unit, r.address.clone()), bucket.clone());
        }
    }
}

/// Phase 2: links versioning, policies, bucket policies and replication configurations.
pub fn link(model: &mut Model, unit: UnitId, config: &Configuration) {
    let by_address = config.by_address();
    link_versioning(model, unit, config);
    link_bucket_settings(model, unit, config);
    link_policies(model, unit, config, &by_address);
    for r in &config.resources {
        if kind_of(r) == NodeKind::Replication {
            let source_value = r.body.get("bucket");
            let source = source_value.map_or(BucketLink::External("bucket not set".into()), |v| {
                model.resolve_bucket(unit, v)
            });
            let source_span = r.body.entry("bucket").map_or(r.header, |e| e.span);
            let replication = read_replication(
                r,
                &r.body,
                false,
                source,
                source_span,
                unit,
                config.from_plan,
            );
            model.replications.push(replication);
        } else if kind_of(r) == NodeKind::Bucket
            // A `dynamic "replication_configuration"` block may expand to nothing: not read here.
            && let Some(entry) = r
                .body
                .entry("replication_configuration")
                .filter(|e| !e.value.is_unknown())
        {
            let index = model.node(unit, &r.address).and_then(|n| n.index);
            let source = index.map_or(BucketLink::External(r.address.clone()), BucketLink::Found);
            let body = entry.value.single();
            let mut replication = read_replication(
                r,
                body,
                true,
                source,
                entry.key_span,
                unit,
                config.from_plan,
            );
            replication.span = entry.span;
            model.replications.push(replication);
        }
    }
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

/// `server_side_encryption_configuration { rule { apply_server_side_encryption_by_default {...} } }`
/// (inline) or the body of `aws_s3_bucket_server_side_encryption_configuration`.
fn encryption_rules(config: &Value) -> Vec<Encryption> {
    let rules = config.get("rule").map_or(&[][..], Value::items);
    rules
        .iter()
        .map(|rule| {
            let default = rule
                .path(&["apply_server_side_encryption_by_default"])
                .map(Value::single);
            Encryption {
                algorithm: default.and_then(|d| d.get("sse_algorithm")).cloned(),
                kms_key: default.and_then(|d| d.get("kms_master_key_id")).cloned(),
                bucket_key: rule.get("bucket_key_enabled").cloned(),
                span: rule.span,
            }
        })
        .collect()
}

/// `object_lock_enabled = true` (v4) or the legacy `object_lock_configuration` block.
fn inline_object_lock(r: &Resource) -> Option<ObjectLock> {
    if let Some(e) = r.body.entry("object_lock_enabled") {
        return Some(ObjectLock {
            enabled: e.value.as_bool(),
            span: e.span,
        });
    }
    let block = r.body.entry("object_lock_configuration")?;
    let enabled = block.value.single().entry("object_lock_enabled");
    // A block built by an unexpanded `dynamic` may be absent at apply time.
    let present = (!block.value.is_unknown()).then_some(true);
    Some(ObjectLock {
        enabled: enabled.map_or(present, |e| e.value.as_str().map(|s| s == "Enabled")),
        span: enabled.map_or(block.key_span, |e| e.span),
    })
}

/// Links the standalone resources that configure a bucket's encryption, Object Ownership and
/// Object Lock.
fn link_bucket_settings(model: &mut Model, unit: UnitId, config: &Configuration) {
    for r in &config.resources {
        let Some(BucketLink::Found(i)) =
            r.body.get("bucket").map(|v| model.resolve_bucket(unit, v))
        else {
            continue;
        };
        let Some(bucket) = model.buckets.get_mut(i) else {
            continue;
        };
        match r.type_name.as_str() {
            "aws_s3_bucket_server_side_encryption_configuration" => {
                bucket.encryption.extend(encryption_rules(&r.body));
            }
            "aws_s3_bucket_ownership_controls" => {
                let rules = r.body.get("rule").map_or(&[][..], Value::items);
                bucket.ownership.extend(rules.iter().filter_map(|rule| {
                    let e = rule.entry("object_ownership")?;
                    Some(Ownership {
                        object_ownership: e.value.clone(),
                        span: e.span,
                    })
                }));
            }
            "aws_s3_bucket_request_payment_configuration" => {
                bucket.request_payer = r.body.get("payer").cloned();
            }
            "aws_s3_bucket_object_lock_configuration" => {
                let enabled = r.body.entry("object_lock_enabled");
                bucket.object_lock.push(ObjectLock {
                    enabled: enabled
                        .map_or(Some(true), |e| e.value.as_str().map(|s| s == "Enabled")),
                    span: enabled.map_or(r.header, |e| e.span),
                });
            }
            _ => {}
        }
    }
}

fn link_versioning(model: &mut Model, unit: UnitId, config: &Configuration) {
    for r in config
        .resources
        .iter()
        .filter(|r| kind_of(r) == NodeKind::Versioning)
    {
        let status_entry = r
            .body
            .path(&["versioning_configuration"])
            .and_then(|b| b.single().entry("status"));
        let (status, status_span) = match status_entry {
            Some(e) => (
                match e.value.as_str() {
                    Some("Enabled") => VersioningStatus::Enabled,
                    Some("Suspended") => VersioningStatus::Suspended,
                    Some("Disabled") => VersioningStatus::Disabled,
                    _ => VersioningStatus::Unknown,
                },
                e.span,
            ),
            None => (VersioningStatus::Unknown, r.header),
        };
        let versioning = Versioning {
            status,
            status_span,
            value: status_entry.map(|e| e.value.clone()),
            resource: Some(r.address.clone()),
            header: r.header,
        };
        let target = r
            .body
            .get("bucket")
            .map(|v| (model.resolve_bucket(unit, v), model.sym(unit, v)));
        match target {
            Some((BucketLink::Found(i), _)) => {
                if let Some(b) = model.buckets.get_mut(i) {
                    b.versioning.push(versioning);
                }
            }
            Some((BucketLink::External(_), sym)) if !sym.is_symbolic() => {}
            _ => model.units_with_unattached_versioning.push(unit),
        }
    }
}

fn link_policies(
    model: &mut Model,
    unit: UnitId,
    config: &Configuration,
    by_address: &HashMap<&str, &Resource>,
) {
    let documents = config
        .resources
        .iter()
        .filter(|r| kind_of(r) == NodeKind::PolicyDocument)
        .map(|r| (r.address.as_str(), r))
        .collect();
    let reader = PolicyReader {
        model,
        unit,
        documents,
    };
    let mut found = Found::default();
    let key_of = |v: Option<&Value>| match v.map(|v| model.resolve_key(unit, v)) {
        Some(KeyLink::Found(i)) => Some(i),
        _ => None,
    };
    let managed_policy = |arn: &Value, origin: &str| -> Policy {
        match &arn.kind {
            ValueKind::Ref(r) => match by_address.get(r.target.as_str()) {
                Some(p) if kind_of(p) == NodeKind::ManagedPolicy => match p.body.get("policy") {
                    Some(doc) => reader.read(doc, &p.address),
                    None => incomplete(p.header, &p.address),
                },
                _ => incomplete(arn.span, origin),
            },
            _ => well_known_managed_policy(arn).unwrap_or_else(|| incomplete(arn.span, origin)),
        }
    };
    let role_of = |v: Option<&Value>| match v.map(|v| model.resolve_role(unit, v)) {
        Some(RoleLink::Found(i, _)) => Some(i),
        _ => None,
    };
    for r in &config.resources {
        let body = &r.body;
        match kind_of(r) {
            NodeKind::Role => {
                let Some(role) = model.node(unit, &r.address).and_then(|n| n.index) else {
                    continue;
                };
                if let Some(doc) = body.get("assume_role_policy") {
                    found.trust.push((role, reader.read(doc, &r.address)));
                }
                for inline in body.get("inline_policy").map_or(&[][..], Value::items) {
                    if let Some(doc) = inline.get("policy") {
                        found.grants.push((role, reader.read(doc, &r.address)));
                    }
                }
                for arn in body
                    .get("managed_policy_arns")
                    .map_or(&[][..], Value::items)
                {
                    found.grants.push((role, managed_policy(arn, &r.address)));
                }
                if let Some(arn) = body.get("permissions_boundary") {
                    found
                        .boundaries
                        .push((role, managed_policy(arn, &r.address)));
                }
            }
            NodeKind::RolePolicy => {
                if let (Some(role), Some(doc)) = (role_of(body.get("role")), body.get("policy")) {
                    found.grants.push((role, reader.read(doc, &r.address)));
                }
            }
            NodeKind::PolicyAttachment => {
                let roles = ["role", "roles", "role_name"]
                    .iter()
                    .filter_map(|k| body.get(k))
                    .flat_map(Value::items)
                    .filter_map(|v| role_of(Some(v)));
                let arns: Vec<&Value> = ["policy_arn", "policy_arns"]
                    .iter()
                    .filter_map(|k| body.get(k))
                    .flat_map(Value::items)
                    .collect();
                for role in roles {
                    for arn in &arns {
                        found.grants.push((role, managed_policy(arn, &r.address)));
                    }
                }
            }
            NodeKind::KmsKey => {
                let key = model.node(unit, &r.address).and_then(|n| n.index);
                if let (Some(key), Some(doc)) = (key, body.get("policy")) {
                    found.key_policies.push((key, reader.read(doc, &r.address)));
                }
            }
            NodeKind::KmsAlias => {
                if let (Some(key), Some(name)) =
                    (key_of(body.get("target_key_id")), body.get("name"))
                {
                    found.aliases.push((key, name.clone()));
                }
            }
            NodeKind::Other if r.type_name == "aws_kms_key_policy" => {
                if let (Some(key), Some(doc)) = (key_of(body.get("key_id")), body.get("policy")) {
                    found.key_policies.push((key, reader.read(doc, &r.address)));
                }
            }
            // Provider v3 (and v4.9+, deprecated): the bucket's own `policy` argument. A plan
            // writes an empty string for a bucket without one.
            NodeKind::Bucket => {
                let index = model.node(unit, &r.address).and_then(|n| n.index);
                let doc = body.get("policy").filter(|d| {
                    d.kind != ValueKind::Null && !d.is_unknown() && d.as_str() != Some("")
                });
                if let (Some(index), Some(doc)) = (index, doc) {
                    found.bucket_policies.push(BucketPolicy {
                        address: r.address.clone(),
                        bucket: BucketLink::Found(index),
                        policy: reader.read(doc, &r.address),
                    });
                }
            }
            NodeKind::BucketPolicy => {
                if let (Some(bucket), Some(doc)) = (body.get("bucket"), body.get("policy")) {
                    found.bucket_policies.push(BucketPolicy {
                        address: r.address.clone(),
                        bucket: model.resolve_bucket(unit, bucket),
                        policy: reader.read(doc, &r.address),
                    });
                }
            }
            _ => {}
        }
    }
    found.apply(model);
}

/// Reads a replication configuration body (standalone resource or legacy inline block).
fn read_replication(
    r: &Resource,
    body: &Value,
    inline: bool,
    source: BucketLink,
    source_span: repl_lint_source::Span,
    unit: UnitId,
    from_plan: bool,
) -> Replication {
    let rules_key = if inline { "rules" } else { "rule" };
    let rules = match body.get(rules_key) {
        Some(v) if v.is_unknown() => None,
        Some(v) => Some(
            v.items()
                .iter()
                .map(|rule| read_rule(rule, inline))
                .collect(),
        ),
        None => Some(Vec::new()),
    };
    Replication {
        unit,
        address: r.address.clone(),
        dialect: Dialect::Terraform,
        header: r.header,
        span: r.span,
        inline,
        from_plan,
        source,
        source_span,
        source_value: if inline {
            None
        } else {
            body.get("bucket").cloned()
        },
        role: body.get("role").cloned(),
        role_span: body.entry("role").map_or(r.header, |e| e.span),
        rules,
        rules_span: body.entry(rules_key).map_or(body.span, |e| e.span),
        unexpanded: r.unexpanded.clone(),
    }
}

fn read_rule(rule: &Value, inline: bool) -> ReplicationRule {
    let filter_entry = rule.entry("filter");
    let filter = filter_entry.map(|e| e.value.single());
    let dest = rule.get("destination").map(Value::single);
    let criteria = rule.get("source_selection_criteria").map(Value::single);
    let delete_marker_replication = if inline {
        rule.entry("delete_marker_replication_status")
            .map(|e| switch(&e.value))
    } else {
        rule.get("delete_marker_replication")
            .and_then(|d| d.single().get("status"))
            .map(switch)
    };
    let destination = match dest {
        Some(d) => read_destination(d, inline),
        None => Destination::absent(rule.span),
    };
    let has_unknown_parts = ReplicationRule::unknown_parts_in(rule);
    let (filter_tags, filter_tags_unknown) = filter.map_or((Vec::new(), false), filter_tags);
    ReplicationRule {
        id: rule.get("id").cloned(),
        span: rule.span,
        enabled: rule
            .get("status")
            .and_then(Value::as_str)
            .map(|s| s == "Enabled"),
        status: rule.get("status").cloned(),
        prefix: rule.get("prefix").cloned(),
        has_filter: filter.is_some(),
        // The provider sends a rule without `filter` in the V1 schema (prefix "" by default).
        schema: match (has_unknown_parts, filter) {
            (true, _) => None,
            (false, Some(_)) => Some(Schema::V2),
            (false, None) => Some(Schema::V1),
        },
        filter_span: filter_entry.map(|e| e.span),
        filter_tags,
        filter_tags_unknown,
        existing_object_replication: rule
            .entry("existing_object_replication")
            .map(|e| Control::read(e, ["status", "minutes"], None, switch)),
        has_unknown_parts,
        filter_elements: filter_elements(filter),
        filter_prefix: filter
            .and_then(|f| f.get("prefix").or_else(|| f.path(&["and", "prefix"])))
            .cloned(),
        delete_marker_replication,
        priority: rule.get("priority").cloned(),
        sse_kms_encrypted_objects: rule
            .get("source_selection_criteria")
            .and_then(|c| {
                let status = if inline { "enabled" } else { "status" };
                path_or_unknown(c, &["sse_kms_encrypted_objects", status])
            })
            // The legacy inline form has a bool argument, the standalone resource a status.
            .map(if inline { flag } else { switch }),
        replica_modifications: criteria
            .and_then(|c| c.get("replica_modifications"))
            .and_then(|s| s.single().get("status"))
            .map(switch),
        destination,
    }
}

/// A rule's `destination` block; the legacy inline form writes `minutes` directly in
/// `replication_time` and `metrics`.
fn read_destination(d: &Value, inline: bool) -> Destination {
    let timed = |name: &str, threshold: &str| {
        d.entry(name).map(|e| {
            if !inline {
                return Control::read(e, ["status", "minutes"], Some(threshold), switch);
            }
            // Provider v3 always sends the inline `minutes` as `Time` / `EventThreshold`.
            let mut control = Control::read(e, ["status", "minutes"], None, switch);
            if control.known {
                let minutes = e.value.single().entry("minutes");
                control.threshold = Some(minutes.map_or(e.span, |m| m.span));
            }
            control
        })
    };
    let translation = d.entry("access_control_translation");
    Destination {
        replica_kms_key: path_or_unknown(
            d,
            if inline {
                &["replica_kms_key_id"]
            } else {
                &["encryption_configuration", "replica_kms_key_id"]
            },
        )
        .cloned(),
        bucket: d.get("bucket").cloned(),
        bucket_span: d.entry("bucket").map_or(d.span, |e| e.span),
        span: d.span,
        account: d
            .get(if inline { "account_id" } else { "account" })
            .cloned(),
        storage_class: d.get("storage_class").cloned(),
        access_control_translation: translation.map(|e| e.span),
        access_control_owner: translation
            .and_then(|e| match e.value.is_unknown() {
                true => Some(&e.value),
                false => e.value.single().get("owner"),
            })
            .cloned(),
        replication_time: timed("replication_time", "time"),
        metrics: timed("metrics", "event_threshold"),
    }
}

/// The elements of a filter as the provider sends them: an empty `prefix` (the plan's value for
/// an unset one) adds nothing, and the legacy inline `prefix` with `tags` is sent as `And`.
fn filter_elements(filter: Option<&Value>) -> Vec<(String, repl_lint_source::Span)> {
    let mut elements = ReplicationRule::filter_elements_of(filter);
    let with_tags = elements.iter().any(|(k, _)| k == "tags");
    let empty_prefix = filter
        .and_then(|f| f.get("prefix"))
        .is_some_and(|p| p.as_str() == Some(""));
    if with_tags || (empty_prefix && elements.len() > 1) {
        elements.retain(|(k, _)| k != "prefix");
    }
    elements
}

/// The tags a filter requires: `tag { key value }`, `and { tags = {...} }`, or the legacy inline
/// `tags = {...}`; and whether a tag map cannot be read.
fn filter_tags(filter: &Value) -> (Vec<FilterTag>, bool) {
    let mut tags: Vec<FilterTag> = filter
        .get("tag")
        .map(Value::single)
        .and_then(|t| FilterTag::from_object(t, ["key", "value"]))
        .into_iter()
        .collect();
    let mut unknown = ["tag", "and"]
        .iter()
        .any(|k| filter.get(k).is_some_and(Value::is_unknown));
    let maps = [filter.get("tags"), filter.path(&["and", "tags"])];
    for map in maps.into_iter().flatten() {
        match FilterTag::from_map(map) {
            Some(found) => tags.extend(found),
            None => unknown = true,
        }
    }
    (tags, unknown)
}

/// A bool argument (`enabled`) as a switch, converted as Terraform converts it (`"true"` is
/// true).
fn flag(v: &Value) -> Switch {
    Switch {
        enabled: v.as_bool(),
        span: v.span,
    }
}

/// A status argument (`"Enabled"` / `"Disabled"`) as a switch.
fn switch(v: &Value) -> Switch {
    let enabled = match &v.kind {
        ValueKind::Str(s) => Some(s == "Enabled"),
        ValueKind::Bool(b) => Some(*b),
        _ => None,
    };
    Switch {
        enabled,
        span: v.span,
    }
}
