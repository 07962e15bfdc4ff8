//! Quick fixes: the mechanical fix of a diagnostic as text edits that change only the bytes that
//! must change, checked by linting the edited texts again. Shared by `--fix` / `--diff` and the
//! language server.
//!
//! A rule attaches a [`FixIntent`] (what to change, with the spans it knows) to its diagnostic;
//! [`candidate`] reads the text at those spans and makes the edits, or none when the text is not
//! in a shape it can edit with certainty; [`verify`] lints the run again with the edited texts in
//! the overlay and accepts the fix only when the finding is gone and nothing new appeared.

mod actions;
mod arn;
mod depends;
mod key;
mod literal;
mod rule;
mod session;
mod text;
mod versioning;
mod wildcard;

pub use session::{Fixed, FixedFile, candidate_fixes, fix_all, unified_diff, verified_fixes};

pub use repl_lint_report::fixes::{Edit, Fix, ReportedFixes};
use repl_lint_source::diagnostic::{Diagnostic, FixIntent};
use repl_lint_source::{SourceDb, Span};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The mechanical fix for one diagnostic, if it has one (not yet verified).
pub fn candidate(db: &SourceDb, diagnostic: &Diagnostic) -> Option<Fix> {
    let intent = diagnostic.fix.as_ref()?;
    let spans = intent_spans(intent);
    let file = db.file(spans.first()?.file);
    // Plan values are fixed in the configuration that produced them, not in the plan.
    if spans
        .iter()
        .any(|s| repl_lint_syntax::plan::is_plan(&db.file(s.file).text))
    {
        return None;
    }
    match intent {
        FixIntent::UseArn {
            reference,
            target,
            attr,
        } => arn::use_arn(file, *reference, target, attr),
        FixIntent::AddToRule {
            rule,
            filter,
            element,
        } => rule::add_to_rule(file, *rule, *filter, *element),
        FixIntent::AddAction { actions, added } => actions::add_actions(file, actions, added),
        FixIntent::ObjectWildcard { resource } => wildcard::object_wildcard(file, *resource),
        FixIntent::ReplaceLiteral { value, from, to } => {
            literal::replace_literal(file, *value, from, to)
        }
        FixIntent::AddVersioning {
            bucket,
            address,
            versioning,
            depends_on,
        } => versioning::add_versioning(
            db,
            *bucket,
            address,
            versioning.as_deref(),
            depends_on.as_ref(),
        ),
        FixIntent::AddDependsOn(depends) => depends::add_depends_on(file, depends),
        FixIntent::UseKeyArn { value, from, arn } => key::use_key_arn(file, *value, from, arn),
    }
}

/// The spans an intent edits at; the first is in the file most of its edits change. Every other
/// span but those of [`FixIntent::AddVersioning`] lies in that file.
fn intent_spans(intent: &FixIntent) -> Vec<Span> {
    let spans: Vec<Span> = match intent {
        FixIntent::UseArn { reference, .. } => vec![*reference],
        FixIntent::AddToRule { rule, filter, .. } => vec![*rule, *filter],
        FixIntent::AddAction { actions, .. } => actions.clone(),
        FixIntent::ObjectWildcard { resource } => vec![*resource],
        FixIntent::ReplaceLiteral { value, .. } | FixIntent::UseKeyArn { value, .. } => {
            vec![*value]
        }
        FixIntent::AddVersioning {
            bucket, depends_on, ..
        } => std::iter::once(*bucket)
            .chain(depends_on.iter().map(|d| d.resource))
            .collect(),
        FixIntent::AddDependsOn(depends) => std::iter::once(depends.resource)
            .chain(depends.listed.iter().copied())
            .collect(),
    };
    let Some(first) = spans.first() else {
        return spans;
    };
    let one_file = spans.iter().all(|s| s.file == first.file)
        || matches!(intent, FixIntent::AddVersioning { .. });
    if one_file { spans } else { Vec::new() }
}

/// True when applying `fix` to the run's texts removes `diagnostic` and adds no finding:
/// re-lints with `options` plus the edited files as `options.overlay` entries.
pub fn verify(
    options: &crate::Options,
    outcome: &crate::Outcome,
    diagnostic: &Diagnostic,
    fix: &Fix,
) -> bool {
    try_edits(options, outcome, &[diagnostic], &fix.edits).is_some()
}

