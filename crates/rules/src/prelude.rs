//! What every rule file starts with (`use crate::prelude::*;`): the declaration macro, the
//! [`Context`] a rule reads and the [`Sink`] it reports into (with related locations, help and fix
//! intents through [`Report`]), and the ways to walk the model a rule needs most — every
//! configuration of a dialect, every replication rule, every configuration whose role is in the
//! files.
//!
//! ```text
//! use crate::prelude::*;
//!
//! declare_rule! {
//!     id: RL122,
//!     name: "prefix-leading-slash",
//!     severity: Warning,
//!     default_enabled: true,
//!     summary: "A rule prefix starts with `/`: ...",
//!     check: Some(check),
//! }
//!
//! pub fn check(model: &Context, sink: &mut Sink) {
//!     for (replication, rule) in every_rule(model) {
//!         // ...
//!         sink.report(&META, span, message).resource(&replication.address).help("...");
//!     }
//! }
//! ```

pub(crate) use super::declare::declare_rule;
pub use super::sink::{Report, Sink};
pub use super::{Context, RuleMeta};
pub use repl_lint_source::diagnostic::{FixIntent, Severity};

use repl_lint_model::resolve::RoleLink;
use repl_lint_model::{Bucket, BucketLink, Model, Replication, ReplicationRule, Role};
use repl_lint_source::Span;
use repl_lint_syntax::resource::Dialect;

/// A replication configuration whose role is in the files.
pub struct RoleUse<'m> {
    /// The configuration.
    pub replication: &'m Replication,
    /// Its role.
    pub role: &'m Role,
    /// The role's index in [`Model::roles`].
    pub role_index: usize,
}

/// Every replication configuration whose role resolves to a role in the files.
pub fn role_uses(model: &Model) -> impl Iterator<Item = RoleUse<'_>> {
    model.replications.iter().filter_map(|replication| {
        let (role_index, role) = role_of(model, replication)?;
        Some(RoleUse {
            replication,
            role,
            role_index,
        })
    })
}

/// The role (index and view) a configuration uses, when it is in the files.
pub fn role_of<'m>(model: &'m Model, replication: &Replication) -> Option<(usize, &'m Role)> {
    let value = replication.role.as_ref()?;
    match model.resolve_role(replication.unit, value) {
        RoleLink::Found(i, _) => model.roles.get(i).map(|role| (i, role)),
        _ => None,
    }
}

/// The replication configurations written in `dialect`.
pub fn replications_in(model: &Model, dialect: Dialect) -> impl Iterator<Item = &Replication> {
    model
        .replications
        .iter()
        .filter(move |r| r.dialect == dialect)
}

/// An enabled rule list (rules that cannot be read yield none).
pub fn rules(replication: &Replication) -> &[ReplicationRule] {
    replication.rules.as_deref().unwrap_or(&[])
}

/// Every replication rule (of [`rules`]) of every configuration, with its configuration.
pub fn every_rule(model: &Model) -> impl Iterator<Item = (&Replication, &ReplicationRule)> {
    (model.replications.iter()).flat_map(|replication| {
        rules(replication)
            .iter()
            .map(move |rule| (replication, rule))
    })
}

/// Every replication rule (of [`rules`]) that sets `AccessControlTranslation`, with its
/// configuration and the span of the setting.
pub fn translations(model: &Model) -> impl Iterator<Item = (&Replication, &ReplicationRule, Span)> {
    every_rule(model).filter_map(|(replication, rule)| {
        let translation = rule.destination.access_control_translation?;
        Some((replication, rule, translation))
    })
}

/// The source bucket of a configuration, when it is in the files.
pub fn source_bucket<'m>(model: &'m Model, replication: &Replication) -> Option<&'m Bucket> {
    match replication.source {
        BucketLink::Found(i) => model.buckets.get(i),
        _ => None,
    }
}
