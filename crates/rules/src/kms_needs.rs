//! The KMS permissions replication needs: the key each one is on (the source objects' key, the
//! replica key, the destination's default key) and the request context S3 sends with the call
//! (`kms:ViaService` and the encryption context), against which the conditions of a grant are
//! checked.

use super::kms_region::kms_region;
use super::needs::Need;
use super::resource_arns::object_arn;
use repl_lint_iam::policy::{Piece, SymStr};
use repl_lint_model::{
    Bucket, BucketLink, Encryption, KeyLink, Model, Replication, ReplicationRule,
};
use repl_lint_syntax::resource::Dialect;
use repl_lint_syntax::value::{TextPart, Value, ValueKind};

/// The context key S3 sets to `s3.<region>.amazonaws.com` when it calls KMS.
pub const VIA_SERVICE: &str = "kms:ViaService";
/// The context key that holds the S3 encryption context (object ARN, or bucket ARN with an S3
/// Bucket Key).
pub const S3_CONTEXT: &str = "kms:EncryptionContext:aws:s3:arn";

/// True for the AWS managed S3 key named by alias (`alias/aws/s3`, or its alias ARN, also written
/// as a template such as `arn:aws:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/s3`): its key
/// policy lets every principal of its account use it through S3, and no other account.
pub fn is_aws_managed_key(key: &Value) -> bool {
    if let ValueKind::Template(parts) = &key.kind {
        return matches!(
            (parts.first(), parts.last()),
            (Some(TextPart::Lit(head)), Some(TextPart::Lit(tail)))
                if head.starts_with("arn:") && tail.ends_with(":alias/aws/s3")
        );
    }
    key.as_str().is_some_and(|k| {
        k == "alias/aws/s3" || (k.starts_with("arn:") && k.ends_with(":alias/aws/s3"))
    })
}

/// The KMS default encryption of a bucket: the first rule whose algorithm is `aws:kms` or
/// `aws:kms:dsse`.
pub fn kms_default_encryption(bucket: &Bucket) -> Option<&Encryption> {
    bucket.encryption.iter().find(|e| {
        e.algorithm
            .as_ref()
            .and_then(Value::as_str)
            .is_some_and(|a| a == "aws:kms" || a == "aws:kms:dsse")
    })
}

/// `kms:Decrypt` on the key of the source objects: the source bucket's default KMS key when the
/// files name it, else any key.
pub(super) fn source_key_need(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
    src: &SymStr,
) -> Need {
    let bucket = match replication.source {
        BucketLink::Found(i) => Some(i),
        _ => None,
    };
    let encryption = bucket
        .and_then(|i| model.buckets.get(i))
        .and_then(kms_default_encryption);
    let mut need = match encryption.and_then(|e| e.kms_key.as_ref()) {
        Some(key) => key_need(model, replication, rule, key, src, bucket),
        None => {
            // No expression names this key: messages name it by `need.what` alone.
            let mut any_key = SymStr::default();
            any_key.push_shown_symbol("?source-key?the KMS key of the source objects", "");
            let region = kms_region(model, bucket, None, &SymStr::default());
            let mut need = key_need_at(
                model,
                any_key,
                None,
                region,
                (replication, rule),
                src,
                bucket,
            );
            if encryption.is_none() {
                // Objects encrypted on upload may or may not use a Bucket Key: their encryption
                // context is unknown, only the service name is.
                need.context.retain(|(key, _)| *key == VIA_SERVICE);
            }
            need
        }
    };
    need.owner = "RL311";
    need.action = "kms:Decrypt";
    need.what = "the source objects' KMS key";
    need
}

/// A KMS need on the key `value` designates, with the request context S3 sends for the objects
/// of `rule` in the bucket `bucket_arn` (the replica key when `bucket_arn` is the destination).
pub(super) fn key_need(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
    value: &Value,
    bucket_arn: &SymStr,
    bucket: Option<usize>,
) -> Need {
    let unit = replication.unit;
    let (resource, key, written) = match model.resolve_key(unit, value) {
        KeyLink::Found(i) => (model.key_arn_sym(i), Some(i), model.sym(unit, value)),
        KeyLink::External(_) => {
            let sym = model.sym(unit, value);
            let resource = if is_key_arn(&sym) {
                sym.clone()
            } else {
                // An alias or key ID: the ARN IAM compares is not in the files.
                // Shown as the user wrote the key, never as a synthetic ARN.
                let mut unknown = SymStr::default();
                let key = format!("?key:{}?ARN of {sym}", value.span.start);
                unknown.push_shown_symbol(&key, &sym.to_string());
                unknown
            };
            (resource, None, sym)
        }
    };
    let region = kms_region(model, bucket, key, &written);
    Need {
        cause: Some(value.span),
        ..key_need_at(
            model,
            resource,
            key,
            region,
            (replication, rule),
            bucket_arn,
            bucket,
        )
    }
}

/// A KMS need on `resource` with the context S3 sends: the service name in `region` and the
/// ARN of the bucket (with an S3 Bucket Key) or of the rule's objects.
fn key_need_at(
    model: &Model,
    resource: SymStr,
    key: Option<usize>,
    region: Option<String>,
    (replication, rule): (&Replication, &ReplicationRule),
    bucket_arn: &SymStr,
    bucket: Option<usize>,
) -> Need {
    let mut via = SymStr::lit("s3.");
    match region {
        Some(region) => via.push_lit(&region),
        // The region S3 runs in, written as the stack or the default provider reads it.
        None => via.push_shown_symbol(
            "?region?the bucket's region",
            match replication.dialect {
                Dialect::Terraform => "data.aws_region.current.name",
                Dialect::CloudFormation => "${AWS::Region}",
            },
        ),
    }
    via.push_lit(".amazonaws.com");
    let mut context = vec![(VIA_SERVICE, via)];
    // With an S3 Bucket Key the encryption context is the bucket ARN, else the object ARN.
    // A bucket outside the files may use one or not; without a default KMS key it does not.
    let bucket_key =
        bucket
            .and_then(|i| model.buckets.get(i))
            .and_then(|b| match kms_default_encryption(b) {
                Some(e) => e.bucket_key.as_ref().map_or(Some(false), Value::as_bool),
                None => Some(false),
            });
    match bucket_key {
        Some(true) => context.push((S3_CONTEXT, bucket_arn.clone())),
        Some(false) => context.push((S3_CONTEXT, object_arn(model, replication, bucket_arn, rule))),
        None => {}
    }
    Need {
        key,
        context,
        ..Need::on(resource, bucket_arn, None, "the replica KMS key")
    }
}

/// True for a KMS key ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`), symbols allowed
/// in its parts.
pub fn is_key_arn(sym: &SymStr) -> bool {
    let Some(Piece::Lit(first)) = sym.pieces.first() else {
        return false;
    };
    let text = sym.to_string();
    first.starts_with("arn:") && text.contains(":kms:") && text.contains(":key/")
}
