//! The rule engine: the registry of every rule, the [`Context`] rules read, and running them.
//!
//! A rule is one file in a family folder (`shape/`, `role/`, ...) that declares itself with
//! [`declare_rule!`](prelude::declare_rule) and defines `check(&Context, &mut Sink)`; it reads the
//! linked model and asks the IAM evaluator, and never sees a parser type. `build.rs` lists every
//! such file: as a module of its family (the family's `mod.rs` includes the list) and in [`RULES`].

mod cross_account;
mod declare;
pub mod docs;
mod gaps;
mod grants;
pub mod input;
mod kms;
mod kms_needs;
mod kms_region;
mod needs;
mod object_lock;
pub mod prelude;
mod require;
mod resource_arns;
mod role;
mod shape;
mod sink;
mod versioning;

use needs::Need;
use repl_lint_iam::{Decision, Verdict};
use repl_lint_model::{Model, Replication};
use repl_lint_source::Span;
use repl_lint_source::diagnostic::{Diagnostic, Severity};
pub use sink::{Report, Sink};
use std::sync::OnceLock;

/// A rule's identity and defaults, declared once in its file.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable ID, e.g. `RL202`.
    pub id: &'static str,
    /// Stable kebab-case name, e.g. `destination-versioning`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line that says what the rule finds.
    pub summary: &'static str,
    /// Whether the rule runs unless selected explicitly.
    pub default_enabled: bool,
}

impl RuleMeta {
    /// A finding of this rule at `primary`, at its default severity, without resource, related
    /// locations or help.
    pub fn diagnostic(&'static self, primary: Span, message: String) -> Diagnostic {
        Diagnostic {
            rule: self.id,
            name: self.name,
            severity: self.severity,
            message,
            primary,
            resource: None,
            related: Vec::new(),
            help: None,
            fix: None,
        }
    }
}

/// A registered rule: metadata and its check (declared by [`declare_rule!`](prelude::declare_rule)).
pub struct Rule {
    /// Identity and defaults.
    pub meta: &'static RuleMeta,
    /// The check; `None` for rules that other stages emit (parse errors, notes).
    pub check: Option<fn(&Context, &mut Sink)>,
}

include!(concat!(env!("OUT_DIR"), "/rule_registry.rs"));

/// The metadata of a rule by ID.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().map(|r| r.meta).find(|m| m.id == id)
}

/// The metadata of a rule by ID (any case) or name.
pub fn find(id_or_name: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .map(|r| r.meta)
        .find(|m| m.id.eq_ignore_ascii_case(id_or_name) || m.name == id_or_name)
}

/// What every rule reads: the linked model (through `Deref`) and what several rules derive from
/// it, computed once per run and shared by the rules running in parallel.
pub struct Context<'m> {
    model: &'m Model,
    /// The permissions each replication configuration needs ([`needs::needs`]), by index in
    /// `model.replications`, filled on first use.
    needs: Vec<OnceLock<Vec<Need>>>,
    /// For each configuration, its role's verdict on each of those needs ([`grants::need_verdict`]).
    verdicts: Vec<OnceLock<Vec<(Verdict<'m>, Decision)>>>,
}

impl<'m> Context<'m> {
    /// A context over `model` with nothing derived yet.
    pub fn new(model: &'m Model) -> Context<'m> {
        Context {
            model,
            needs: model.replications.iter().map(|_| OnceLock::new()).collect(),
            verdicts: model.replications.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The permissions `replication` (a configuration of this model) needs from its role,
    /// computed once.
    pub fn needs(&self, replication: &Replication) -> &[Need] {
        match self.index_of(replication) {
            Some(i) => self.needs[i].get_or_init(|| needs::needs(self.model, replication)),
            None => &[],
        }
    }

    /// The verdict of the role `replication` uses on each of its needs, in the order of
    /// [`Context::needs`]; empty when the role is not in the files. Computed once.
    pub fn need_verdicts(&self, replication: &Replication) -> &[(Verdict<'m>, Decision)] {
        let Some(i) = self.index_of(replication) else {
            return &[];
        };
        self.verdicts[i].get_or_init(|| {
            let Some((_, role)) = prelude::role_of(self.model, replication) else {
                return Vec::new();
            };
            self.needs(replication)
                .iter()
                .map(|need| grants::need_verdict(role, need))
                .collect()
        })
    }

    /// Derives every configuration's needs and verdicts at once, configurations in parallel.
    /// Rules that read them would otherwise wait on each other's first use (the permission
    /// rules walk the configurations in the same order).
    pub fn derive_all(&self) {
        use rayon::prelude::*;
        self.model.replications.par_iter().for_each(|replication| {
            self.need_verdicts(replication);
        });
    }

    /// The position of `replication` in `model.replications`, checked by identity.
    fn index_of(&self, replication: &Replication) -> Option<usize> {
        let base = self.model.replications.as_ptr() as usize;
        let offset = (replication as *const Replication as usize).checked_sub(base)?;
        let i = offset / std::mem::size_of::<Replication>().max(1);
        let candidate = self.model.replications.get(i)?;
        std::ptr::eq(candidate, replication).then_some(i)
    }
}

impl std::ops::Deref for Context<'_> {
    type Target = Model;

    fn deref(&self) -> &Model {
        self.model
    }
}

/// Runs every enabled rule over the model, rules in parallel. A rule whose own ID is disabled
/// still runs while RL003 is enabled, for the notes it files under RL003.
pub fn run(model: &Model, enabled: &(dyn Fn(&RuleMeta) -> bool + Sync)) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let notes_enabled = enabled(&input::unverifiable::META);
    let context = Context::new(model);
    // A rule runs when it is enabled, or for its RL003 notes when those are (a rule that is off
    // by default, such as the RL7xx notes, runs only when enabled).
    let checks: Vec<fn(&Context, &mut Sink)> = RULES
        .iter()
        .filter(|rule| enabled(rule.meta) || (notes_enabled && rule.meta.default_enabled))
        .filter_map(|rule| rule.check)
        .collect();
    if !checks.is_empty() {
        context.derive_all();
    }
    // One rule per task: rules differ widely in cost, and halves of the list would leave one
    // thread idle while the other finishes the expensive ones.
    let mut diagnostics: Vec<Diagnostic> = checks
        .into_par_iter()
        .with_max_len(1)
        .flat_map_iter(|check| {
            let mut sink = Sink::default();
            check(&context, &mut sink);
            sink.diagnostics
        })
        .collect();
    diagnostics.retain(|d| meta(d.rule).is_some_and(enabled));
    diagnostics
}

/// Levenshtein distance between two short words (near misses: a mistyped subcommand, a
/// misspelt service principal).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
#[path = "lib_tests.rs"]
mod tests;
