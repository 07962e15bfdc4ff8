//! The human report: a short code frame per error and warning (each related location as its own
//! small `note:` snippet), the info notes summed up unless asked for, then a summary line.
//!
//! The frames are drawn here, not by a library: each is capped in lines and in width, so one
//! finding fits on a screen whatever the span (a whole resource, a one-line 100 MB plan).

use std::io::Write;

use super::{Counts, Summary};
use repl_lint_rules::docs::rule_url;
use repl_lint_source::diagnostic::{Diagnostic, Severity};
use repl_lint_source::{SourceDb, SourceFile, Span};

/// The widest source line a frame shows, in characters; longer lines are cut around the span.
const WIDTH: usize = 100;

/// Characters shown before the span's start when a long line is cut.
const LEAD: usize = 24;

/// Lines a frame shows at most: a longer span shows its first lines and its last one.
const MAX_LINES: usize = 4;

/// Lines a related location's snippet shows at most.
const MAX_RELATED_LINES: usize = 2;

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const BLUE: &str = "\x1b[1;34m";

/// How the human report is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HumanOptions {
    /// ANSI colours.
    pub color: bool,
    /// Print the info notes in full (otherwise one line counts them).
    pub show_notes: bool,
    /// Print only the findings: no summary line.
    pub quiet: bool,
    /// Print a count per rule instead of the findings.
    pub statistics: bool,
}

/// Writes the findings (or their statistics), then the summary line unless `quiet`.
pub(super) fn write(
    out: &mut dyn Write,
    db: &SourceDb,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    options: &HumanOptions,
) -> std::io::Result<()> {
    let style = Style {
        color: options.color,
    };
    if options.statistics {
        write_statistics(out, diagnostics, &style)?;
    } else {
        for d in diagnostics {
            if d.severity == Severity::Info && !options.show_notes {
                continue;
            }
            write_diagnostic(out, db, d, &style)?;
            writeln!(out)?;
        }
    }
    if options.quiet {
        return Ok(());
    }
    let hidden = if options.show_notes || options.statistics {
        0
    } else {
        Counts::of(diagnostics).infos
    };
    writeln!(out, "{}", summary_line(diagnostics, summary, hidden))
}

/// Colour codes, or nothing.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
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
    db: &SourceDb,
    d: &Diagnostic,
    style: &Style,
) -> std::io::Result<()> {
    let tag = format!("{}[{}]", d.severity.as_str(), d.rule);
    writeln!(
        out,
        "{} {}",
        style.paint(severity_style(d.severity), &tag),
        style.paint(BOLD, &format!("{}: {}", d.name, d.message))
    )?;
    // One gutter width for every snippet of the diagnostic, so that their bars line up.
    let gutter = std::iter::once(d.primary)
        .chain(d.related.iter().map(|r| r.span))
        .map(|span| db.range(span).1.line.to_string().len())
        .max()
        .unwrap_or(1);
    let frame = |span, max_lines, caret| Snippet {
        span,
        max_lines,
        caret,
        gutter,
    };
    write_snippet(
        out,
        db,
        &frame(d.primary, MAX_LINES, severity_style(d.severity)),
        style,
    )?;
    for related in &d.related {
        writeln!(
            out,
            "{}",
            style.paint(BOLD, &format!("note: {}", related.message))
        )?;
        write_snippet(
            out,
            db,
            &frame(related.span, MAX_RELATED_LINES, BLUE),
            style,
        )?;
    }
    if let Some(resource) = &d.resource {
        writeln!(out, "  = resource: {resource}")?;
    }
    if let Some(help) = &d.help {
        writeln!(out, "  = help: {help}")?;
    }
    writeln!(out, "  = docs: {}", rule_url(d.rule))
}

/// What one code snippet shows.
struct Snippet {
    /// The span underlined.
    span: Span,
    /// Lines shown at most.
    max_lines: usize,
    /// The colour of the underline.
    caret: &'static str,
    /// The width of the line-number column.
    gutter: usize,
}

/// `  --> file:line:column`, then the lines of the snippet's span (at most `max_lines`, each at
/// most [`WIDTH`] characters) with the span underlined.
fn write_snippet(
    out: &mut dyn Write,
    db: &SourceDb,
    snippet: &Snippet,
    style: &Style,
) -> std::io::Result<()> {
    let Snippet {
        span,
        max_lines,
        caret,
        gutter,
    } = *snippet;
    let file = db.file(span.file);
    let (start, end) = db.range(span);
    writeln!(
        out,
        "  {} {}:{}:{}",
        style.paint(BLUE, "-->"),
        file.display,
        start.line,
        start.column
    )?;
    let first = start.line as usize;
    // A span that ends at the start of a line does not cover that line.
    let last = if end.line > start.line && end.column == 1 {
        end.line as usize - 1
    } else {
        end.line as usize
    };
    let shown = shown_lines(first, last, max_lines);
    let bar = style.paint(BLUE, "|");
    writeln!(out, "{:gutter$} {bar}", "")?;
    for line in shown {
        let Some(number) = line else {
            writeln!(out, "{:gutter$} {}", "", style.paint(BLUE, "..."))?;
            continue;
        };
        let text = line_text(file, number);
        // Underline from the span's start on its first line, to its end on its last line.
        let from = if number == first {
            start.column as usize - 1
        } else {
            leading_blanks(text)
        };
        let to = if number == end.line as usize {
            (end.column as usize - 1).max(from + 1)
        } else {
            text.chars().count().max(from + 1)
        };
        let cut = Cut::around(text, from);
        writeln!(
            out,
            "{} {bar} {}",
            style.paint(BLUE, &format!("{number:>gutter$}")),
            cut.text
        )?;
        let pad = cut.width_before(text, from);
        let width = cut.width_between(text, from, to).max(1);
        writeln!(
            out,
            "{:gutter$} {bar} {}{}",
            "",
            " ".repeat(pad),
            style.paint(caret, &"^".repeat(width))
        )?;
    }
    Ok(())
}

