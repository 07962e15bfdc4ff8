//! RL112 delete-markers-with-tag-filter: delete marker replication on a tag-filtered rule.

use crate::prelude::*;

declare_rule! {
    id: RL112,
    name: "delete-markers-with-tag-filter",
    severity: Error,
    default_enabled: true,
    summary: "Delete marker replication is Enabled on a rule whose filter has a tag.",
    check: Some(check),
}

/// Flags an Enabled delete marker replication status on a rule whose (well-formed) filter
/// requires a tag.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        // A filter with several elements is malformed (RL106) whatever else it holds.
        let Some(tag) = rule
            .filter_tags
            .first()
            .filter(|_| rule.filter_elements.len() <= 1)
        else {
            continue;
        };
        let Some(status) = rule
            .delete_marker_replication
            .as_ref()
            .filter(|s| s.enabled == Some(true))
        else {
            continue;
        };
        sink.report(
            &META,
            status.span,
            "delete marker replication is Enabled on a rule that filters on tags: S3 does not support it for tag-based rules and rejects the configuration".to_string(),
        )
        .resource(&replication.address)
        .related(tag.span, "tag filter")
        .help("set delete marker replication to Disabled, or filter on a prefix only");
    }
}
