//! The human report: one miette code frame per diagnostic, then a summary line.

use std::borrow::Cow;
use std::fmt;
use std::io::Write;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{Counts, Summary, rule_url};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceDb, SourceFile, Span};

/// Fixed width so that output does not depend on the terminal.
const WIDTH: usize = 100;

const RESET: &str = "\x1b[0m";

/// Writes every diagnostic as a code frame followed by a blank line, then the summary line.
pub(super) fn write(
    out: &mut dyn Write,
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    color: bool,
) -> std::io::Result<()> {
    let handler = handler(color);
    for d in diagnostics {
        write_diagnostic(out, &handler, db, d, color)?;
        writeln!(out)?;
    }
    writeln!(out, "{}", summary_line(diagnostics, summary))
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_wrap_lines(false)
        .with_urls(false)
        .without_cause_chain()
        .with_context_lines(1)
}

fn severity_style(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;36m",
    }
}

fn write_diagnostic(
    out: &mut dyn Write,
    handler: &GraphicalReportHandler,
    db: &SourceDb,
    d: &Diagnostic,
    color: bool,
) -> std::io::Result<()> {
    let tag = format!("{}[{}]", d.severity.as_str(), d.rule);
    if color {
        writeln!(
            out,
            "{}{tag}{RESET} \x1b[1m{}: {}{RESET}",
            severity_style(d.severity),
            d.name,
            d.message
        )?;
    } else {
        writeln!(out, "{tag} {}: {}", d.name, d.message)?;
    }

    let file = db.file(d.primary.file);
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        Some(d.name.to_string()),
        source_span(&file.text, d.primary),
    )];
    let mut elsewhere = Vec::new();
    for related in &d.related {
        if related.span.file == d.primary.file {
            labels.push(LabeledSpan::new_with_span(
                Some(related.message.clone()),
                source_span(&file.text, related.span),
            ));
        } else {
            elsewhere.push(related);
        }
    }
    // miette draws nothing for a label that starts at the very end of the text; give such a label
    // a blank character to point at.
    let text = if labels.iter().any(|l| l.offset() >= file.text.len()) {
        Cow::Owned(format!("{} ", file.text))
    } else {
        Cow::Borrowed(file.text.as_str())
    };
    let frame = Frame {
        source: FileSource { file, text },
        labels,
        severity: d.severity,
    };
    let mut rendered = String::new();
    match handler.render_report(&mut rendered, &frame) {
        // The frame's message is empty, so miette's message line is a lone newline: drop it.
        // Trailing blanks (such as the one appended above) are dropped from every line.
        Ok(()) => {
            for line in rendered.strip_prefix('\n').unwrap_or(&rendered).lines() {
                writeln!(out, "{}", line.trim_end())?;
            }
        }
        Err(fmt::Error) => writeln!(out, "  --> {}", location(db, d.primary))?,
    }

    for related in elsewhere {
        writeln!(
            out,
            "  = related: {} at {}",
            related.message,
            location(db, related.span)
        )?;
    }
    if let Some(resource) = &d.resource {
        writeln!(out, "  = resource: {resource}")?;
    }
    if let Some(help) = &d.help {
        writeln!(out, "  help: {help}")?;
    }
    writeln!(out, "  = docs: {}", rule_url(d.rule))
}

/// `file:line:column` of the start of a span.
fn location(db: &SourceDb, span: Span) -> String {
    let (start, _) = db.range(span);
    format!(
        "{}:{}:{}",
        db.file(span.file).display,
        start.line,
        start.column
    )
}

/// A miette span over `text`, clamped to the text and to character boundaries.
fn source_span(text: &str, span: Span) -> SourceSpan {
    let mut start = (span.start as usize).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Do not underline a line break that ends the span.
    if let Some(head) = text.get(start..end).and_then(|s| s.strip_suffix('\n')) {
        end = start + head.strip_suffix('\r').unwrap_or(head).len().max(1);
    }
    SourceSpan::new(start.into(), end - start)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn summary_line(diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let files = plural(summary.files_linted, "file");
    if diagnostics.is_empty() {
        return format!("No problems found in {files}.");
    }
    let counts = Counts::of(diagnostics);
    format!(
        "{}, {}, {} in {files} ({} skipped, {})",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(counts.infos, "info"),
        summary.files_skipped,
        plural(summary.parse_errors, "parse error"),
    )
}

/// Our [`SourceFile`] as miette source code, named by its display path, with character columns.
#[derive(Debug)]
struct FileSource<'a> {
    /// Name and positions.
    file: &'a SourceFile,
    /// The file's text, possibly with one blank appended (see `write_diagnostic`).
    text: Cow<'a, str>,
}

impl SourceCode for FileSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // miette reads a `str` from its start up to the span: over only the lines around the span
        // (wide enough for the context), a frame costs the same in a large file as in a small
        // one, and a report of many findings in one large file is not quadratic.
        let text = self.text.as_ref();
        let offset = span.offset().min(text.len());
        let end = (offset + span.len()).min(text.len());
        let first = self
            .file
            .line_index(offset)
            .saturating_sub(context_lines_before);
        let last = self
            .file
            .line_index(end)
            .saturating_add(context_lines_after + 1);
        let window = self.file.line_range(first, last);
        let window = window.start.min(text.len())..text.len().min(window.end.max(end + 1));
        let local = SourceSpan::new((offset - window.start).into(), end - offset);
        let inner = text[window.start..window.end].read_span(
            &local,
            context_lines_before,
            context_lines_after,
        )?;
        // miette counts columns in bytes (and only reports one without leading context); the
        // output contract counts characters.
        let column = if context_lines_before == 0 {
            let offset = u32::try_from(span.offset()).unwrap_or(u32::MAX);
            self.file.position(offset).column.saturating_sub(1) as usize
        } else {
            inner.column()
        };
        let found = SourceSpan::new(
            (inner.span().offset() + window.start).into(),
            inner.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.display.clone(),
            inner.data(),
            found,
            inner.line() + first,
            column,
            // miette's count of line ends from the start of the text (not of the window).
            inner.line_count() + first,
        )))
    }
}

/// One diagnostic's code frame: labels only. The header, help and other lines are ours.
#[derive(Debug)]
struct Frame<'a> {
    source: FileSource<'a>,
    labels: Vec<LabeledSpan>,
    severity: Severity,
}

impl fmt::Display for Frame<'_> {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Ok(())
    }
}

impl std::error::Error for Frame<'_> {}

impl miette::Diagnostic for Frame<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

#[cfg(test)]
#[path = "human_tests.rs"]
mod tests;
