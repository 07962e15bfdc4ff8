//! Suppressions, the stage between the rules and the report: collects, per file, the
//! `repl-lint: ignore` comments (HCL, YAML) and CloudFormation `Metadata` entries with the
//! extent each one covers, then drops the diagnostics whose primary span starts inside a
//! matching extent, and reports malformed (and, when asked, unused) suppressions as RL004.
//!
//! Comments are read from the text already in the [`SourceDb`]; plan and JSON files have none.

mod directive;
mod hcl;
mod metadata;
mod yaml;

pub use metadata::from_template;

use rayon::prelude::*;
pub use repl_lint_rules::input::unused_suppression::Malformed;
use repl_lint_rules::{RuleMeta, input::unused_suppression};
use repl_lint_source::diagnostic::Diagnostic;
use repl_lint_source::{FileId, SourceDb, SourceFile, Span};
use std::collections::HashMap;
use std::ops::Range;

/// One suppression: the rules it names and the bytes of one file it covers.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The file it lies in.
    pub file: FileId,
    /// The bytes it covers: a construct, a resource, or the whole file.
    pub scope: Range<u32>,
    /// The rules it suppresses, each with the span that names it (where RL004 points).
    pub rules: Vec<(&'static str, Span)>,
}

/// The suppressions of a run.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    /// Well-formed suppressions.
    pub list: Vec<Suppression>,
    /// Malformed ones, always reported (RL004, warning).
    pub malformed: Vec<Malformed>,
}

impl Suppressions {
    /// Adds another set.
    pub fn extend(&mut self, other: Suppressions) {
        self.list.extend(other.list);
        self.malformed.extend(other.malformed);
    }

    /// These suppressions, all of one file, moved to file `id`: a later run's id of the same
    /// file.
    pub fn in_file(mut self, id: FileId) -> Suppressions {
        for s in &mut self.list {
            s.file = id;
            for (_, span) in &mut s.rules {
                span.file = id;
            }
        }
        for m in &mut self.malformed {
            m.span.file = id;
        }
        self
    }
}

/// A comment that fills its line: its range and the range of its text without the markers.
struct Comment {
    start: usize,
    end: usize,
    body: Range<usize>,
}

/// The suppression comments of `files` (Terraform `.tf` files and YAML templates), in parallel.
pub fn from_comments(db: &SourceDb, files: &[FileId]) -> Suppressions {
    files.par_iter().map(|&id| of_file(db.file(id), id)).reduce(
        Suppressions::default,
        |mut a, b| {
            a.extend(b);
            a
        },
    )
}

/// One file's suppression comments (`id`: the file's id in the run).
pub fn of_file(file: &SourceFile, id: FileId) -> Suppressions {
    let mut out = Suppressions::default();
    let text = file.text.as_str();
    let hcl = file.path.extension().is_some_and(|e| e == "tf");
    if !text.contains(directive::MARKER) || (!hcl && text.trim_start().starts_with('{')) {
        return out;
    }
    let (comments, first_code) = if hcl {
        hcl::comments(text)
    } else {
        yaml::comments(text)
    };
    for comment in comments {
        let Some(d) = directive::parse(&text[comment.body.clone()], comment.body.start, id) else {
            continue;
        };
        out.malformed.extend(d.malformed);
        if d.rules.is_empty() {
            continue;
        }
        let scope = if d.whole_file {
            if comment.start > first_code {
                out.malformed.push(Malformed {
                    span: Span::new(id, comment.start, comment.end),
                    message: "`ignore-file` only works among the comments at the top of the file, before any code".into(),
                });
                continue;
            }
            0..u32::MAX
        } else {
            let extent = if hcl {
                hcl::extent(text, comment.end)
            } else {
                yaml::extent(text, comment.end)
            };
            // Nothing after the comment: a scope no diagnostic can start in.
            let span = extent.map_or(Span::new(id, usize::MAX, usize::MAX), |r| {
                Span::new(id, r.start, r.end)
            });
            span.start..span.end
        };
        out.list.push(Suppression {
            file: id,
            scope,
            rules: d.rules,
        });
    }
    out
}

/// Drops the diagnostics that a suppression covers, then appends RL004 for malformed
/// suppressions and, with `report_unused`, for each rule of a suppression that matched nothing
/// (saying so when the rule did not run, per `enabled`). The caller sorts.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    suppressions: &Suppressions,
    report_unused: bool,
    enabled: &dyn Fn(&RuleMeta) -> bool,
) {
    let list = &suppressions.list;
    let mut by_file: HashMap<FileId, Vec<usize>> = HashMap::new();
    for (i, s) in list.iter().enumerate() {
        by_file.entry(s.file).or_default().push(i);
    }
    let mut used: Vec<Vec<bool>> = list.iter().map(|s| vec![false; s.rules.len()]).collect();
    if !by_file.is_empty() {
        diagnostics.retain(|d| {
            let Some(candidates) = by_file.get(&d.primary.file) else {
                return true;
            };
            let mut keep = true;
            for &i in candidates {
                let s = &list[i];
                if !(s.scope.start <= d.primary.start && d.primary.start <= s.scope.end) {
                    continue;
                }
                for (j, (rule, _)) in s.rules.iter().enumerate() {
                    if *rule == d.rule {
                        used[i][j] = true;
                        keep = false;
                    }
                }
            }
            keep
        });
    }
    if !enabled(&unused_suppression::META) {
        return;
    }
    diagnostics.extend(
        suppressions
            .malformed
            .iter()
            .map(unused_suppression::malformed),
    );
    if !report_unused {
        return;
    }
    for (s, used) in list.iter().zip(&used) {
        for (&(rule, span), _) in s.rules.iter().zip(used).filter(|(_, u)| !**u) {
            if let Some(meta) = repl_lint_rules::meta(rule) {
                diagnostics.push(unused_suppression::unused(meta, span, enabled(meta)));
            }
        }
    }
}
