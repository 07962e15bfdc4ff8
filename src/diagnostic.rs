//! Diagnostics: what rules emit and what every report writer consumes.

use crate::source::Span;

/// How serious a diagnostic is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something the files cannot prove either way.
    Info,
    /// Deploys, but objects are silently not replicated, or very likely a mistake.
    Warning,
    /// AWS rejects the configuration or replication fails.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location that helps explain a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// Why it is relevant ("destination bucket defined here").
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Rule ID, e.g. `RL202`.
    pub rule: &'static str,
    /// Rule name, e.g. `destination-versioning`.
    pub name: &'static str,
    /// Severity of this finding (a rule may emit below its default severity).
    pub severity: Severity,
    /// One sentence that says what will break.
    pub message: String,
    /// The most specific span that explains the problem.
    pub primary: Span,
    /// The resource the finding is about (address or logical ID).
    pub resource: Option<String>,
    /// Other resources involved.
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Option<String>,
}
