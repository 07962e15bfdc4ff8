//! SARIF 2.1.0 (one run) as GitHub code scanning reads it: every rule in `tool.driver.rules`,
//! results with a region in characters (`columnKind: unicodeCodePoints`), related locations,
//! and stable `partialFingerprints` from [`super::fingerprint`].
//!
//! Paths under the repository root (see [`super::root`]) are relative URIs against `%SRCROOT%`
//! (the root, given in `originalUriBaseIds`), whatever the working directory; others are
//! absolute `file://` URIs. Each rule carries its documentation as `help.markdown`, its family
//! and `reliability` as tags, and a precision; a result's message links its related locations
//! (`[text](id)`), which is how GitHub shows them.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{fingerprint, write_json};
use repl_lint_rules::docs::rule_url;
use repl_lint_rules::{RULES, RuleMeta, docs};
use repl_lint_source::diagnostic::{Diagnostic, Severity};
use repl_lint_source::{SourceDb, Span};

/// The schema GitHub's documentation names.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The base id of paths relative to the working directory.
const SRCROOT: &str = "%SRCROOT%";
/// GitHub's limit on `shortDescription` and `fullDescription`.
const DESCRIPTION_LIMIT: usize = 1024;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<BaseIds>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct BaseIds {
    #[serde(rename = "%SRCROOT%")]
    srcroot: ArtifactLocation,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: &'static str,
    name: &'static str,
    short_description: Message,
    full_description: Message,
    help_uri: String,
    help: Help,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

/// What GitHub code scanning reads from a rule's `properties`.
#[derive(Serialize)]
struct RuleProperties {
    tags: [&'static str; 2],
    precision: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    partial_fingerprints: Fingerprints<'a>,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    /// Versioned, so that a new scheme can coexist with this one.
    #[serde(rename = "replLint/v1")]
    repl_lint: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

/// SARIF's level for a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Writes the SARIF log of `diagnostics`.
pub(super) fn write(
    out: &mut dyn Write,
    db: &SourceDb,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    write_at(out, db, diagnostics, super::root::repository_root())
}

/// Writes the SARIF log with paths relative to `root` (the repository root).
fn write_at(
    out: &mut dyn Write,
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    root: Option<std::path::PathBuf>,
) -> std::io::Result<()> {
    let prints = fingerprint::fingerprints(db, diagnostics);
    let results = diagnostics
        .iter()
        .zip(&prints)
        .map(|(d, print)| SarifResult {
            rule_id: d.rule,
            rule_index: RULES.iter().position(|r| r.meta.id == d.rule),
            level: level(d.severity),
            message: Message {
                text: message_text(d),
            },
            locations: [location(db, root.as_deref(), d.primary, None)],
            related_locations: d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    location(
                        db,
                        root.as_deref(),
                        r.span,
                        Some((i + 1, r.message.as_str())),
                    )
                })
                .collect(),
            partial_fingerprints: Fingerprints { repl_lint: print },
        })
        .collect();
    let base = root.as_ref().map(|dir| {
        let mut uri = file_uri(&dir.to_string_lossy().replace('\\', "/"));
        if !uri.ends_with('/') {
            uri.push('/');
        }
        BaseIds {
            srcroot: ArtifactLocation {
                uri,
                uri_base_id: None,
            },
        }
    });
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "repl-lint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: "https://github.com/repl-lint/repl-lint",
                    rules: RULES.iter().map(|r| descriptor(r.meta)).collect(),
                },
            },
            original_uri_base_ids: base,
            results,
            column_kind: "unicodeCodePoints",
        }],
    };
    write_json(out, &log)
}

/// A result's message: the finding, its help, and a link to each related location (`[text](id)`
/// is how GitHub shows related locations).
fn message_text(d: &Diagnostic) -> String {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        text.push_str(&format!("\n\nHelp: {help}"));
    }
    for (i, related) in d.related.iter().enumerate() {
        let label = related.message.replace(['[', ']'], "");
        let lead = if i == 0 { "\n\nSee: " } else { "; " };
        text.push_str(&format!("{lead}[{label}]({})", i + 1));
    }
    text
}

