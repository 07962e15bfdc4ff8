//! RL121 access-control-translation-needs-account: owner override without a valid destination
//! account, or with an owner other than `Destination`.

use crate::prelude::*;
use repl_lint_source::Span;
use repl_lint_syntax::resource::Dialect;
use repl_lint_syntax::value::ValueKind;

declare_rule! {
    id: RL121,
    name: "access-control-translation-needs-account",
    severity: Error,
    default_enabled: true,
    summary: "AccessControlTranslation without Account (12 digits), or Owner other than Destination.",
    check: Some(check),
}

/// Flags a known account that is not 12 digits, a missing account (Terraform's "" counts as
/// missing: the provider does not send it), and a known owner other than `Destination`.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule, translation) in translations(model) {
        let destination = &rule.destination;
        // A `dynamic` block that may expand to nothing proves nothing.
        if destination
            .access_control_owner
            .as_ref()
            .is_some_and(|o| o.is_unknown())
        {
            continue;
        }
        let terraform = replication.dialect == Dialect::Terraform;
        let mut problems: Vec<(Span, String)> = Vec::new();
        match &destination.account {
            Some(a) => match &a.kind {
                ValueKind::Str(s) if s.is_empty() && terraform => {
                    problems.push((translation, "the destination sets no account".into()));
                }
                ValueKind::Str(s) if !is_account_id(s) => {
                    problems.push((
                        a.span,
                        format!("the destination account `{s}` is not a 12-digit account ID"),
                    ));
                }
                _ => {}
            },
            None => problems.push((translation, "the destination sets no account".into())),
        }
        // A missing owner is a schema error that `terraform validate` and cfn-lint report.
        if let Some(o) = &destination.access_control_owner
            && let Some(owner) = o.as_str().filter(|o| *o != "Destination")
        {
            problems.push((o.span, format!("the owner is `{owner}`, not `Destination`")));
        }
        for (at, problem) in problems {
            sink.report(
                &META,
                at,
                format!("the rule overrides the replica owner (AccessControlTranslation) but {problem}: S3 rejects the configuration"),
            )
            .resource(&replication.address)
            .help("set the destination account ID and AccessControlTranslation Owner = Destination");
        }
    }
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}
