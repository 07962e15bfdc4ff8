//! The report stage: findings related to their module calls, suppressed, given their configured
//! severity, sorted and counted.

use super::check::{Findings, enabled};
use super::parse::Parsed;
use crate::diagnostic::{self, Diagnostic};
use crate::model::Model;
use crate::report::{self, Summary};
use crate::source::FileId;
use crate::syntax::resource::ModuleCall;
use crate::{Options, Outcome, config, plan_map, suppress};

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
    suppressions.extend(suppress::from_comments(&db, &comment_files));
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
