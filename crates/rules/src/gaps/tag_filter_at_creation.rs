//! RL703 tag-filter-at-creation: a tag-filtered rule sees only the tags an object is created with.

use crate::prelude::*;

declare_rule! {
    id: RL703,
    name: "tag-filter-at-creation",
    severity: Info,
    default_enabled: true,
    summary: "Tag-filtered rules only replicate objects that carry the tags when they are created.",
    check: Some(check),
}

/// Notes each rule (not known Disabled) whose filter requires tags, at its first tag.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        for rule in rules(replication)
            .iter()
            .filter(|r| r.enabled != Some(false))
        {
            let Some(tag) = rule.filter_tags.first() else {
                continue;
            };
            sink.report(
                &META,
                tag.span,
                "the rule selects objects by tag: S3 evaluates the filter when an object is written, so an object tagged later is not replicated".to_string(),
            )
            .resource(&replication.address)
            .help("tag objects in the same request that creates them, or copy later-tagged objects with S3 Batch Replication");
        }
    }
}
