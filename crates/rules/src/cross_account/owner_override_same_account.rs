//! RL504 owner-override-same-account: replica ownership translation between buckets of one
//! account.

use crate::prelude::*;
use repl_lint_model::placement::rule_cross_account;

declare_rule! {
    id: RL504,
    name: "owner-override-same-account",
    severity: Warning,
    default_enabled: true,
    summary: "AccessControlTranslation between buckets of one account: it still applies and stops ACL-update replication.",
    check: Some(check),
}

/// Reports `AccessControlTranslation` on rules whose buckets are certainly in one account.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule, translation) in translations(model) {
        if rule_cross_account(model, replication, rule) != Some(false) {
            continue;
        }
        sink.report(
                &META,
                translation,
                "AccessControlTranslation between buckets of the same account: the owner override still applies, and changes to object ACLs are no longer replicated".to_string(),
            )
            .resource(&replication.address)
            .related(rule.destination.bucket_span, "the destination bucket, in the source's account")
            .help("remove AccessControlTranslation: it is meant for destinations owned by another account");
    }
}
