//! The rule engine: every rule's metadata in one registry, and the [`Sink`] rules report into.
//!
//! A rule is one file with a `META` constant and a `check(&Context, &mut Sink)` function; it reads
//! the linked model and asks the IAM evaluator, and never sees a parser type.

mod access;
mod cross_account;
pub mod docs;
mod gaps;
pub mod input;
mod kms;
mod object_lock;
mod role;
mod shape;
mod versioning;

use repl_lint_iam::{Decision, Verdict};
use repl_lint_model::{Model, Replication};
use repl_lint_source::Span;
use repl_lint_source::diagnostic::{Diagnostic, FixIntent, Related, Severity};
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

/// A registered rule: metadata and its check.
pub struct Rule {
    /// Identity and defaults.
    pub meta: &'static RuleMeta,
    /// The check; `None` for rules that other stages emit (parse errors, notes).
    pub check: Option<fn(&Context, &mut Sink)>,
}

/// Every rule, in ID order.
pub static RULES: &[Rule] = &[
    Rule {
        meta: &input::parse_error::META,
        check: None,
    },
    Rule {
        meta: &input::unresolved_reference::META,
        check: Some(input::unresolved_reference::check),
    },
    Rule {
        meta: &input::unverifiable::META,
        check: None,
    },
    Rule {
        meta: &input::unused_suppression::META,
        check: None,
    },
    Rule {
        meta: &shape::role_not_arn::META,
        check: Some(shape::role_not_arn::check),
    },
    Rule {
        meta: &shape::destination_not_arn::META,
        check: Some(shape::destination_not_arn::check),
    },
    Rule {
        meta: &shape::destination_is_source::META,
        check: Some(shape::destination_is_source::check),
    },
    Rule {
        meta: &shape::rule_limits::META,
        check: Some(shape::rule_limits::check),
    },
    Rule {
        meta: &shape::prefix_and_filter::META,
        check: Some(shape::prefix_and_filter::check),
    },
    Rule {
        meta: &shape::filter_shape::META,
        check: Some(shape::filter_shape::check),
    },
    Rule {
        meta: &shape::filter_needs_delete_marker_replication::META,
        check: Some(shape::filter_needs_delete_marker_replication::check),
    },
    Rule {
        meta: &shape::filter_needs_priority::META,
        check: Some(shape::filter_needs_priority::check),
    },
    Rule {
        meta: &shape::duplicate_priority::META,
        check: Some(shape::duplicate_priority::check),
    },
    Rule {
        meta: &shape::v1_multiple_destinations::META,
        check: Some(shape::v1_multiple_destinations::check),
    },
    Rule {
        meta: &shape::v2_only_element::META,
        check: Some(shape::v2_only_element::check),
    },
    Rule {
        meta: &shape::delete_markers_with_tag_filter::META,
        check: Some(shape::delete_markers_with_tag_filter::check),
    },
    Rule {
        meta: &shape::overlapping_rules::META,
        check: Some(shape::overlapping_rules::check),
    },
    Rule {
        meta: &shape::invalid_storage_class::META,
        check: Some(shape::invalid_storage_class::check),
    },
    Rule {
        meta: &shape::existing_object_replication::META,
        check: Some(shape::existing_object_replication::check),
    },
    Rule {
        meta: &shape::directory_bucket::META,
        check: Some(shape::directory_bucket::check),
    },
    Rule {
        meta: &shape::duplicate_replication_config::META,
        check: Some(shape::duplicate_replication_config::check),
    },
    Rule {
        meta: &shape::rtc_needs_metrics::META,
        check: Some(shape::rtc_needs_metrics::check),
    },
    Rule {
        meta: &shape::rtc_minutes::META,
        check: Some(shape::rtc_minutes::check),
    },
    Rule {
        meta: &shape::metrics_threshold_without_rtc::META,
        check: Some(shape::metrics_threshold_without_rtc::check),
    },
    Rule {
        meta: &shape::access_control_translation_needs_account::META,
        check: Some(shape::access_control_translation_needs_account::check),
    },
    Rule {
        meta: &shape::prefix_leading_slash::META,
        check: Some(shape::prefix_leading_slash::check),
    },
    Rule {
        meta: &shape::all_rules_disabled::META,
        check: Some(shape::all_rules_disabled::check),
    },
    Rule {
        meta: &versioning::source_versioning::META,
        check: Some(versioning::source_versioning::check),
    },
    Rule {
        meta: &versioning::destination_versioning::META,
        check: Some(versioning::destination_versioning::check),
    },
    Rule {
        meta: &versioning::versioning_ordering::META,
        check: Some(versioning::versioning_ordering::check),
    },
    Rule {
        meta: &versioning::destination_created_first::META,
        check: Some(versioning::destination_created_first::check),
    },
    Rule {
        meta: &role::role_trust::META,
        check: Some(role::role_trust::check),
    },
    Rule {
        meta: &role::role_source_bucket_permissions::META,
        check: Some(role::role_source_bucket_permissions::check),
    },
    Rule {
        meta: &role::role_source_object_permissions::META,
        check: Some(role::role_source_object_permissions::check),
    },
    Rule {
        meta: &role::role_source_tagging_permission::META,
        check: Some(role::role_source_tagging_permission::check),
    },
    Rule {
        meta: &role::role_destination_permissions::META,
        check: Some(role::role_destination_permissions::check),
    },
    Rule {
        meta: &role::object_resource_without_wildcard::META,
        check: Some(role::object_resource_without_wildcard::check),
    },
    Rule {
        meta: &role::role_resource_scope::META,
        check: Some(role::role_resource_scope::check),
    },
    Rule {
        meta: &role::role_owner_override_permission::META,
        check: Some(role::role_owner_override_permission::check),
    },
    Rule {
        meta: &role::role_object_lock_permissions::META,
        check: Some(role::role_object_lock_permissions::check),
    },
    Rule {
        meta: &role::explicit_deny::META,
        check: Some(role::explicit_deny::check),
    },
    Rule {
        meta: &role::role_kms_decrypt::META,
        check: Some(role::role_kms_decrypt::check),
    },
    Rule {
        meta: &role::role_kms_encrypt::META,
        check: Some(role::role_kms_encrypt::check),
    },
    Rule {
        meta: &role::role_trust_batch::META,
        check: Some(role::role_trust_batch::check),
    },
    Rule {
        meta: &role::kms_grant_on_alias::META,
        check: Some(role::kms_grant_on_alias::check),
    },
    Rule {
        meta: &role::batch_replication_role_permissions::META,
        check: Some(role::batch_replication_role_permissions::check),
    },
    Rule {
        meta: &kms::kms_objects_not_selected::META,
        check: Some(kms::kms_objects_not_selected::check),
    },
    Rule {
        meta: &kms::kms_selection_needs_replica_key::META,
        check: Some(kms::kms_selection_needs_replica_key::check),
    },
    Rule {
        meta: &kms::replica_key_region::META,
        check: Some(kms::replica_key_region::check),
    },
    Rule {
        meta: &kms::replica_key_form::META,
        check: Some(kms::replica_key_form::check),
    },
    Rule {
        meta: &kms::aws_managed_key::META,
        check: Some(kms::aws_managed_key::check),
    },
    Rule {
        meta: &kms::key_policy_grants::META,
        check: Some(kms::key_policy_grants::check),
    },
    Rule {
        meta: &kms::key_disabled::META,
        check: Some(kms::key_disabled::check),
    },
    Rule {
        meta: &kms::bucket_key_replica_decrypt::META,
        check: Some(kms::bucket_key_replica_decrypt::check),
    },
    Rule {
        meta: &cross_account::destination_bucket_policy::META,
        check: Some(cross_account::destination_bucket_policy::check),
    },
    Rule {
        meta: &cross_account::destination_policy_owner_override::META,
        check: Some(cross_account::destination_policy_owner_override::check),
    },
    Rule {
        meta: &cross_account::owner_enforced_simplification::META,
        check: Some(cross_account::owner_enforced_simplification::check),
    },
    Rule {
        meta: &cross_account::owner_override_same_account::META,
        check: Some(cross_account::owner_override_same_account::check),
    },
    Rule {
        meta: &cross_account::requester_pays_destination::META,
        check: Some(cross_account::requester_pays_destination::check),
    },
    Rule {
        meta: &cross_account::cross_account_delete_markers::META,
        check: Some(cross_account::cross_account_delete_markers::check),
    },
    Rule {
        meta: &cross_account::source_object_ownership::META,
        check: Some(cross_account::source_object_ownership::check),
    },
    Rule {
        meta: &object_lock::object_lock_destination::META,
        check: Some(object_lock::object_lock_destination::check),
    },
    Rule {
        meta: &object_lock::replica_modifications_pair::META,
        check: Some(object_lock::replica_modifications_pair::check),
    },
    Rule {
        meta: &object_lock::replication_chain::META,
        check: Some(object_lock::replication_chain::check),
    },
    Rule {
        meta: &gaps::existing_objects::META,
        check: Some(gaps::existing_objects::check),
    },
    Rule {
        meta: &gaps::outside_policies::META,
        check: Some(gaps::outside_policies::check),
    },
    Rule {
        meta: &gaps::tag_filter_at_creation::META,
        check: Some(gaps::tag_filter_at_creation::check),
    },
];

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
    /// The permissions each replication configuration needs (`access::needs`), by index in
    /// `model.replications`, filled on first use.
    needs: Vec<OnceLock<Vec<access::Need>>>,
    /// For each configuration, its role's verdict on each of those needs (`access::need_verdict`).
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
    pub fn needs(&self, replication: &Replication) -> &[access::Need] {
        match self.index_of(replication) {
            Some(i) => self.needs[i].get_or_init(|| access::needs(self.model, replication)),
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
            let Some((_, role)) = access::role_of(self.model, replication) else {
                return Vec::new();
            };
            self.needs(replication)
                .iter()
                .map(|need| access::need_verdict(role, need))
                .collect()
        })
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

