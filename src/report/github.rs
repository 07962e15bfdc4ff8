//! GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per
//! diagnostic, escaped as the Actions runner decodes them.

use std::io::Write;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceDb;

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
        writeln!(out, ",title={title}::{}", escape_data(&d.message))?;
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
mod tests {
    use super::super::{Format, fixtures, sort_diagnostics, write_report};
    use super::*;
    use crate::report::Summary;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("dir,x/a:b%.tf\n"), "dir%2Cx/a%3Ab%25.tf%0A");
        // `%` is escaped first, so an escape sequence in the text stays literal.
        assert_eq!(escape_property("%3A"), "%253A");
    }

    #[test]
    fn one_command_per_diagnostic_with_columns_only_on_one_line() {
        let (db, mut diagnostics) = fixtures::build();
        sort_diagnostics(&db, &mut diagnostics);
        diagnostics[0].message = "two\nlines, 50%".into();
        let mut out = Vec::new();
        write_report(
            &mut out,
            Format::Github,
            &db,
            &diagnostics,
            &Summary::default(),
            false,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "::notice file=infra/buckets.tf,line=3,col=2,endLine=3,endColumn=2,title=RL301 lifecycle-missing::two%0Alines, 50%25",
                "::error file=infra/main.tf,line=3,col=30,endLine=3,endColumn=35,title=RL201 source-versioning::source bucket `src` does not have versioning enabled",
                "::warning file=infra/main.tf,line=4,col=8,endLine=4,endColumn=8,title=RL105 missing-filter::replication rule has no `filter` block",
                "::error file=infra/main.tf,line=6,col=16,endLine=6,endColumn=41,title=RL202 destination-versioning::destination bucket `aws_s3_bucket.replica` does not have versioning enabled",
            ]
        );
        // A range over several lines gives lines only.
        diagnostics[0].primary = db
            .iter()
            .map(|(id, f)| crate::source::Span::new(id, 0, f.text.len()))
            .next()
            .unwrap();
        let mut out = Vec::new();
        write(&mut out, &db, &diagnostics[..1]).unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .starts_with("::notice file=infra/main.tf,line=1,endLine=10,title=RL301 "),
        );
    }
}
