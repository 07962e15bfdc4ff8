//! RL106 filter-shape: a `Filter` holds more than one of `Prefix`, `Tag`, `And`.

use crate::prelude::*;

declare_rule! {
    id: RL106,
    name: "filter-shape",
    severity: Error,
    default_enabled: true,
    summary: "A Filter holds more than one of Prefix, Tag/TagFilter, And.",
    check: Some(check),
}

const ELEMENTS: [&str; 5] = ["prefix", "tag", "tagfilter", "and", "tags"];

/// Flags filters with more than one element; combining conditions needs `And`.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let elements: Vec<&(String, repl_lint_source::Span)> = rule
            .filter_elements
            .iter()
            .filter(|(key, _)| ELEMENTS.contains(&key.to_ascii_lowercase().as_str()))
            .collect();
        let [first, second, ..] = elements.as_slice() else {
            continue;
        };
        sink.report(
            &META,
            second.1,
            format!(
                "the filter holds both `{}` and `{}`: a filter takes exactly one element",
                first.0, second.0
            ),
        )
        .resource(&replication.address)
        .related(first.1, "first filter element")
        .help("combine a prefix and tags inside `And`");
    }
}
