//! RL404 replica-key-form: the replica key is not named by its key ARN, or is not a symmetric
//! encryption key.

use crate::kms_needs::is_key_arn;
use crate::prelude::*;
use repl_lint_model::resolve::{AttrMeaning, alias_ref};
use repl_lint_model::{KeyLink, Model, NodeKind, Replication};
use repl_lint_source::diagnostic::KeyArn;
use repl_lint_syntax::resource::Dialect;
use repl_lint_syntax::value::{Value, ValueKind};

declare_rule! {
    id: RL404,
    name: "replica-key-form",
    severity: Warning,
    default_enabled: true,
    summary: "The replica key is an alias name or bare key ID instead of a key ARN (an alias ARN: info), or not a symmetric encryption key.",
    check: Some(check),
}

/// How a replica key value names its key.
#[derive(Debug, PartialEq)]
enum Form {
    /// A key ARN (or a value the linter cannot read).
    KeyArn,
    /// An alias ARN (`arn:aws:kms:<region>:<account>:alias/<name>`): documented, but a key ARN is
    /// recommended.
    AliasArn,
    /// An alias name (`alias/<name>`), resolved in the requester's account.
    AliasName,
    /// A bare key ID, resolved in the requester's account.
    KeyId,
}

/// Checks the form of each replica key value and the key spec of the key it designates.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let Some(value) = &rule.destination.replica_kms_key else {
            continue;
        };
        let help = "use the key's full ARN (`aws_kms_key.<name>.arn`, `aws_kms_alias.<name>.target_key_arn`, `!GetAtt Key.Arn`)";
        let form = form_of(model, replication, value);
        let fix = matches!(form, Form::AliasName | Form::AliasArn)
            .then(|| use_key_arn(model, replication, value))
            .flatten();
        let (message, severity) = match form {
            Form::KeyArn => (None, Severity::Warning),
            Form::AliasArn => (
                Some(
                    "the replica KMS key is given as an alias ARN: S3 accepts it, but a key ARN is recommended (an alias can be pointed at another key)",
                ),
                Severity::Info,
            ),
            Form::AliasName => (
                Some(
                    "the replica KMS key is given as an alias name, not a key ARN: an alias resolves in the account of the requester, which may not own the destination bucket",
                ),
                Severity::Warning,
            ),
            Form::KeyId => (
                Some(
                    "the replica KMS key is given as a bare key ID, not a key ARN: a key ID resolves in the account of the requester, which may not own the destination bucket",
                ),
                Severity::Warning,
            ),
        };
        if let Some(message) = message {
            sink.report(&META, value.span, message.to_string())
                .severity(severity)
                .resource(&replication.address)
                .help(help)
                .fix(fix);
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

/// The fix that names the key an alias designates by the key's ARN, when the alias is a resource
/// in the same configuration as the value: a Terraform reference to the alias reads its
/// `target_key_arn` instead, an `alias/...` literal becomes the alias's `target_key_arn`
/// (Terraform) or `!GetAtt` of its key's `Arn` (CloudFormation).
fn use_key_arn(model: &Model, replication: &Replication, value: &Value) -> Option<FixIntent> {
    let local = |address: &str| !address.starts_with("module.") && !address.contains('[');
    if replication.from_plan {
        return None;
    }
    match &value.kind {
        ValueKind::Ref(r) => {
            let resolved = model.resolve(replication.unit, r)?;
            let node = resolved.node;
            let [attr] = r.attr.as_slice() else {
                return None;
            };
            let certain = node.kind == NodeKind::KmsAlias
                && node.dialect == Dialect::Terraform
                && node.address == r.target
                && local(&r.target)
                && matches!(attr.as_str(), "name" | "id" | "arn");
            certain.then(|| FixIntent::UseKeyArn {
                value: value.span,
                from: format!("{}.{attr}", r.target),
                arn: KeyArn::Terraform(format!("{}.target_key_arn", r.target)),
            })
        }
        ValueKind::Str(name) if name.starts_with("alias/") => {
            let KeyLink::Found(i) = model.resolve_key(replication.unit, value) else {
                return None;
            };
            let key = model
                .keys
                .get(i)
                .filter(|k| k.unit == replication.unit && !k.is_data)?;
            let alias = key.aliases.iter().find(|a| a.as_str() == Some(name))?;
            let arn = match model.node(key.unit, &key.address)?.dialect {
                Dialect::CloudFormation => KeyArn::CloudFormation(key.address.clone()),
                Dialect::Terraform => {
                    let holder = model.nodes.get(key.unit)?.values().find(|n| {
                        n.kind == NodeKind::KmsAlias
                            && n.span.file == alias.span.file
                            && n.span.start <= alias.span.start
                            && alias.span.end <= n.span.end
                    })?;
                    if !local(&holder.address) {
                        return None;
                    }
                    KeyArn::Terraform(format!("{}.target_key_arn", holder.address))
                }
            };
            Some(FixIntent::UseKeyArn {
                value: value.span,
                from: name.clone(),
                arn,
            })
        }
        _ => None,
    }
}

/// The form of a replica key value: from the attribute a reference reads, else from its text.
fn form_of(model: &Model, replication: &Replication, value: &Value) -> Form {
    if let ValueKind::Ref(r) = &value.kind
        && let Some(resolved) = model.resolve(replication.unit, r)
    {
        return match (resolved.node.kind, resolved.meaning, r.attr_name()) {
            // `target_key_arn` of a Terraform alias is its key's ARN.
            (NodeKind::KmsAlias, _, "target_key_arn") => Form::KeyArn,
            (NodeKind::KmsAlias, _, "target_key_id") => Form::KeyId,
            (NodeKind::KmsAlias, AttrMeaning::Arn, _) => Form::AliasArn,
            // `name` / `id` of a Terraform alias, `!Ref` of a template alias.
            (NodeKind::KmsAlias, AttrMeaning::Name, _) => Form::AliasName,
            (NodeKind::KmsKey, AttrMeaning::Arn, _) => Form::KeyArn,
            (NodeKind::KmsKey, AttrMeaning::Name, _) => Form::KeyId,
            // `key_id` of a Terraform key, `KeyId` of a template key.
            (NodeKind::KmsKey, _, "key_id" | "KeyId") => Form::KeyId,
            _ => Form::KeyArn,
        };
    }
    let sym = model.sym(replication.unit, value);
    if let Some(alias) = alias_ref(&sym) {
        return if alias.is_arn {
            Form::AliasArn
        } else {
            Form::AliasName
        };
    }
    let Some(text) = sym.as_literal() else {
        return Form::KeyArn;
    };
    if is_key_arn(&sym) || text.is_empty() {
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
