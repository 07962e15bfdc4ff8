//! RL405 aws-managed-key: the AWS managed key `aws/s3` is used in a cross-account set-up.

use crate::cross_account::{CrossRule, cross_account_rules};
use crate::kms_needs::is_aws_managed_key;
use crate::prelude::*;
use repl_lint_model::{BucketLink, Model};
use repl_lint_source::Span;
use repl_lint_syntax::value::Value;
use std::collections::HashSet;

declare_rule! {
    id: RL405,
    name: "aws-managed-key",
    severity: Error,
    default_enabled: true,
    summary: "The AWS managed key aws/s3 is used as source or replica key in a cross-account set-up.",
    check: Some(check),
}

/// Reports the replica key of each cross-account rule when it is `aws/s3`, and the source
/// bucket's default encryption when it uses `aws/s3` while a cross-account rule replicates
/// SSE-KMS objects.
pub fn check(model: &Context, sink: &mut Sink) {
    let mut reported: HashSet<Span> = HashSet::new();
    for cross in cross_account_rules(model) {
        let replication = cross.replication;
        if let Some(key) = cross
            .rule
            .destination
            .replica_kms_key
            .as_ref()
            .filter(|k| is_aws_managed_key(k))
        {
            report(
                model,
                sink,
                &cross,
                key.span,
                "the AWS managed key aws/s3 cannot be used by another account: replicas cannot be encrypted with it in the destination account".to_string(),
                "use a customer managed key in the destination account whose key policy lets the replication role encrypt",
            );
        }
        let selects_kms = cross
            .rule
            .sse_kms_encrypted_objects
            .as_ref()
            .is_some_and(|s| s.enabled == Some(true));
        let BucketLink::Found(source) = replication.source else {
            continue;
        };
        let Some(bucket) = model.buckets.get(source).filter(|_| selects_kms) else {
            continue;
        };
        for encryption in &bucket.encryption {
            let kms = encryption
                .algorithm
                .as_ref()
                .and_then(Value::as_str)
                .is_some_and(|a| a == "aws:kms" || a == "aws:kms:dsse");
            let span = match &encryption.kms_key {
                Some(key) if is_aws_managed_key(key) => key.span,
                None if kms => encryption
                    .algorithm
                    .as_ref()
                    .map_or(encryption.span, |a| a.span),
                _ => continue,
            };
            if !reported.insert(span) {
                continue;
            }
            report(
                model,
                sink,
                &cross,
                span,
                format!(
                    "source bucket `{}` encrypts with the AWS managed key aws/s3, which cannot be shared with the destination account",
                    bucket.address
                ),
                "encrypt the source bucket with a customer managed KMS key (kms_master_key_id / KMSMasterKeyID)",
            );
        }
    }
}

/// Reports a use of aws/s3 at `at`, with the rule's destination (and the destination bucket, when
/// it is in the files) as related locations.
fn report(
    model: &Model,
    sink: &mut Sink,
    cross: &CrossRule<'_>,
    at: Span,
    message: String,
    help: &str,
) {
    let report = sink
        .report(&META, at, message)
        .resource(&cross.replication.address)
        .related(
            cross.rule.destination.bucket_span,
            "the destination bucket, in another account",
        )
        .help(help);
    if let Some(bucket) = cross.destination.and_then(|i| model.buckets.get(i)) {
        report.related(bucket.header, "destination bucket defined here");
    }
}