/// The rule family a tag names, from the ID's hundreds (as in the catalog).
fn family(id: &str) -> &'static str {
    match id.as_bytes().get(2) {
        Some(b'0') => "input",
        Some(b'1') => "configuration-shape",
        Some(b'2') => "versioning",
        Some(b'3') => "replication-role",
        Some(b'4') => "kms",
        Some(b'5') => "cross-account",
        Some(b'6') => "object-lock",
        _ => "silent-gaps",
    }
}

/// How sure a rule's findings are, in GitHub's terms: an error states a proven failure, a
/// warning a likely one, an info note something the files cannot prove.
fn precision(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "high",
        Severity::Warning => "medium",
        Severity::Info => "low",
    }
}

/// A rule's reporting descriptor: its summary, the "What it does" section of its documentation
/// as the full description, help that points at the documentation (and is the documentation,
/// in Markdown), its family and `reliability` as tags, and its precision.
fn descriptor(meta: &'static RuleMeta) -> Descriptor {
    let full = docs::doc(meta.id)
        .and_then(what_it_does)
        .unwrap_or_else(|| meta.summary.to_string());
    Descriptor {
        id: meta.id,
        name: meta.name,
        short_description: Message {
            text: truncate(meta.summary.to_string()),
        },
        full_description: Message {
            text: truncate(full),
        },
        help_uri: rule_url(meta.id),
        help: Help {
            text: format!("{} See {}", meta.summary, rule_url(meta.id)),
            markdown: docs::user_doc(meta.id).unwrap_or_else(|| meta.summary.to_string()),
        },
        default_configuration: Configuration {
            level: level(meta.severity),
        },
        properties: RuleProperties {
            tags: [family(meta.id), "reliability"],
            precision: precision(meta.severity),
        },
    }
}

/// The "What it does" section of a rule document, on one line.
fn what_it_does(doc: &str) -> Option<String> {
    let (_, rest) = doc.split_once("## What it does")?;
    let section = rest.split("\n#").next().unwrap_or(rest);
    let text = section.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// Cuts a description to GitHub's limit, on a character boundary, marking the cut with `…`.
fn truncate(mut text: String) -> String {
    if text.len() > DESCRIPTION_LIMIT {
        let mut end = DESCRIPTION_LIMIT - '…'.len_utf8();
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

/// A location; related locations carry an id (1-based) and their message.
fn location(
    db: &SourceDb,
    root: Option<&Path>,
    span: Span,
    related: Option<(usize, &str)>,
) -> Location {
    let (start, end) = db.range(span);
    let file = db.file(span.file);
    let artifact = match root.and_then(|root| super::root::relative_to(root, file)) {
        Some(relative) => ArtifactLocation {
            uri: encode_path(&relative),
            uri_base_id: Some(SRCROOT),
        },
        None => {
            let absolute = std::path::absolute(&file.path).unwrap_or_else(|_| file.path.clone());
            ArtifactLocation {
                uri: file_uri(&absolute.to_string_lossy().replace('\\', "/")),
                uri_base_id: None,
            }
        }
    };
    Location {
        id: related.map(|(id, _)| id),
        physical_location: PhysicalLocation {
            artifact_location: artifact,
            region: Region {
                start_line: start.line,
                start_column: start.column,
                end_line: end.line,
                end_column: end.column,
            },
        },
        message: related.map(|(_, text)| Message {
            text: text.to_string(),
        }),
    }
}

/// An absolute path (with `/` separators) as a `file://` URI.
fn file_uri(path: &str) -> String {
    let encoded = encode_path(path);
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        // `C%3A/x`: keep the drive's colon.
        format!("file:///{}", encoded.replacen("%3A", ":", 1))
    }
}

/// Percent-encodes a path for a URI: unreserved characters and `/` stay, every other byte
/// (including `:`, which would read as a scheme in a relative reference) becomes `%XX`.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
#[path = "sarif_tests.rs"]
mod tests;
