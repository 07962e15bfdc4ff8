//! Versioning and ordering (RL2xx): the source and destination buckets' versioning and creation order; also bucket versioning as replication needs it, shared by the source and destination rules.

// The family's rules, one module per rule file, listed by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/rule_modules/versioning.rs"));

use crate::{RuleMeta, Sink, input::unverifiable};
use repl_lint_model::{Bucket, BucketLink, Model, Replication, Versioning, VersioningStatus};
use repl_lint_source::Span;
use repl_lint_source::diagnostic::{DependsOn, FixIntent};
use repl_lint_syntax::resource::Dialect;
use repl_lint_syntax::value::ValueKind;

/// Reports a bucket whose versioning is not `Enabled`. `span` is the attribute of the
/// configuration that names the bucket; `role` is "source" or "destination".
pub fn check_bucket(
    model: &Model,
    sink: &mut Sink,
    meta: &'static RuleMeta,
    replication: &Replication,
    link: &BucketLink,
    span: Span,
    role: &str,
) {
    let bucket = match link {
        BucketLink::Found(i) => match model.buckets.get(*i) {
            Some(b) => b,
            None => return,
        },
        BucketLink::External(name) => {
            unverifiable::note(
                sink,
                span,
                &replication.address,
                meta,
                &format!("the {role} bucket `{name}` is not defined in the linted files"),
            );
            return;
        }
        BucketLink::Dangling(_) => return,
    };
    let help = format!(
        "add an aws_s3_bucket_versioning resource with status = \"Enabled\" for the {role} bucket"
    );
    if bucket
        .versioning
        .iter()
        .any(|v| v.status == VersioningStatus::Enabled)
    {
        return;
    }
    if let Some(v) = bucket
        .versioning
        .iter()
        .find(|v| v.status != VersioningStatus::Unknown)
    {
        let status = match v.status {
            VersioningStatus::Suspended => "Suspended",
            _ => "not enabled",
        };
        sink.report(
            meta,
            v.status_span,
            format!("{role} bucket `{}` has versioning {status}: replication requires versioning Enabled on both buckets", bucket.address),
        )
        .resource(&replication.address)
        .related(span, &format!("the replication configuration names this {role} bucket"))
        .related(bucket.header, &format!("{role} bucket defined here"))
        .help(&help)
        .fix(enable(v));
        return;
    }
    // Versioning set by an unresolved value, or a versioning resource whose bucket cannot be
    // resolved (it may be this bucket's): say so instead of guessing.
    if !bucket.versioning.is_empty()
        || model
            .units_with_unattached_versioning
            .contains(&bucket.unit)
    {
        unverifiable::note(
            sink,
            span,
            &replication.address,
            meta,
            &format!(
                "the versioning status of {role} bucket `{}` depends on a value that is not in the files",
                bucket.address
            ),
        );
        return;
    }
    sink.report(
        meta,
        span,
        format!(
            "{role} bucket `{}` does not have versioning enabled",
            bucket.address
        ),
    )
    .resource(&replication.address)
    .related(bucket.header, &format!("{role} bucket defined here"))
    .help(&help)
    .fix(add_versioning(model, replication, bucket));
}

/// The fix that turns versioning `v` on: its status literal becomes `Enabled` (`true` in the
/// legacy inline `versioning` block).
fn enable(v: &Versioning) -> Option<FixIntent> {
    let value = v.value.as_ref()?;
    let (from, to) = match (&value.kind, v.status) {
        (ValueKind::Str(s), VersioningStatus::Suspended | VersioningStatus::Disabled)
            if s == "Suspended" || s == "Disabled" =>
        {
            (s.clone(), "Enabled")
        }
        (ValueKind::Bool(false), VersioningStatus::Disabled) => ("false".to_string(), "true"),
        (ValueKind::Str(s), VersioningStatus::Disabled) if s == "false" => (s.clone(), "true"),
        _ => return None,
    };
    Some(FixIntent::ReplaceLiteral {
        value: value.span,
        from,
        to: to.to_string(),
    })
}

/// The fix that adds versioning Enabled to `bucket`, which has none: CloudFormation
/// `VersioningConfiguration`, or a Terraform `aws_s3_bucket_versioning` resource named as the
/// bucket (when no resource has that address yet, the bucket is a single resource of the root
/// module and the replication is not a legacy inline block) that the standalone replication
/// resource of the bucket's configuration lists in `depends_on`.
fn add_versioning(model: &Model, replication: &Replication, bucket: &Bucket) -> Option<FixIntent> {
    let node = model.node(bucket.unit, &bucket.address)?;
    if node.dialect == Dialect::CloudFormation {
        return Some(FixIntent::AddVersioning {
            bucket: bucket.span,
            address: bucket.address.clone(),
            versioning: None,
            depends_on: None,
        });
    }
    // A legacy inline replication cannot be ordered after a new resource: it is created with
    // its bucket.
    let name = bucket.address.strip_prefix("aws_s3_bucket.")?;
    let versioning = format!("aws_s3_bucket_versioning.{name}");
    if name.contains(['[', '.'])
        || model.node(bucket.unit, &versioning).is_some()
        || replication.inline
    {
        return None;
    }
    let depends_on = if replication.dialect == Dialect::Terraform && replication.unit == bucket.unit
    {
        let resource = model.node(replication.unit, &replication.address)?;
        Some(DependsOn {
            resource: resource.span,
            listed: resource.depends_on.clone(),
            address: versioning.clone(),
        })
    } else {
        None
    };
    Some(FixIntent::AddVersioning {
        bucket: node.span,
        address: bucket.address.clone(),
        versioning: Some(versioning),
        depends_on,
    })
}
