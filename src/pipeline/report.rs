//! The report stage: findings related to their module calls, suppressed, given their configured
//! severity, sorted and counted.

use super::cache::lock;
use super::check::{Findings, enabled};
use super::parse::Parsed;
use crate::diagnostic::{self, Diagnostic};
use crate::model::Model;
use crate::report::{self, Summary};
use crate::source::{FileId, SourceDb};
use crate::suppress::Suppressions;
use crate::syntax::resource::ModuleCall;
use crate::{Options, Outcome, config, plan_map, suppress};
use rayon::prelude::*;
use std::sync::Arc;

/// Relates each finding inside a called module to its `module` blocks, applies the suppressions
/// (comments and `Metadata`; RL004 for malformed and, when asked, unused ones) and the severity
/// overrides, sorts the findings and counts the files.
pub fn report(parsed: Parsed, findings: Findings, options: &Options) -> (Outcome, Vec<Model>) {
    let Findings {
        mut diagnostics,
        models,
    } = findings;
    let Parsed {
        db,
        units,
        errors,
        unread,
        mut suppressions,
        comment_files,
        module_calls,
        linted,
        skipped,
        ..
    } = parsed;
    rayon::spawn(move || drop(units));
    relate_module_calls(&mut diagnostics, &module_calls);
    suppressions.extend(comment_suppressions(&db, &comment_files, options));
    suppress::apply(
        &mut diagnostics,
        &suppressions,
        options.report_unused_suppressions,
        &|meta| enabled(meta, options),
    );
    config::apply_severity(&mut diagnostics, &options.severity);
    report::sort_diagnostics(&db, &mut diagnostics);

    let mut failed_files: Vec<FileId> = errors.iter().chain(&unread).map(|e| e.span.file).collect();
    failed_files.sort();
    failed_files.dedup();
    let summary = Summary {
        files_linted: linted.len(),
        files_skipped: skipped,
        parse_errors: failed_files.len(),
    };
    let linted_failed = failed_files
        .iter()
        .filter(|f| linted.binary_search(f).is_ok())
        .count();
    let outcome = Outcome {
        db,
        diagnostics,
        summary,
        linted_failed,
    };
    (outcome, models)
}

/// The suppression comments of `files`. With a cache, a file the last run looked through is
/// not looked through again when it is the same shared file (the read stage took it over:
/// same path, same text); only the last run's files are kept.
fn comment_suppressions(db: &SourceDb, files: &[FileId], options: &Options) -> Suppressions {
    let Some(cache) = options.cache.as_deref() else {
        return suppress::from_comments(db, files);
    };
    let mut kept = lock(&cache.suppressions);
    let mut last = std::mem::take(&mut *kept);
    // Files taken over are found here (not worth waiting for the thread pool); the others are
    // looked through in parallel.
    let same: Vec<Option<Suppressions>> = files
        .iter()
        .map(|&id| {
            let file = db.shared(id);
            let (_, (was, of_file)) = last.remove_entry(&file.path)?;
            Arc::ptr_eq(&was, file).then(|| of_file.in_file(id))
        })
        .collect();
    let missing: Vec<FileId> = files
        .iter()
        .zip(&same)
        .filter(|(_, same)| same.is_none())
        .map(|(&id, _)| id)
        .collect();
    cache.record(|r| r.suppressions = files.len() - missing.len());
    let mut fresh = if missing.len() > 1 {
        missing
            .par_iter()
            .map(|&id| suppress::of_file(db.file(id), id))
            .collect::<Vec<_>>()
    } else {
        missing
            .iter()
            .map(|&id| suppress::of_file(db.file(id), id))
            .collect()
    }
    .into_iter();
    let mut all = Suppressions::default();
    for (&id, same) in files.iter().zip(same) {
        let Some(of_file) = same.or_else(|| fresh.next()) else {
            continue;
        };
        let file = db.shared(id);
        all.extend(of_file.clone());
        kept.insert(file.path.clone(), (file.clone(), of_file));
    }
    all
}

/// Adds to every finding about a resource inside a called module the `module` blocks that call
/// it, innermost first. A module called by the same name from several root modules gives the
/// same finding once per root: it is kept once, naming every caller. A plan resource whose
/// module has instance keys (`module.m[1]`) is matched to a call that has none (the source
/// could not count the instances).
fn relate_module_calls(diagnostics: &mut Vec<Diagnostic>, calls: &[ModuleCall]) {
    if calls.is_empty() {
        return;
    }
    let sites_of = |resource: &str| {
        let base = plan_map::without_keys(resource);
        let mut sites: Vec<&ModuleCall> = calls
            .iter()
            .filter(|c| resource.starts_with(&c.prefix) || base.starts_with(&c.prefix))
            .collect();
        sites.sort_by_key(|c| std::cmp::Reverse(c.prefix.len()));
        sites.dedup_by_key(|c| c.header);
        sites
    };
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| match d.resource.as_deref() {
        Some(resource) if !sites_of(resource).is_empty() => {
            seen.insert((d.rule, d.primary, resource.to_string(), d.message.clone()))
        }
        _ => true,
    });
    for diagnostic in diagnostics {
        let Some(resource) = &diagnostic.resource else {
            continue;
        };
        for site in sites_of(resource) {
            diagnostic.related.push(diagnostic::Related {
                span: site.header,
                message: format!("called from `{}` here", site.prefix.trim_end_matches('.')),
            });
        }
    }
}
