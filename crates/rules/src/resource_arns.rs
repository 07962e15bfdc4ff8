//! The ARNs a replication configuration touches, as symbolic strings: the source bucket, a
//! rule's destination bucket, and the objects a rule replicates (`BUCKET/<prefix><key>`, the key
//! a symbol shown as `*`).

use repl_lint_iam::policy::{Piece, SymStr};
use repl_lint_model::{BucketLink, Model, Replication, ReplicationRule};

/// The source bucket's ARN as a symbolic string, when it can be named: a bucket outside the
/// files is named by a literal name or ARN.
pub fn source_arn(model: &Model, replication: &Replication) -> Option<SymStr> {
    match &replication.source {
        BucketLink::Found(i) => Some(model.bucket_arn_sym(*i)),
        BucketLink::Dangling(_) => None,
        BucketLink::External(_) => {
            let value = replication.source_value.as_ref()?;
            let arn = model.bucket_arn(replication.unit, value);
            (!arn.is_symbolic()).then_some(arn)
        }
    }
}

/// The destination bucket's ARN of a rule as a symbolic string (a bare name gets the ARN prefix).
pub fn destination_arn(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
) -> Option<SymStr> {
    let value = rule.destination.bucket.as_ref()?;
    Some(model.bucket_arn(replication.unit, value))
}

/// The ARN pattern of an object a rule replicates: `BUCKET/<prefix><key>` with the key symbolic.
pub fn object_arn(
    model: &Model,
    replication: &Replication,
    bucket_arn: &SymStr,
    rule: &ReplicationRule,
) -> SymStr {
    let mut arn = bucket_arn.clone();
    arn.push_lit("/");
    if let Some(prefix) = rule.key_prefix() {
        arn.push_sym(&model.sym(replication.unit, prefix));
    }
    arn.push_symbol(OBJECT_KEY);
    arn
}

/// How a needed resource reads in messages: the symbolic object key shows as `*`.
pub fn display_resource(resource: &SymStr) -> String {
    let mut shown = SymStr {
        hidden_prefix: resource.hidden_prefix,
        ..SymStr::default()
    };
    for piece in &resource.pieces {
        match piece {
            Piece::Symbol(k) if k.key == OBJECT_KEY => shown.push_lit("*"),
            other => shown.push_piece(other),
        }
    }
    shown.to_string()
}

/// The symbol that stands for any object key in an object ARN.
pub(super) const OBJECT_KEY: &str = "object-key";
