//! Baselines: `--write-baseline FILE` records the current findings by fingerprint (see
//! [`crate::fingerprint`]); `--baseline FILE` then reports only the findings that are
//! not recorded, so an existing code base can adopt repl-lint and fail only on new problems.

use crate::fingerprint::fingerprints;
use repl_lint_source::SourceDb;
use repl_lint_source::diagnostic::Diagnostic;
use std::collections::HashSet;
use std::path::Path;

use repl_lint_source::fsread::{self, Confine, MaxFileSize};

/// The version of the baseline file format.
const VERSION: u32 = 1;

/// The file: a version and one entry per finding.
#[derive(serde::Serialize, serde::Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// One recorded finding. Only the fingerprint is compared; the rest is for people reading it.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    rule: String,
    file: String,
    fingerprint: String,
    message: String,
}

/// The fingerprints of a baseline file.
#[derive(Debug, Default)]
pub struct Baseline {
    fingerprints: HashSet<String>,
}

impl Baseline {
    /// Drops the diagnostics recorded in the baseline and returns how many were dropped.
    /// Fingerprints are computed over the whole list, as when the baseline was written.
    pub fn filter(&self, db: &SourceDb, diagnostics: &mut Vec<Diagnostic>) -> usize {
        let prints = fingerprints(db, diagnostics);
        let before = diagnostics.len();
        let mut prints = prints.iter();
        diagnostics.retain(|_| prints.next().is_none_or(|p| !self.fingerprints.contains(p)));
        before - diagnostics.len()
    }
}

/// Reads a baseline file (a regular file of at most `limit` bytes, wherever the user put it). A
/// missing, unreadable or malformed file is an error that names it.
pub fn load(path: &Path, limit: MaxFileSize) -> Result<Baseline, String> {
    let text = fsread::read_text(path, Confine::Anywhere, limit)
        .map_err(|e| format!("{}: cannot read the baseline: {e}", path.display()))?;
    let file: File = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not a repl-lint baseline: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if file.version != VERSION {
        return Err(format!(
            "{}: baseline version {} is not supported (expected {VERSION}); write it again with --write-baseline",
            path.display(),
            file.version
        ));
    }
    Ok(Baseline {
        fingerprints: file.findings.into_iter().map(|e| e.fingerprint).collect(),
    })
}

/// Writes every diagnostic to a baseline file and returns how many were written.
pub fn write(path: &Path, db: &SourceDb, diagnostics: &[Diagnostic]) -> Result<usize, String> {
    let findings = diagnostics
        .iter()
        .zip(fingerprints(db, diagnostics))
        .map(|(d, fingerprint)| Entry {
            rule: d.rule.to_string(),
            file: db.file(d.primary.file).display.clone(),
            fingerprint,
            message: d.message.clone(),
        })
        .collect();
    let file = File {
        version: VERSION,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file)
        .map_err(|e| format!("cannot write the baseline: {e}"))?;
    text.push('\n');
    std::fs::write(path, text)
        .map_err(|e| format!("{}: cannot write the baseline: {e}", path.display()))?;
    Ok(diagnostics.len())
}
