//! Requests answered from a finished run: hovers explain the rule of the finding under the
//! cursor; code actions offer the quick fixes that re-linting proves remove the finding and add
//! none.

use std::collections::HashMap;
use std::sync::Mutex;

use lsp_server::{ErrorCode, Request, Response};
use lsp_types as lsp;

use super::{convert, uri};
use crate::Options;
use crate::fix;
use repl_lint_source::diagnostic::Diagnostic;

/// A finished run of the current inputs.
pub struct Snapshot {
    /// The options it ran with (its overlay holds the open documents).
    pub options: Options,
    /// What it found.
    pub outcome: crate::Outcome,
    /// Verified fixes by diagnostic index: verifying re-lints, so each is tried once.
    fixes: Mutex<HashMap<usize, Option<lsp::CodeAction>>>,
}

impl Snapshot {
    /// Wraps a finished run.
    pub fn new(options: Options, outcome: crate::Outcome) -> Snapshot {
        Snapshot {
            options,
            outcome,
            fixes: Mutex::new(HashMap::new()),
        }
    }

    /// The findings in the file of `uri` whose range touches `range`, with their indexes.
    fn findings_at<'s>(
        &'s self,
        file_uri: &lsp::Uri,
        range: &lsp::Range,
    ) -> Vec<(usize, &'s Diagnostic, lsp::Range)> {
        let Some(path) = uri::to_path(file_uri) else {
            return Vec::new();
        };
        let db = &self.outcome.db;
        self.outcome
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| db.file(d.primary.file).path == path)
            .map(|(i, d)| (i, d, convert::range(db, d.primary)))
            .filter(|(_, _, r)| convert::overlaps(r, range))
            .collect()
    }
}

/// `textDocument/hover`: the message and documentation of each finding under the cursor.
pub fn hover(snapshot: &Snapshot, request: Request) -> Response {
    let (id, params) = match extract::<lsp::HoverParams>(request) {
        Ok(extracted) => extracted,
        Err(response) => return response,
    };
    let at = params.text_document_position_params;
    let point = lsp::Range {
        start: at.position,
        end: at.position,
    };
    let mut found = snapshot.findings_at(&at.text_document.uri, &point);
    // The narrowest finding first: it is the one the cursor is most likely on.
    found.sort_by_key(|(_, d, _)| d.primary.end - d.primary.start);
    let mut sections: Vec<String> = Vec::new();
    let mut covered: Option<lsp::Range> = None;
    for (_, diagnostic, range) in &found {
        let mut section = format!("**{}** {}", diagnostic.rule, diagnostic.message);
        if let Some(doc) = repl_lint_rules::docs::hover_doc(diagnostic.rule) {
            section.push_str("\n\n");
            section.push_str(doc.trim_end());
        }
        if !sections.contains(&section) {
            sections.push(section);
        }
        covered.get_or_insert(*range);
    }
    let result = (!sections.is_empty()).then(|| lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: covered,
    });
    Response::new_ok(id, result)
}

/// `textDocument/codeAction`: a quick fix for each finding in the range that has a mechanical
/// fix which re-linting verifies.
pub fn code_actions(snapshot: &Snapshot, request: Request) -> Response {
    let (id, params) = match extract::<lsp::CodeActionParams>(request) {
        Ok(extracted) => extracted,
        Err(response) => return response,
    };
    let wants_quickfix = params.context.only.as_ref().is_none_or(|kinds| {
        kinds.iter().any(|k| {
            k.as_str()
                .starts_with(lsp::CodeActionKind::QUICKFIX.as_str())
        })
    });
    let mut actions: Vec<lsp::CodeActionOrCommand> = Vec::new();
    if wants_quickfix {
        for (index, _, _) in snapshot.findings_at(&params.text_document.uri, &params.range) {
            if let Some(action) = verified_fix(snapshot, index) {
                actions.push(lsp::CodeActionOrCommand::CodeAction(action));
            }
        }
    }
    Response::new_ok(id, actions)
}

/// The quick fix of finding `index`, verified once per run.
fn verified_fix(snapshot: &Snapshot, index: usize) -> Option<lsp::CodeAction> {
    if let Some(known) = lock(&snapshot.fixes).get(&index) {
        return known.clone();
    }
    let outcome = &snapshot.outcome;
    let diagnostic = outcome.diagnostics.get(index)?;
    let action = fix::candidate(&outcome.db, diagnostic)
        .filter(|fix| fix::verify(&snapshot.options, outcome, diagnostic, fix))
        .and_then(|fix| code_action(snapshot, diagnostic, &fix));
    lock(&snapshot.fixes).insert(index, action.clone());
    action
}

/// A verified fix as a code action whose edit the client applies.
#[allow(clippy::mutable_key_type)] // `WorkspaceEdit::changes` is keyed by `Uri`.
fn code_action(
    snapshot: &Snapshot,
    diagnostic: &Diagnostic,
    fix: &fix::Fix,
) -> Option<lsp::CodeAction> {
    let db = &snapshot.outcome.db;
    let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
    for edit in &fix.edits {
        let file_uri = uri::from_path(&db.file(edit.span.file).path)?;
        changes.entry(file_uri).or_default().push(lsp::TextEdit {
            range: convert::range(db, edit.span),
            new_text: edit.text.clone(),
        });
    }
    Some(lsp::CodeAction {
        title: fix.title.clone(),
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![convert::to_lsp(db, diagnostic)]),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        is_preferred: Some(true),
        ..Default::default()
    })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A request's id and parameters, or the error response for parameters of the wrong shape.
fn extract<P: serde::de::DeserializeOwned>(
    request: Request,
) -> Result<(lsp_server::RequestId, P), Response> {
    let id = request.id.clone();
    let method = request.method.clone();
    request
        .extract(&method)
        .map_err(|e| Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string()))
}
