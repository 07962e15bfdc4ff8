//! The replication role (RL3xx): its trust policy and the permissions its policies grant.

pub mod batch_replication_role_permissions;
pub mod explicit_deny;
pub mod kms_grant_on_alias;
pub mod object_resource_without_wildcard;
pub mod role_destination_permissions;
pub mod role_kms_decrypt;
pub mod role_kms_encrypt;
pub mod role_object_lock_permissions;
pub mod role_owner_override_permission;
pub mod role_resource_scope;
pub mod role_source_bucket_permissions;
pub mod role_source_object_permissions;
pub mod role_source_tagging_permission;
pub mod role_trust;
pub mod role_trust_batch;

use repl_lint_iam::policy::{Effect, Policy, PrincipalEntry};
use repl_lint_iam::{self as iam, Tri};
use repl_lint_source::Span;

/// The first service principal of an `sts:AssumeRole` allow in a trust policy: the service
/// RL301 finds trusted instead of S3 when the policy does not trust S3, and the list RL313 wants
/// `batchoperations.s3.amazonaws.com` in.
pub fn service_principal(trust: &Policy) -> Option<Span> {
    trust
        .statements
        .iter()
        .filter(|s| {
            s.effect == Some(Effect::Allow) && iam::action_matches(s, "sts:AssumeRole") == Tri::Yes
        })
        .flat_map(|s| s.principals.iter().flatten())
        .find_map(|p| match p {
            PrincipalEntry::Typed { kind, value } if kind == "Service" => Some(value.span),
            _ => None,
        })
}
