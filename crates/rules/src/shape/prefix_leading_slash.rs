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
            ))
            .fix(without_slash(prefix));
        }
    }
}

/// The fix of a literal prefix: the same text without its leading slashes (`/Tax/` becomes
/// `Tax/`, as the User Guide's "Troubleshooting replication" corrects it). None for a prefix
/// with unknown parts, or one that is only slashes (an empty prefix would select every object).
fn without_slash(prefix: &Value) -> Option<FixIntent> {
    let whole = prefix.as_str()?;
    let trimmed = whole.trim_start_matches('/');
    (!trimmed.is_empty()).then(|| FixIntent::ReplaceLiteral {
        value: prefix.span,
        from: whole.to_string(),
        to: trimmed.to_string(),
    })
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
