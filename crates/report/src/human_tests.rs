//! Unit tests of `human.rs`.

use super::super::{Format, fixtures, sort_diagnostics, write_report};
use super::*;

fn summary() -> Summary {
    Summary {
        files_linted: 12,
        files_skipped: 3,
        parse_errors: 0,
    }
}

fn render_with(diagnostics: Option<&[Diagnostic]>, options: HumanOptions) -> String {
    let (db, mut all) = fixtures::build();
    sort_diagnostics(&db, &mut all);
    let diagnostics = diagnostics.unwrap_or(&all);
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    write_report(
        &mut out,
        Format::Human,
        &db,
        diagnostics,
        &summary(),
        &options,
        &crate::fixes::ReportedFixes::default(),
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn render(diagnostics: Option<&[Diagnostic]>, color: bool) -> String {
    let options = HumanOptions {
        color,
        show_notes: true,
        ..HumanOptions::default()
    };
    render_with(diagnostics, options)
}

#[test]
fn snapshot() {
    insta::assert_snapshot!(render(None, false));
}

#[test]
fn no_problems() {
    assert_eq!(render(Some(&[]), false), "No problems found in 12 files.\n");
}

#[test]
fn colour_only_when_asked() {
    assert!(!render(None, false).contains('\x1b'));
    let coloured = render(None, true);
    assert!(coloured.contains("\x1b[1;31merror[RL201]\x1b[0m"));
}

#[test]
fn info_notes_are_summed_up_unless_asked_for() {
    let hidden = render_with(None, HumanOptions::default());
    assert!(!hidden.contains("info[RL301]"), "{hidden}");
    assert!(hidden.contains("error[RL201]"));
    assert!(hidden.contains("warning[RL105]"));
    assert!(
        hidden.ends_with(
            "2 errors, 1 warning, 1 info in 12 files (3 skipped, 0 parse errors); \
             1 info note not shown (--show-notes shows them)\n"
        ),
        "{hidden}"
    );
    let shown = render(None, false);
    assert!(shown.contains("info[RL301]"));
    assert!(!shown.contains("not shown"));
}

#[test]
fn quiet_prints_only_findings() {
    let quiet = render_with(
        None,
        HumanOptions {
            quiet: true,
            ..HumanOptions::default()
        },
    );
    assert!(quiet.contains("error[RL202]"));
    assert!(!quiet.contains("in 12 files"), "{quiet}");
    let clean = render_with(
        Some(&[]),
        HumanOptions {
            quiet: true,
            ..HumanOptions::default()
        },
    );
    assert_eq!(clean, "");
}

#[test]
fn statistics_count_per_rule() {
    let (_, mut all) = fixtures::build();
    all.push(all[0].clone());
    let stats = render_with(
        Some(&all),
        HumanOptions {
            statistics: true,
            ..HumanOptions::default()
        },
    );
    assert_eq!(
        stats,
        "     2  RL202  destination-versioning [error]\n\
         \u{20}    1  RL105  missing-filter [warning]\n\
         \u{20}    1  RL201  source-versioning [error]\n\
         \u{20}    1  RL301  lifecycle-missing [info]\n\
         3 errors, 1 warning, 1 info in 12 files (3 skipped, 0 parse errors)\n"
    );
}

#[test]
fn summary_pluralises() {
    let (_, all) = fixtures::build();
    let one = Summary {
        files_linted: 1,
        files_skipped: 0,
        parse_errors: 1,
    };
    assert_eq!(
        summary_line(&all[..1], &one, 0),
        "1 error, 0 warnings, 0 infos in 1 file (0 skipped, 1 parse error)"
    );
    assert_eq!(summary_line(&[], &one, 0), "No problems found in 1 file.");
}

/// One diagnostic over `text` (one file) with the primary span `start..end`.
fn frame_of(text: &str, start: usize, end: usize) -> String {
    let mut db = SourceDb::default();
    let file = db.add(SourceFile::new(
        "/r/a.tf".into(),
        "a.tf".into(),
        text.into(),
    ));
    let (_, all) = fixtures::build();
    let mut d = all[3].clone();
    d.primary = Span::new(file, start, end);
    d.related.clear();
    let mut out = Vec::new();
    write_diagnostic(&mut out, &db, &d, &Style { color: false }).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn a_long_span_shows_its_first_lines_and_its_last() {
    let text: String = (1..=40).map(|i| format!("line {i}\n")).collect();
    let frame = frame_of(&text, 0, text.len() - 1);
    assert!(frame.contains(" 1 | line 1\n"), "{frame}");
    assert!(frame.contains(" 3 | line 3\n"), "{frame}");
    assert!(!frame.contains("line 4\n"), "{frame}");
    assert!(frame.contains("   ...\n"), "{frame}");
    assert!(frame.contains("40 | line 40\n"), "{frame}");
    assert!(frame.lines().count() < 16, "{frame}");
}

#[test]
fn a_long_line_is_cut_around_the_span() {
    let text = format!("{}\"needle\"{}", "x".repeat(5_000), "y".repeat(5_000));
    let frame = frame_of(&text, 5_000, 5_008);
    let source_line = frame.lines().find(|l| l.starts_with("1 |")).unwrap();
    assert!(source_line.chars().count() <= WIDTH + 8, "{source_line}");
    assert!(source_line.contains("…xxx"), "{source_line}");
    assert!(source_line.contains("\"needle\""), "{source_line}");
    let carets = frame.lines().find(|l| l.contains('^')).unwrap();
    let column = |line: &str, pat: &str| {
        line.chars().count() - line[line.find(pat).unwrap()..].chars().count()
    };
    assert_eq!(column(carets, "^"), column(source_line, "\"needle\""));
    assert!(carets.ends_with(&"^".repeat(8)), "{carets}");
}

#[test]
fn related_locations_are_their_own_short_snippets() {
    let (db, all) = fixtures::build();
    let mut out = Vec::new();
    write_diagnostic(&mut out, &db, &all[0], &Style { color: false }).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("note: destination bucket defined here\n  --> infra/buckets.tf:1:1\n"));
    // The three-line resource shows only its first lines.
    assert!(
        text.contains("1 | resource \"aws_s3_bucket\" \"replica\" {\n"),
        "{text}"
    );
    assert!(
        text.contains("note: source bucket\n  --> infra/main.tf:3:"),
        "{text}"
    );
}

#[test]
fn columns_count_characters_and_tabs_align() {
    let frame = frame_of("\tbucket = \"é\" # ü\n", 10, 14);
    assert!(frame.contains("  --> a.tf:1:11\n"), "{frame}");
    assert!(frame.contains("1 |     bucket = \"é\" # ü\n"), "{frame}");
    assert!(frame.contains("  |              ^^^\n"), "{frame}");
}

#[test]
fn an_empty_span_at_the_end_of_the_text_is_drawn() {
    let frame = frame_of("abc", 3, 3);
    assert!(frame.contains("  --> a.tf:1:4\n"), "{frame}");
    assert!(frame.contains("  |    ^\n"), "{frame}");
}

#[test]
fn a_frame_deep_in_a_long_file_shows_its_own_line_numbered_in_the_file() {
    let text: String = (1..=5000).map(|i| format!("line_{i} = {i}\n")).collect();
    let at = text.find("line_4000 ").unwrap();
    let frame = frame_of(&text, at, at + "line_4000".len());
    assert!(frame.contains("  --> a.tf:4000:1\n"), "{frame}");
    assert!(frame.contains("4000 | line_4000 = 4000\n"), "{frame}");
    assert!(!frame.contains("line_3999"), "{frame}");
    // A span at the very end of the text.
    let end = frame_of(&text, text.len(), text.len());
    assert!(end.contains("  --> a.tf:5001:1\n"), "{end}");
}
