//! RL404 replica-key-form: the replica key is not named by its key ARN, or is not a symmetric
//! encryption key.

use crate::diagnostic::Severity;
use crate::link::AttrMeaning;
use crate::model::value::{Value, ValueKind};
use crate::model::{KeyLink, Model, NodeKind, Replication};
use crate::rules::access::{every_rule, is_key_arn};
use crate::rules::{Context, RuleMeta, Sink};

/// RL404.
pub static META: RuleMeta = RuleMeta {
    id: "RL404",
    name: "replica-key-form",
    severity: Severity::Warning,
    summary: "The replica key is an alias or bare key ID instead of a key ARN, or not a symmetric encryption key.",
    default_enabled: true,
};

/// How a replica key value names its key.
#[derive(Debug, PartialEq)]
enum Form {
    /// A key ARN (or a value the linter cannot read).
    KeyArn,
    /// An alias name or alias ARN.
    Alias,
    /// A bare key ID.
    KeyId,
}

/// Checks the form of each replica key value and the key spec of the key it designates.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let Some(value) = &rule.destination.replica_kms_key else {
            continue;
        };
        let form = form_of(model, replication, value);
        if form != Form::KeyArn {
            let what = if form == Form::Alias {
                "an alias"
            } else {
                "a bare key ID"
            };
            sink.report(
                &META,
                value.span,
                format!("the replica KMS key is given as {what}, not a key ARN: an alias or key ID resolves in the account of the requester, which may not own the destination bucket"),
            )
            .resource(&replication.address)
            .help("use the key's full ARN (`aws_kms_key.<name>.arn`, `!GetAtt Key.Arn`)");
        }
        let KeyLink::Found(i) = model.resolve_key(replication.unit, value) else {
            continue;
        };
        let Some(key) = model.keys.get(i) else {
            continue;
        };
        let Some(spec) = key
            .key_spec
            .as_ref()
            .filter(|s| s.as_str().is_some_and(|s| s != "SYMMETRIC_DEFAULT"))
        else {
            continue;
        };
        sink.report(
            &META,
            spec.span,
            format!(
                "key `{}` is the replica key but is not a symmetric encryption key: S3 supports only SYMMETRIC_DEFAULT keys",
                key.address
            ),
        )
        .resource(&key.address)
        .related(value.span, "used as the replica key here")
        .help("use a SYMMETRIC_DEFAULT key for replicas");
    }
}

/// The form of a replica key value: from the attribute a reference reads, else from its text.
fn form_of(model: &Model, replication: &Replication, value: &Value) -> Form {
    if let ValueKind::Ref(r) = &value.kind
        && let Some(resolved) = model.resolve(replication.unit, r)
    {
        return match (resolved.node.kind, resolved.meaning) {
            (NodeKind::KmsAlias, _) => Form::Alias,
            (NodeKind::KmsKey, AttrMeaning::Arn) => Form::KeyArn,
            (NodeKind::KmsKey, AttrMeaning::Name) => Form::KeyId,
            // `key_id` of a Terraform key, `KeyId` of a template key.
            (NodeKind::KmsKey, _) if matches!(r.attr_name(), "key_id" | "KeyId") => Form::KeyId,
            _ => Form::KeyArn,
        };
    }
    let sym = model.sym(replication.unit, value);
    let Some(text) = sym.as_literal() else {
        return Form::KeyArn;
    };
    if text.starts_with("alias/") || (text.starts_with("arn:") && text.contains(":alias/")) {
        Form::Alias
    } else if is_key_arn(&sym) || text.is_empty() {
        Form::KeyArn
    } else if is_key_id(text) {
        Form::KeyId
    } else {
        Form::KeyArn
    }
}

/// A key ID: a UUID, or a multi-Region key ID (`mrk-` and 32 hex digits).
fn is_key_id(text: &str) -> bool {
    let hex = |s: &str| s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some(rest) = text.strip_prefix("mrk-") {
        return rest.len() == 32 && hex(rest);
    }
    let parts: Vec<&str> = text.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12]) && parts.iter().all(|p| hex(p))
}
