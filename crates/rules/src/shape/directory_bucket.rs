//! RL116 directory-bucket: the source or a destination is an S3 directory bucket.

use crate::prelude::*;
use repl_lint_iam::policy::Piece;
use repl_lint_model::{BucketLink, Model, UnitId};
use repl_lint_source::Span;
use repl_lint_syntax::value::Value;

declare_rule! {
    id: RL116,
    name: "directory-bucket",
    severity: Error,
    default_enabled: true,
    summary: "The source or destination is a directory bucket (--x-s3 suffix, aws_s3_directory_bucket, AWS::S3Express::DirectoryBucket).",
    check: Some(check),
}

/// Resource types that create directory buckets.
const DIRECTORY_TYPES: [&str; 2] = ["aws_s3_directory_bucket", "AWS::S3Express::DirectoryBucket"];

/// Flags a directory bucket named as the source or as a rule's destination.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let unit = replication.unit;
        let source = replication
            .source_value
            .as_ref()
            .or(match replication.source {
                BucketLink::Found(i) => model.buckets.get(i).and_then(|b| b.name.as_ref()),
                _ => None,
            });
        if let Some(defined) = source.and_then(|v| directory_bucket(model, unit, v)) {
            report(
                sink,
                &replication.address,
                replication.source_span,
                "source",
                defined,
            );
        }
        for rule in rules(replication) {
            if let Some(bucket) = &rule.destination.bucket
                && let Some(defined) = directory_bucket(model, unit, bucket)
            {
                report(
                    sink,
                    &replication.address,
                    bucket.span,
                    "destination",
                    defined,
                );
            }
        }
    }
}

fn report(sink: &mut Sink, address: &str, at: Span, role: &str, defined: Option<Span>) {
    let report = sink
        .report(
            &META,
            at,
            format!("the {role} is an S3 directory bucket (S3 Express One Zone): directory buckets do not support replication"),
        )
        .resource(address)
        .help("replicate between general purpose buckets");
    if let Some(header) = defined {
        report.related(header, "directory bucket defined here");
    }
}

/// Whether a bucket name, ARN or reference designates a directory bucket: `None` when it does
/// not; otherwise the header of the directory bucket resource it references (`None` inside when
/// only the name says so: a name ending in `--x-s3`, also inside an `s3express` ARN).
fn directory_bucket(model: &Model, unit: UnitId, value: &Value) -> Option<Option<Span>> {
    let referenced = value.references().iter().find_map(|(r, _)| {
        model
            .node(unit, &r.target)
            .filter(|n| DIRECTORY_TYPES.contains(&n.type_name.as_str()))
            .map(|n| n.header)
    });
    let sym = model.sym(unit, value);
    let named_directory = matches!(sym.pieces.last(), Some(Piece::Lit(s)) if s.ends_with("--x-s3"));
    match referenced {
        Some(header) => Some(Some(header)),
        None => named_directory.then_some(None),
    }
}
