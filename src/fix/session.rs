//! `--fix` and `--diff`: every verified fix of a run, applied in memory (the overlay) round by
//! round, and the unified diff of the result; and the verified fix of each finding, for the JSON
//! report.

use super::{Edit, Fix, ReportedFixes, Verified, candidate, overlap, try_edits};
use repl_lint_source::diagnostic::Diagnostic;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// Most rounds of fixing: each lints once or twice per fix tried, and a fix may enable another.
const MAX_ROUNDS: usize = 16;

/// A file the fixes changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedFile {
    /// The path as in `SourceFile::path` (where to write it).
    pub path: PathBuf,
    /// The path as reported.
    pub display: String,
    /// The text before any fix.
    pub before: String,
    /// The text with every applied fix.
    pub after: String,
}

/// What fixing a run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fixed {
    /// The changed files, in path order.
    pub files: Vec<FixedFile>,
    /// How many fixes were applied.
    pub applied: usize,
}

/// Lints with `options` and applies every fix that verifies, without writing anything: each
/// round applies all candidates that do not overlap at once and keeps them when linting again
/// shows all their findings gone and none new; else it tries them one by one and keeps the
/// first that verifies. A fix that fails verification is not tried again. Errors are usage
/// problems of the lint itself.
pub fn fix_all(options: &crate::Options) -> Result<Fixed, String> {
    let mut options = options.clone();
    let mut outcome = crate::lint(&options)?;
    let mut before: BTreeMap<PathBuf, (String, String)> = BTreeMap::new();
    let mut rejected: HashSet<String> = HashSet::new();
    let mut applied = 0;
    for _ in 0..MAX_ROUNDS {
        let Some((count, Verified { texts, after })) = round(&options, &outcome, &mut rejected)
        else {
            break;
        };
        for (path, text) in texts {
            let original = outcome.db.iter().find(|(_, f)| f.path == path);
            if let (false, Some((_, file))) = (before.contains_key(&path), original) {
                before.insert(path.clone(), (file.display.clone(), file.text.clone()));
            }
            options.overlay.set(path, Arc::from(text));
        }
        applied += count;
        outcome = after;
    }
    let files = before
        .into_iter()
        .filter_map(|(path, (display, before))| {
            let after = options.overlay.get(&path)?.to_string();
            (after != before).then_some(FixedFile {
                path,
                display,
                before,
                after,
            })
        })
        .collect();
    Ok(Fixed { files, applied })
}

/// The verified edits of one round, with how many fixes they hold; `None` when no candidate
/// verifies.
fn round(
    options: &crate::Options,
    outcome: &crate::Outcome,
    rejected: &mut HashSet<String>,
) -> Option<(usize, Verified)> {
    let candidates: Vec<(&Diagnostic, Fix, String)> = outcome
        .diagnostics
        .iter()
        .filter_map(|d| {
            let fix = candidate(&outcome.db, d)?;
            let id = attempt_id(outcome, d, &fix);
            (!rejected.contains(&id)).then_some((d, fix, id))
        })
        .collect();
    let fixes: Vec<&Fix> = candidates.iter().map(|(_, fix, _)| fix).collect();
    let (chosen, edits) = non_overlapping(&fixes, overlap);
    let batch: Vec<&Diagnostic> = chosen.iter().map(|&i| candidates[i].0).collect();
    if batch.len() > 1
        && let Some(verified) = try_edits(options, outcome, &batch, &edits)
    {
        return Some((batch.len(), verified));
    }
    for (diagnostic, fix, id) in &candidates {
        match try_edits(options, outcome, &[diagnostic], &fix.edits) {
            Some(verified) => return Some((1, verified)),
            None => {
                rejected.insert(id.clone());
            }
        }
    }
    None
}

/// The fixes, in order, whose edits do not `conflict` with those of an earlier chosen fix: their
/// indices and all their edits.
fn non_overlapping(fixes: &[&Fix], conflict: fn(&Edit, &Edit) -> bool) -> (Vec<usize>, Vec<Edit>) {
    let mut edits: Vec<Edit> = Vec::new();
    let mut chosen = Vec::new();
    for (i, fix) in fixes.iter().enumerate() {
        if !fix
            .edits
            .iter()
            .any(|e| edits.iter().any(|b| conflict(e, b)))
        {
            edits.extend(fix.edits.iter().cloned());
            chosen.push(i);
        }
    }
    (chosen, edits)
}

