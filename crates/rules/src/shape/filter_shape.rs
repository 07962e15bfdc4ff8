//! RL106 filter-shape: a `Filter` holds more than one of `Prefix`, `Tag`, `And`.

use crate::prelude::*;
use repl_lint_model::{FilterElement, FilterElementKind};

declare_rule! {
    id: RL106,
    name: "filter-shape",
    severity: Error,
    default_enabled: true,
    summary: "A Filter holds more than one of Prefix, Tag/TagFilter, And.",
    check: Some(check),
}

/// Flags filters with more than one element; combining conditions needs `And`.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let elements: Vec<&FilterElement> = rule
            .filter_elements
            .iter()
            .filter(|e| e.kind != FilterElementKind::Other)
            .collect();
        let [first, second, ..] = elements.as_slice() else {
            continue;
        };
        sink.report(
            &META,
            second.span,
            format!(
                "the filter holds both `{}` and `{}`: a filter takes exactly one element",
                first.written, second.written
            ),
        )
        .resource(&replication.address)
        .related(first.span, "first filter element")
        .help("combine a prefix and tags inside `And`");
    }
}
