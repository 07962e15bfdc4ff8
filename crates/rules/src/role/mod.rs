//! The replication role (RL3xx): its trust policy and the permissions its policies grant.

// The family's rules, one module per rule file, listed by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/rule_modules/role.rs"));

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