/// The candidate fix of every finding of `outcome` that has one, not verified: no lint again,
/// so the report costs what the run cost (`--verify-fixes` verifies them).
pub fn candidate_fixes(outcome: &crate::Outcome) -> ReportedFixes {
    let mut reported = ReportedFixes::default();
    for d in &outcome.diagnostics {
        if let Some(fix) = candidate(&outcome.db, d) {
            reported.insert(d, fix, false);
        }
    }
    reported
}

/// The fix of every finding of `outcome` (linted with `options`) that has one and verifies on
/// the run's texts, without linting again when no finding has a candidate. Candidates whose
/// edits do not overlap nor insert at one place are verified as a group, with one lint; a group
/// that fails is split in halves until each part verifies or is one fix, so a few failing fixes
/// among many cost a few lints each rather than one lint per fix.
pub fn verified_fixes(options: &crate::Options, outcome: &crate::Outcome) -> ReportedFixes {
    let mut pending: Vec<(&Diagnostic, Fix)> = outcome
        .diagnostics
        .iter()
        .filter_map(|d| Some((d, candidate(&outcome.db, d)?)))
        .collect();
    let mut verified = ReportedFixes::default();
    while !pending.is_empty() {
        let fixes: Vec<&Fix> = pending.iter().map(|(_, fix)| fix).collect();
        // Fixes of different findings that insert at one place rarely make sense together (two
        // new `depends_on` attributes): each is shown on its own, so each is verified apart.
        let (group, _) = non_overlapping(&fixes, |a, b| overlap(a, b) || a.span == b.span);
        for i in verified_part(options, outcome, &pending, &group) {
            let (diagnostic, fix) = &pending[i];
            verified.insert(diagnostic, fix.clone(), true);
        }
        for i in group.into_iter().rev() {
            pending.remove(i);
        }
    }
    verified
}

/// The indices of `group` (into `candidates`, their edits not overlapping) whose fixes verify:
/// all when they verify together, else those of each half, found the same way.
fn verified_part(
    options: &crate::Options,
    outcome: &crate::Outcome,
    candidates: &[(&Diagnostic, Fix)],
    group: &[usize],
) -> Vec<usize> {
    let fixed: Vec<&Diagnostic> = group.iter().map(|&i| candidates[i].0).collect();
    let edits: Vec<Edit> = group
        .iter()
        .flat_map(|&i| candidates[i].1.edits.iter().cloned())
        .collect();
    if try_edits(options, outcome, &fixed, &edits).is_some() {
        return group.to_vec();
    }
    if group.len() < 2 {
        return Vec::new();
    }
    let (first, second) = group.split_at(group.len() / 2);
    let mut verified = verified_part(options, outcome, candidates, first);
    verified.extend(verified_part(options, outcome, candidates, second));
    verified
}

/// What identifies one fix of one finding across rounds (positions left out: they shift).
fn attempt_id(outcome: &crate::Outcome, diagnostic: &Diagnostic, fix: &Fix) -> String {
    let (rule, resource, message, file) = super::key(&outcome.db, diagnostic);
    format!(
        "{rule}\u{0}{}\u{0}{message}\u{0}{file}\u{0}{}",
        resource.unwrap_or(""),
        fix.title
    )
}

/// The unified diff of the changed files (`--- a/PATH` / `+++ b/PATH` headers, three lines of
/// context), as `git apply` and `patch -p1` read it from the working directory.
pub fn unified_diff(files: &[FixedFile]) -> String {
    let mut out = String::new();
    for file in files {
        let diff = similar::TextDiff::from_lines(&file.before, &file.after);
        // A path outside the working directory is shown absolute, without the `a/` `b/` prefixes.
        let (old, new) = if file.display.starts_with('/') {
            (file.display.clone(), file.display.clone())
        } else {
            (format!("a/{}", file.display), format!("b/{}", file.display))
        };
        let text = diff
            .unified_diff()
            .context_radius(3)
            .header(&old, &new)
            .to_string();
        out.push_str(&text);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}
