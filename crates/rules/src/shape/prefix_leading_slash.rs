//! RL122 prefix-leading-slash: a rule prefix that starts with `/` matches no ordinary key.

use crate::prelude::*;
use repl_lint_syntax::value::{TextPart, Value, ValueKind};

declare_rule! {
    id: RL122,
    name: "prefix-leading-slash",
    severity: Warning,
    default_enabled: true,
    summary: "A rule prefix starts with `/`: it matches no ordinary object key, so nothing replicates.",
    check: Some(check),
}

/// Flags every rule prefix (`Prefix`, `Filter.Prefix`, `Filter.And.Prefix`) whose known text
/// starts with `/`, at the prefix value.
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let prefixes = [rule.prefix.as_ref(), rule.filter_prefix.as_ref()];
        for prefix in prefixes.into_iter().flatten() {
            let Some(text) = leading_text(prefix).filter(|t| t.starts_with('/')) else {
                continue;
            };
            let what = match prefix.as_str() {
                Some(whole) => format!("the prefix `{whole}`"),
                None => format!("the prefix (`{text}...`)"),
            };
            sink.report(
                &META,
                prefix.span,
                format!("{what} starts with `/`: object keys do not, so this rule matches no ordinary object and nothing replicates"),
            )
            .resource(&replication.address)
            .help(&format!(
                "remove the leading slash (`{}`)",
                text.trim_start_matches('/')
            ));
        }
    }
}

/// The literal text a value starts with: the whole string, or a template's first literal part.
fn leading_text(value: &Value) -> Option<&str> {
    match &value.kind {
        ValueKind::Str(s) => Some(s),
        ValueKind::Template(parts) => match parts.first() {
            Some(TextPart::Lit(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}
