//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per
//! diagnostic (its message, then on a second line the fix hint when the rule has one), escaped as
//! the Actions runner decodes them.

use std::io::Write;

use repl_lint_source::SourceDb;
use repl_lint_source::diagnostic::{Diagnostic, Severity};

/// Writes one workflow command line per diagnostic.
///
/// Columns are given only when the range starts and ends on the same line: GitHub ignores
/// columns of annotations that span several lines.
pub(super) fn write(
    out: &mut dyn Write,
    db: &SourceDb,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (start, end) = db.range(d.primary);
        let file = escape_property(&db.file(d.primary.file).display);
        write!(out, "::{command} file={file},line={}", start.line)?;
        if start.line == end.line {
            write!(
                out,
                ",col={},endLine={},endColumn={}",
                start.column, end.line, end.column
            )?;
        } else {
            write!(out, ",endLine={}", end.line)?;
        }
        let title = escape_property(&format!("{} {}", d.rule, d.name));
        let message = match &d.help {
            Some(help) => format!("{}\nFix: {help}", d.message),
            None => d.message.clone(),
        };
        writeln!(out, ",title={title}::{}", escape_data(&message))?;
    }
    Ok(())
}

/// Escapes a command's message: `%`, carriage return and line feed.
fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes a command property value: as [`escape_data`], plus `:` and `,`, which separate
/// properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
#[path = "github_tests.rs"]
mod tests;
