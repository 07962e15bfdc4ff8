//! [`declare_rule!`]: a rule's identity, defaults and check, declared once in the rule's file.

/// Declares the rule of the file it stands in: `META`, its identity and defaults, and `RULE`, the
/// entry the registry lists. `build.rs` finds every rule file by this declaration and lists its
/// `RULE` in [`crate::RULES`] in ID order, so nothing else registers a rule.
///
/// `severity` is a [`Severity`](crate::prelude::Severity) variant; `check` is `Some(check)`,
/// `None` for a rule another stage emits (parse errors, suppressions), or `owned_needs` for a
/// permission rule whose whole check is reporting the needs it owns in [`crate::needs::needs`]
/// that the role lacks (the macro writes that `check`).
///
/// ```text
/// declare_rule! {
///     id: RL122,
///     name: "prefix-leading-slash",
///     severity: Warning,
///     default_enabled: true,
///     summary: "A rule prefix starts with `/`: it matches no ordinary object key, so nothing replicates.",
///     check: Some(check),
/// }
/// ```
macro_rules! declare_rule {
    (
        id: $id:ident,
        name: $name:literal,
        severity: $severity:ident,
        default_enabled: $default_enabled:literal,
        summary: $summary:literal,
        check: owned_needs $(,)?
    ) => {
        $crate::declare::declare_rule! {
            id: $id,
            name: $name,
            severity: $severity,
            default_enabled: $default_enabled,
            summary: $summary,
            check: Some(check),
        }

        /// Reports the permissions this rule owns in [`crate::needs::needs`] that the role lacks.
        pub fn check(model: &$crate::prelude::Context, sink: &mut $crate::prelude::Sink) {
            for role_use in $crate::prelude::role_uses(model) {
                $crate::require::require(model, sink, &META, &role_use);
            }
        }
    };
    (
        id: $id:ident,
        name: $name:literal,
        severity: $severity:ident,
        default_enabled: $default_enabled:literal,
        summary: $summary:literal,
        check: $check:expr $(,)?
    ) => {
        #[doc = concat!(stringify!($id), " ", $name, ": its identity and defaults.")]
        pub static META: $crate::RuleMeta = $crate::RuleMeta {
            id: stringify!($id),
            name: $name,
            severity: $crate::prelude::Severity::$severity,
            summary: $summary,
            default_enabled: $default_enabled,
        };

        #[doc = concat!(stringify!($id), " as the registry lists it: its identity and its check.")]
        pub const RULE: $crate::Rule = $crate::Rule {
            meta: &META,
            check: $check,
        };
    };
}

pub(crate) use declare_rule;