/// The 1-based line numbers a snippet shows, `None` standing for an elision: all of them when
/// they fit in `max`, else the first `max - 1` and the last.
fn shown_lines(first: usize, last: usize, max: usize) -> Vec<Option<usize>> {
    let count = last.saturating_sub(first) + 1;
    if count <= max {
        return (first..=last).map(Some).collect();
    }
    let mut lines: Vec<Option<usize>> = (first..first + max - 1).map(Some).collect();
    lines.push(None);
    lines.push(Some(last));
    lines
}

/// A 1-based line of `file` without its line break.
fn line_text(file: &SourceFile, line: usize) -> &str {
    let text = file.text.as_str();
    let start = file.line_start(line).min(text.len());
    let rest = &text[start..];
    let end = rest.find('\n').unwrap_or(rest.len());
    rest[..end].strip_suffix('\r').unwrap_or(&rest[..end])
}

fn leading_blanks(text: &str) -> usize {
    text.chars().take_while(|c| *c == ' ' || *c == '\t').count()
}

/// The part of a line a frame shows: at most [`WIDTH`] characters, starting a little before the
/// column that matters, with `…` where text was left out; tabs shown as four spaces.
struct Cut {
    /// The characters skipped at the start.
    skipped: usize,
    /// What is printed.
    text: String,
}

impl Cut {
    fn around(line: &str, column: usize) -> Cut {
        let total = line.chars().count();
        let skipped = if total <= WIDTH {
            0
        } else {
            column.saturating_sub(LEAD).min(total.saturating_sub(WIDTH))
        };
        let mut text = String::new();
        if skipped > 0 {
            text.push('…');
        }
        for c in line.chars().skip(skipped).take(WIDTH) {
            push_shown(&mut text, c);
        }
        if skipped + WIDTH < total {
            text.push('…');
        }
        Cut { skipped, text }
    }

    /// Display columns from the start of the printed text to character `column` of the line.
    fn width_before(&self, line: &str, column: usize) -> usize {
        let marker = usize::from(self.skipped > 0);
        marker + self.width_between(line, self.skipped, column)
    }

    /// Display columns between two character columns of the line, within what is shown.
    fn width_between(&self, line: &str, from: usize, to: usize) -> usize {
        let from = from.max(self.skipped);
        let to = to.min(self.skipped + WIDTH);
        line.chars()
            .skip(from)
            .take(to.saturating_sub(from))
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum()
    }
}

fn push_shown(text: &mut String, c: char) {
    match c {
        '\t' => text.push_str("    "),
        c if c.is_control() => text.push(' '),
        c => text.push(c),
    }
}

/// `--statistics`: one line per rule with its count, most frequent first.
fn write_statistics(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    style: &Style,
) -> std::io::Result<()> {
    let mut rows: Vec<(usize, &Diagnostic)> = Vec::new();
    for d in diagnostics {
        match rows.iter_mut().find(|(_, seen)| seen.rule == d.rule) {
            Some((count, _)) => *count += 1,
            None => rows.push((1, d)),
        }
    }
    rows.sort_by(|(a, x), (b, y)| b.cmp(a).then(x.rule.cmp(y.rule)));
    for (count, d) in rows {
        let severity = d.severity.as_str();
        writeln!(
            out,
            "{count:>6}  {}  {} [{}]",
            d.rule,
            d.name,
            style.paint(severity_style(d.severity), severity)
        )?;
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The last line: what was found where, and how to see the info notes when they were hidden.
fn summary_line(diagnostics: &[Diagnostic], summary: &Summary, hidden_notes: usize) -> String {
    let files = plural(summary.files_linted, "file");
    if diagnostics.is_empty() {
        return format!("No problems found in {files}.");
    }
    let counts = Counts::of(diagnostics);
    let mut line = format!(
        "{}, {}, {} in {files} ({} skipped, {})",
        plural(counts.errors, "error"),
        plural(counts.warnings, "warning"),
        plural(counts.infos, "info"),
        summary.files_skipped,
        plural(summary.parse_errors, "parse error"),
    );
    if hidden_notes > 0 {
        line.push_str(&format!(
            "; {} not shown (--show-notes shows them)",
            plural(hidden_notes, "info note")
        ));
    }
    line
}

#[cfg(test)]
#[path = "human_tests.rs"]
mod tests;