/// Edits that verified: the edited texts and the outcome of linting with them.
struct Verified {
    /// (path, new text) of each edited file.
    texts: Vec<(PathBuf, String)>,
    /// The run with the edited texts.
    after: crate::Outcome,
}

/// Lints again with `edits` applied to the run's texts; `Some` when every diagnostic of `fixed`
/// is gone, no finding is new and no file fails to parse that did not before.
fn try_edits(
    options: &crate::Options,
    outcome: &crate::Outcome,
    fixed: &[&Diagnostic],
    edits: &[Edit],
) -> Option<Verified> {
    let texts = apply(&outcome.db, edits);
    if texts.is_empty() {
        return None;
    }
    let mut options = options.clone();
    // A fix is checked on texts no editor holds: it must not replace nor evict the entries of
    // the language server's cache, which belongs to the server's own runs.
    options.cache = None;
    for (path, text) in &texts {
        options.overlay.set(path.clone(), Arc::from(text.as_str()));
    }
    let after = crate::lint(&options).ok()?;
    let parses = after.summary.parse_errors <= outcome.summary.parse_errors;
    (parses && only_removes(outcome, fixed, &after)).then_some(Verified { texts, after })
}

/// A diagnostic as compared before and after a fix: positions shift, so spans are left out.
type Key<'a> = (&'a str, Option<&'a str>, &'a str, &'a str);

fn key<'a>(db: &'a SourceDb, diagnostic: &'a Diagnostic) -> Key<'a> {
    (
        diagnostic.rule,
        diagnostic.resource.as_deref(),
        &diagnostic.message,
        &db.file(diagnostic.primary.file).display,
    )
}

/// True when, compared as multisets of [`Key`]s, `after` has each diagnostic of `fixed` fewer
/// times than `before` and nothing more often.
fn only_removes(before: &crate::Outcome, fixed: &[&Diagnostic], after: &crate::Outcome) -> bool {
    let mut counts: HashMap<Key<'_>, isize> = HashMap::new();
    for d in &before.diagnostics {
        *counts.entry(key(&before.db, d)).or_default() += 1;
    }
    for d in fixed {
        *counts.entry(key(&before.db, d)).or_default() -= 1;
    }
    for d in &after.diagnostics {
        *counts.entry(key(&after.db, d)).or_default() -= 1;
    }
    counts.values().all(|&n| n >= 0)
}

/// The texts of the files `edits` change, with the edits applied: (path as in
/// `SourceFile::path`, new text). Edits apply in the order of their spans (insertions at one
/// offset in the order given); an edit that overlaps an earlier one, or whose span is not in its
/// file's text, is left out.
pub fn apply(db: &SourceDb, edits: &[Edit]) -> Vec<(PathBuf, String)> {
    let mut by_file: Vec<(repl_lint_source::FileId, Vec<&Edit>)> = Vec::new();
    for edit in edits {
        match by_file.iter_mut().find(|(f, _)| *f == edit.span.file) {
            Some((_, list)) => list.push(edit),
            None => by_file.push((edit.span.file, vec![edit])),
        }
    }
    by_file.sort_by_key(|(f, _)| *f);
    by_file
        .into_iter()
        .filter_map(|(id, mut list)| {
            let file = db.file(id);
            list.sort_by_key(|e| (e.span.start, e.span.end));
            let mut out = String::with_capacity(file.text.len());
            let mut cursor = 0usize;
            for edit in list {
                let (start, end) = (edit.span.start as usize, edit.span.end as usize);
                if start < cursor || file.text.get(start..end).is_none() {
                    continue;
                }
                out.push_str(&file.text[cursor..start]);
                out.push_str(&edit.text);
                cursor = end;
            }
            out.push_str(&file.text[cursor..]);
            (out != file.text).then(|| (file.path.clone(), out))
        })
        .collect()
}

/// True when two edits touch the same bytes (insertions at one offset do not).
fn overlap(a: &Edit, b: &Edit) -> bool {
    a.span.file == b.span.file && a.span.start < b.span.end && b.span.start < a.span.end
}

#[cfg(test)]
#[path = "mod_tests.rs"]
mod tests;
