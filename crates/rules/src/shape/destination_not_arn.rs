//! RL102 destination-not-arn: a destination bucket is given by name instead of ARN.

use crate::prelude::*;
use crate::shape::role_not_arn::use_arn;
use repl_lint_model::NodeKind;
use repl_lint_model::placement::destination_bucket;
use repl_lint_model::resolve::AttrMeaning;
use repl_lint_syntax::resource::Dialect;
use repl_lint_syntax::value::{TextPart, ValueKind};

declare_rule! {
    id: RL102,
    name: "destination-not-arn",
    severity: Error,
    default_enabled: true,
    summary: "Destination.Bucket is not a bucket ARN (arn:<partition>:s3:::name).",
    check: Some(check),
}

/// Flags destination buckets written as names (`aws_s3_bucket.x.id`, `!Ref Bucket`, "name").
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let Some(bucket) = &rule.destination.bucket else {
            continue;
        };
        let problem = match &bucket.kind {
            ValueKind::Ref(r) => match model.resolve(replication.unit, r) {
                Some(x) if x.node.kind == NodeKind::Bucket && x.meaning != AttrMeaning::Arn => {
                    let help = match x.node.dialect {
                        Dialect::CloudFormation => format!("use `!GetAtt {}.Arn`", r.target),
                        Dialect::Terraform => format!("use `{}.arn`", r.target),
                    };
                    Some((
                        format!("`{}` is the bucket's name, not its ARN", r.display()),
                        help,
                        use_arn(model, replication, bucket, NodeKind::Bucket),
                    ))
                }
                _ => None,
            },
            ValueKind::Str(s) if s.trim().is_empty() => Some((
                "destination is an empty string, not a bucket ARN".to_string(),
                "set it to the destination bucket's ARN (`arn:aws:s3:::NAME`)".to_string(),
                None,
            )),
            ValueKind::Str(s) if !is_bucket_arn(s) => Some((
                format!("destination `{s}` is not a bucket ARN"),
                format!("use `arn:aws:s3:::{s}`"),
                None,
            )),
            ValueKind::Template(parts) => match parts.first() {
                Some(TextPart::Lit(head))
                    if !head.starts_with("arn:") && !"arn:".starts_with(head.as_str()) =>
                {
                    Some((
                        format!("destination `{head}…` is not a bucket ARN"),
                        "prefix the bucket name with `arn:aws:s3:::`".to_string(),
                        None,
                    ))
                }
                _ => None,
            },
            _ => None,
        };
        if let Some((message, help, fix)) = problem {
            let report = sink
                .report(
                    &META,
                    bucket.span,
                    format!(
                        "{message}: AWS rejects the configuration (InvalidArgument: Invalid bucket ARN)"
                    ),
                )
                .resource(&replication.address)
                .help(&help)
                .fix(fix);
            if let Some(destination) =
                destination_bucket(model, replication, rule).and_then(|i| model.buckets.get(i))
            {
                report.related(destination.header, "destination bucket defined here");
            }
        }
    }
}

/// `arn:<partition>:s3:::<name>` with a non-empty name and no key part.
fn is_bucket_arn(s: &str) -> bool {
    s.strip_prefix("arn:")
        .and_then(|rest| rest.split_once(":s3:::"))
        .is_some_and(|(partition, name)| {
            partition.starts_with("aws") && !name.is_empty() && !name.contains('/')
        })
}
