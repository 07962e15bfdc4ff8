//! RL303 role-source-object-permissions: the role cannot read source object versions.

use super::access::{Need, object_arn, require, role_uses, rules, source_arn};
use super::{RuleMeta, Sink};
use crate::diagnostic::Severity;
use crate::model::Model;

/// RL303.
pub static META: RuleMeta = RuleMeta {
    id: "RL303",
    name: "role-source-object-permissions",
    severity: Severity::Error,
    summary: "The role lacks s3:GetObjectVersionForReplication or s3:GetObjectVersionAcl on source objects.",
    default_enabled: true,
};

/// Checks the object-level read permissions on the objects each rule selects.
pub fn check(model: &Model, sink: &mut Sink) {
    for role_use in role_uses(model) {
        let Some(bucket) = source_arn(model, role_use.replication) else {
            continue;
        };
        let mut needs = Vec::new();
        for rule in rules(role_use.replication) {
            let objects = object_arn(model, role_use.replication, &bucket, rule);
            for action in [
                "s3:GetObjectVersionForReplication",
                "s3:GetObjectVersionAcl",
            ] {
                needs.push(Need {
                    action,
                    resource: objects.clone(),
                    what: "source objects",
                    severity: Severity::Error,
                });
            }
        }
        require(sink, &META, &role_use, &dedup(needs));
    }
}

/// Keeps the first need of each action: one finding per action and configuration.
pub fn dedup(needs: Vec<Need<'_>>) -> Vec<Need<'_>> {
    let mut out: Vec<Need> = Vec::new();
    for need in needs {
        let missing_same = out
            .iter()
            .any(|n| n.action == need.action && n.resource == need.resource);
        if !missing_same {
            out.push(need);
        }
    }
    out
}
