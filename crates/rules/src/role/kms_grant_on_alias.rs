//! RL314 kms-grant-on-alias: the role's only grant of `kms:Decrypt` / `kms:Encrypt` names a KMS
//! alias ARN, which grants nothing on the key behind it.

use crate::needs::Need;
use crate::prelude::*;
use repl_lint_iam::policy::{Effect, Piece, PolicyString, SymStr};
use repl_lint_iam::{Decision, Tri, action_matches};
use repl_lint_model::Role;
use repl_lint_source::Span;
use std::collections::HashSet;

declare_rule! {
    id: RL314,
    name: "kms-grant-on-alias",
    severity: Error,
    default_enabled: true,
    summary: "The only statement that grants kms:Decrypt/kms:Encrypt names a KMS alias ARN in Resource: it grants nothing on the key.",
    check: Some(check),
}

/// The KMS actions of replication this rule is about (RL311's and RL312's errors).
const ACTIONS: [&str; 2] = ["kms:Decrypt", "kms:Encrypt"];

/// Reports, once per resource string, the alias ARNs of the role's only grants of a KMS action
/// a replication configuration needs and does not have.
pub fn check(model: &Context, sink: &mut Sink) {
    let mut reported: HashSet<Span> = HashSet::new();
    for role_use in role_uses(model) {
        let replication = role_use.replication;
        let verdicts = model.need_verdicts(replication);
        for (need, (_, decision)) in model.needs(replication).iter().zip(verdicts) {
            if !defers(role_use.role, need, *decision) {
                continue;
            }
            for alias in alias_grants(role_use.role, need.action) {
                if !reported.insert(alias.span) {
                    continue;
                }
                sink.report(
                    &META,
                    alias.span,
                    format!(
                        "`{}` is granted only on the KMS alias `{}`: a policy resource that is an alias ARN controls the alias, not the key it points to, so role `{}` cannot use {}",
                        need.action,
                        shown(&alias.text),
                        role_use.role.address,
                        need.what
                    ),
                )
                .resource(&replication.address)
                .related(replication.role_span, "the replication configuration uses this role")
                .help("name the key ARN in Resource (Terraform `aws_kms_alias.x.target_key_arn` or `aws_kms_key.x.arn`, CloudFormation `!GetAtt Key.Arn`)");
            }
        }
    }
}

/// True when RL311/RL312 leave `need` to this rule: a KMS need the role does not certainly meet,
/// whose every granting statement names only alias ARNs.
pub fn defers(role: &Role, need: &Need, decision: Decision) -> bool {
    ACTIONS.contains(&need.action)
        && matches!(decision, Decision::NotAllowed | Decision::Unknown)
        && !alias_grants(role, need.action).is_empty()
}

/// The alias ARNs named by the role's `Allow` statements that may grant `action`, when every
/// such statement names only alias ARNs in `Resource` (empty otherwise: another statement may
/// grant it on the key).
fn alias_grants<'r>(role: &'r Role, action: &str) -> Vec<&'r PolicyString> {
    let mut aliases = Vec::new();
    let statements = role.policies.iter().flat_map(|p| &p.statements);
    for statement in statements.filter(|s| s.effect == Some(Effect::Allow)) {
        if action_matches(statement, action) == Tri::No {
            continue;
        }
        match &statement.resources {
            Some(resources) if statement.not_resources.is_none() && !resources.is_empty() => {
                if !resources.iter().all(|r| is_alias_arn(&r.text)) {
                    return Vec::new();
                }
                aliases.extend(resources);
            }
            _ => return Vec::new(),
        }
    }
    aliases
}

/// True for a KMS alias ARN: `arn:<partition>:kms:<region>:<account>:alias/<name>` with any part
/// symbolic, or a reference to a Terraform `aws_kms_alias`'s `arn`.
fn is_alias_arn(text: &SymStr) -> bool {
    if let [Piece::Symbol(reference)] = text.pieces.as_slice() {
        let mut parts = reference.key.rsplit('.');
        return parts.next() == Some("arn") && parts.nth(1) == Some("aws_kms_alias");
    }
    // Each symbol (`${AWS::Region}`, an account) as one opaque character, so its own colons
    // do not count as the ARN's.
    let flat: String = text
        .pieces
        .iter()
        .map(|p| match p {
            Piece::Lit(s) => s.as_str(),
            Piece::Symbol(_) => "\u{1}",
        })
        .collect();
    flat.starts_with("arn:")
        && flat.split(':').nth(2) == Some("kms")
        && flat
            .splitn(6, ':')
            .nth(5)
            .is_some_and(|r| r.starts_with("alias/"))
}

/// How an alias ARN reads in a message: a lone reference as written, else the text.
fn shown(text: &SymStr) -> String {
    match text.pieces.as_slice() {
        [Piece::Symbol(reference)] => reference.shown.clone(),
        _ => text.to_string(),
    }
}
