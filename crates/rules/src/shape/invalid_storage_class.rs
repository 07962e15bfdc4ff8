//! RL114 invalid-storage-class: a destination storage class S3 replication does not accept.

use crate::prelude::*;
use repl_lint_syntax::resource::Dialect;

declare_rule! {
    id: RL114,
    name: "invalid-storage-class",
    severity: Error,
    default_enabled: true,
    summary: "StorageClass is not one of the storage classes replication accepts (case-sensitive).",
    check: Some(check),
}

/// The storage classes a replication destination accepts, spelled as the API expects.
const STORAGE_CLASSES: [&str; 8] = [
    "STANDARD",
    "REDUCED_REDUNDANCY",
    "STANDARD_IA",
    "ONEZONE_IA",
    "INTELLIGENT_TIERING",
    "GLACIER",
    "DEEP_ARCHIVE",
    "GLACIER_IR",
];

/// Flags a known storage class that is not in [`STORAGE_CLASSES`]. An empty Terraform value is
/// not sent (plans show an unset storage class as "").
pub fn check(model: &Context, sink: &mut Sink) {
    for (replication, rule) in every_rule(model) {
        let Some(class) = &rule.destination.storage_class else {
            continue;
        };
        let Some(text) = class.as_str() else { continue };
        if STORAGE_CLASSES.contains(&text)
            || (text.is_empty() && replication.dialect == Dialect::Terraform)
        {
            continue;
        }
        let help = match STORAGE_CLASSES
            .iter()
            .find(|c| c.eq_ignore_ascii_case(text))
        {
            Some(spelled) => format!("storage classes are case-sensitive: write `{spelled}`"),
            None => format!("use one of {}", STORAGE_CLASSES.join(", ")),
        };
        sink.report(
            &META,
            class.span,
            format!("`{text}` is not a storage class S3 replication accepts: S3 rejects the configuration"),
        )
        .resource(&replication.address)
        .help(&help);
    }
}
