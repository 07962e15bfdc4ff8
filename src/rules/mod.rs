//! The rule engine: every rule's metadata in one registry, and the [`Sink`] rules report into.
//!
//! A rule is one file with a `META` constant and a `check(&Context, &mut Sink)` function; it reads
//! the linked model and asks the IAM evaluator, and never sees a parser type.

mod access;
mod cross_account;
pub mod docs;
mod edges;
pub mod rl001;
mod rl002;
pub mod rl003;
pub mod rl004;
mod rl101;
mod rl102;
mod rl103;
mod rl104;
mod rl105;
mod rl106;
mod rl107;
mod rl108;
mod rl109;
mod rl110;
mod rl111;
mod rl112;
mod rl113;
mod rl114;
mod rl115;
mod rl116;
mod rl117;
mod rl118;
mod rl119;
mod rl120;
mod rl121;
mod rl201;
mod rl202;
mod rl203;
mod rl204;
mod rl301;
mod rl302;
mod rl303;
mod rl304;
mod rl305;
mod rl306;
mod rl307;
mod rl308;
mod rl309;
mod rl310;
mod rl311;
mod rl312;
mod rl313;
mod rl401;
mod rl402;
mod rl403;
mod rl404;
mod rl405;
mod rl406;
mod rl407;
mod rl501;
mod rl502;
mod rl503;
mod rl504;
mod rl505;
mod rl506;
mod rl601;
mod rl602;
mod rl603;
mod rl701;
mod rl702;
mod rl703;
mod versioning;

use crate::diagnostic::{Diagnostic, FixIntent, Related, Severity};
use crate::iam::{Decision, Verdict};
use crate::model::{Model, Replication};
use crate::source::Span;
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
        meta: &rl001::META,
        check: None,
    },
    Rule {
        meta: &rl002::META,
        check: Some(rl002::check),
    },
    Rule {
        meta: &rl003::META,
        check: None,
    },
    Rule {
        meta: &rl004::META,
        check: None,
    },
    Rule {
        meta: &rl101::META,
        check: Some(rl101::check),
    },
    Rule {
        meta: &rl102::META,
        check: Some(rl102::check),
    },
    Rule {
        meta: &rl103::META,
        check: Some(rl103::check),
    },
    Rule {
        meta: &rl104::META,
        check: Some(rl104::check),
    },
    Rule {
        meta: &rl105::META,
        check: Some(rl105::check),
    },
    Rule {
        meta: &rl106::META,
        check: Some(rl106::check),
    },
    Rule {
        meta: &rl107::META,
        check: Some(rl107::check),
    },
    Rule {
        meta: &rl108::META,
        check: Some(rl108::check),
    },
    Rule {
        meta: &rl109::META,
        check: Some(rl109::check),
    },
    Rule {
        meta: &rl110::META,
        check: Some(rl110::check),
    },
    Rule {
        meta: &rl111::META,
        check: Some(rl111::check),
    },
    Rule {
        meta: &rl112::META,
        check: Some(rl112::check),
    },
    Rule {
        meta: &rl113::META,
        check: Some(rl113::check),
    },
    Rule {
        meta: &rl114::META,
        check: Some(rl114::check),
    },
    Rule {
        meta: &rl115::META,
        check: Some(rl115::check),
    },
    Rule {
        meta: &rl116::META,
        check: Some(rl116::check),
    },
    Rule {
        meta: &rl117::META,
        check: Some(rl117::check),
    },
    Rule {
        meta: &rl118::META,
        check: Some(rl118::check),
    },
    Rule {
        meta: &rl119::META,
        check: Some(rl119::check),
    },
    Rule {
        meta: &rl120::META,
        check: Some(rl120::check),
    },
    Rule {
        meta: &rl121::META,
        check: Some(rl121::check),
    },
    Rule {
        meta: &rl201::META,
        check: Some(rl201::check),
    },
    Rule {
        meta: &rl202::META,
        check: Some(rl202::check),
    },
    Rule {
        meta: &rl203::META,
        check: Some(rl203::check),
    },
    Rule {
        meta: &rl204::META,
        check: Some(rl204::check),
    },
    Rule {
        meta: &rl301::META,
        check: Some(rl301::check),
    },
    Rule {
        meta: &rl302::META,
        check: Some(rl302::check),
    },
    Rule {
        meta: &rl303::META,
        check: Some(rl303::check),
    },
    Rule {
        meta: &rl304::META,
        check: Some(rl304::check),
    },
    Rule {
        meta: &rl305::META,
        check: Some(rl305::check),
    },
    Rule {
        meta: &rl306::META,
        check: Some(rl306::check),
    },
    Rule {
        meta: &rl307::META,
        check: Some(rl307::check),
    },
    Rule {
        meta: &rl308::META,
        check: Some(rl308::check),
    },
    Rule {
        meta: &rl309::META,
        check: Some(rl309::check),
    },
    Rule {
        meta: &rl310::META,
        check: Some(rl310::check),
    },
    Rule {
        meta: &rl311::META,
        check: Some(rl311::check),
    },
    Rule {
        meta: &rl312::META,
        check: Some(rl312::check),
    },
    Rule {
        meta: &rl313::META,
        check: Some(rl313::check),
    },
    Rule {
        meta: &rl401::META,
        check: Some(rl401::check),
    },
    Rule {
        meta: &rl402::META,
        check: Some(rl402::check),
    },
    Rule {
        meta: &rl403::META,
        check: Some(rl403::check),
    },
    Rule {
        meta: &rl404::META,
        check: Some(rl404::check),
    },
    Rule {
        meta: &rl405::META,
        check: Some(rl405::check),
    },
    Rule {
        meta: &rl406::META,
        check: Some(rl406::check),
    },
    Rule {
        meta: &rl407::META,
        check: Some(rl407::check),
    },
    Rule {
        meta: &rl501::META,
        check: Some(rl501::check),
    },
    Rule {
        meta: &rl502::META,
        check: Some(rl502::check),
    },
    Rule {
        meta: &rl503::META,
        check: Some(rl503::check),
    },
    Rule {
        meta: &rl504::META,
        check: Some(rl504::check),
    },
    Rule {
        meta: &rl505::META,
        check: Some(rl505::check),
    },
    Rule {
        meta: &rl506::META,
        check: Some(rl506::check),
    },
    Rule {
        meta: &rl601::META,
        check: Some(rl601::check),
    },
    Rule {
        meta: &rl602::META,
        check: Some(rl602::check),
    },
    Rule {
        meta: &rl603::META,
        check: Some(rl603::check),
    },
    Rule {
        meta: &rl701::META,
        check: Some(rl701::check),
    },
    Rule {
        meta: &rl702::META,
        check: Some(rl702::check),
    },
    Rule {
        meta: &rl703::META,
        check: Some(rl703::check),
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
    let notes_enabled = enabled(&rl003::META);
    let context = Context::new(model);
    let mut diagnostics: Vec<Diagnostic> = RULES
        .par_iter()
        .filter(|rule| notes_enabled || enabled(rule.meta))
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