/// Collects the diagnostics of one rule run.
#[derive(Debug, Default)]
pub struct Sink {
    /// Everything reported so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl Sink {
    /// Reports a finding of `meta` at `primary`, at the rule's default severity; the returned
    /// builder adds the resource, related locations, help or another severity.
    pub fn report(
        &mut self,
        meta: &'static RuleMeta,
        primary: Span,
        message: String,
    ) -> Report<'_> {
        self.diagnostics.push(meta.diagnostic(primary, message));
        let last = self.diagnostics.len() - 1;
        Report {
            diagnostic: &mut self.diagnostics[last],
        }
    }
}

/// Builder for the diagnostic just reported.
pub struct Report<'a> {
    diagnostic: &'a mut Diagnostic,
}

impl Report<'_> {
    /// The resource the finding is about.
    pub fn resource(self, address: &str) -> Self {
        self.diagnostic.resource = Some(address.to_string());
        self
    }

    /// Adds a related location.
    pub fn related(self, span: Span, message: &str) -> Self {
        self.diagnostic.related.push(Related {
            span,
            message: message.to_string(),
        });
        self
    }

    /// Sets the fix suggestion.
    pub fn help(self, help: &str) -> Self {
        self.diagnostic.help = Some(help.to_string());
        self
    }

    /// Overrides the severity.
    pub fn severity(self, severity: Severity) -> Self {
        self.diagnostic.severity = severity;
        self
    }

    /// Attaches the mechanical fix the rule knows (`None`: there is none).
    pub fn fix(self, intent: impl Into<Option<FixIntent>>) -> Self {
        self.diagnostic.fix = intent.into();
        self
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
    let mut diagnostics: Vec<Diagnostic> = RULES
        .par_iter()
        .filter(|rule| enabled(rule.meta) || (notes_enabled && rule.meta.default_enabled))
        .filter_map(|rule| rule.check)
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
