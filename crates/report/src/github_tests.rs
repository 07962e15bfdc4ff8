//! Unit tests of `github.rs`.

use super::super::{Format, HumanOptions, fixtures, sort_diagnostics, write_report};
use super::*;
use crate::Summary;

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
        &HumanOptions::default(),
        &crate::fixes::ReportedFixes::default(),
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "::notice file=infra/buckets.tf,line=3,col=2,endLine=3,endColumn=2,title=RL301 lifecycle-missing::two%0Alines, 50%25%0AFix: add an aws_s3_bucket_lifecycle_configuration",
            "::error file=infra/main.tf,line=3,col=30,endLine=3,endColumn=35,title=RL201 source-versioning::source bucket `src` does not have versioning enabled",
            "::warning file=infra/main.tf,line=4,col=8,endLine=4,endColumn=8,title=RL105 missing-filter::replication rule has no `filter` block",
            "::error file=infra/main.tf,line=6,col=16,endLine=6,endColumn=41,title=RL202 destination-versioning::destination bucket `aws_s3_bucket.replica` does not have versioning enabled%0AFix: add an aws_s3_bucket_versioning resource with status = \"Enabled\" for the destination bucket",
        ]
    );
    // A range over several lines gives lines only.
    diagnostics[0].primary = db
        .iter()
        .map(|(id, f)| repl_lint_source::Span::new(id, 0, f.text.len()))
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
