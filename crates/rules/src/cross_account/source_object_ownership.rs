//! RL507 source-object-ownership: objects other accounts upload to the source bucket stay theirs
//! (Object Ownership `ObjectWriter`, or `BucketOwnerPreferred` without requiring the
//! `bucket-owner-full-control` ACL), so replication cannot read them.

use crate::prelude::*;
use repl_lint_iam::policy::{Effect, PrincipalEntry, Statement};
use repl_lint_iam::{Tri, action_matches};
use repl_lint_model::BucketLink;
use repl_lint_model::placement::{is_account_id, source_account};
use std::collections::HashSet;

declare_rule! {
    id: RL507,
    name: "source-object-ownership",
    severity: Warning,
    default_enabled: true,
    summary: "Source Object Ownership lets other accounts own the objects they upload, and the bucket policy lets another account s3:PutObject: those objects are not replicated.",
    check: Some(check),
}

/// The canned ACL that gives the bucket owner full control of an uploaded object.
const FULL_CONTROL: &str = "bucket-owner-full-control";

/// Reports, once per source bucket, an `ObjectWriter` (or unenforced `BucketOwnerPreferred`)
/// Object Ownership when the bucket's policy lets another account (or anyone) put objects
/// without conditions.
pub fn check(model: &Context, sink: &mut Sink) {
    let mut seen: HashSet<usize> = HashSet::new();
    for replication in &model.replications {
        let BucketLink::Found(index) = replication.source else {
            continue;
        };
        if !seen.insert(index) {
            continue;
        }
        let Some(bucket) = model.buckets.get(index) else {
            continue;
        };
        let Some(ownership) = bucket.ownership.last() else {
            continue;
        };
        let Some(mode) = ownership.object_ownership.as_str() else {
            continue;
        };
        let account = source_account(model, replication).literal;
        let statements: Vec<&Statement> = model
            .bucket_policies
            .iter()
            .filter(|p| p.bucket == BucketLink::Found(index))
            .flat_map(|p| &p.policy.statements)
            .collect();
        let requires_full_control = statements.iter().any(|s| mentions_full_control(s));
        match mode {
            "ObjectWriter" => {}
            "BucketOwnerPreferred" if !requires_full_control => {}
            _ => continue,
        }
        let Some(grant) = statements
            .iter()
            .find(|s| lets_another_account_put(s, account.as_deref()))
        else {
            continue;
        };
        sink.report(
            &META,
            ownership.object_ownership.span,
            format!("Object Ownership `{mode}` leaves the objects that other accounts upload to `{}` owned by them, and its bucket policy lets another account put objects: S3 cannot read those objects to replicate them (SrcGetAclNotPermitted)", bucket.address),
        )
        .resource(&replication.address)
        .related(grant.span, "this statement lets another account put objects")
        .help("set Object Ownership to BucketOwnerEnforced, or require the bucket-owner-full-control ACL for uploads with BucketOwnerPreferred");
    }
}

/// True for an unconditional `Allow` of `s3:PutObject` to everyone or to an account other than
/// the source's (`own`, when known).
fn lets_another_account_put(statement: &Statement, own: Option<&str>) -> bool {
    if statement.effect != Some(Effect::Allow)
        || !statement.conditions.is_empty()
        || statement.has_unknowns
        || action_matches(statement, "s3:PutObject") != Tri::Yes
    {
        return false;
    }
    statement.principals.iter().flatten().any(|p| match p {
        PrincipalEntry::Everyone(_) => true,
        PrincipalEntry::Typed { kind, value } if kind == "AWS" => {
            let account = value.text.as_literal().and_then(|text| {
                if is_account_id(text) {
                    Some(text)
                } else {
                    text.strip_prefix("arn:")
                        .and_then(|_| text.split(':').nth(4))
                        .filter(|a| is_account_id(a))
                }
            });
            matches!((account, own), (Some(theirs), Some(own)) if theirs != own)
        }
        _ => false,
    })
}

/// True when a statement's conditions name the `bucket-owner-full-control` canned ACL (an
/// allow that requires it, or a deny of uploads without it).
fn mentions_full_control(statement: &Statement) -> bool {
    statement.conditions.iter().any(|c| {
        c.key.eq_ignore_ascii_case("s3:x-amz-acl")
            && c.values
                .iter()
                .any(|v| v.text.as_literal() == Some(FULL_CONTROL))
    })
}
