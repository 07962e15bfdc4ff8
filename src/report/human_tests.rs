//! Unit tests of `human.rs`.

use super::super::{Format, fixtures, sort_diagnostics, write_report};
use super::*;

fn render(diagnostics: Option<&[Diagnostic]>, color: bool) -> String {
    let (db, mut all) = fixtures::build();
    sort_diagnostics(&db, &mut all);
    let diagnostics = diagnostics.unwrap_or(&all);
    let summary = Summary {
        files_linted: 12,
        files_skipped: 3,
        parse_errors: 0,
    };
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    write_report(&mut out, Format::Human, &db, diagnostics, &summary, color).unwrap();
    String::from_utf8(out).unwrap()
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
fn summary_pluralises() {
    let (_, all) = fixtures::build();
    let one = Summary {
        files_linted: 1,
        files_skipped: 0,
        parse_errors: 1,
    };
    assert_eq!(
        summary_line(&all[..1], &one),
        "1 error, 0 warnings, 0 infos in 1 file (0 skipped, 1 parse error)"
    );
    assert_eq!(summary_line(&[], &one), "No problems found in 1 file.");
}

#[test]
fn spans_are_clamped_to_text() {
    let text = "aé";
    // Byte 2 is inside `é`; 99 is past the end.
    let span = source_span(text, Span::new(crate::source::FileId(0), 2, 99));
    assert_eq!((span.offset(), span.len()), (1, 2));
}

#[test]
fn a_frame_deep_in_a_long_file_reads_only_its_lines_and_numbers_them_in_the_file() {
    let mut text: String = (1..=5000).map(|i| format!("line_{i} = {i}\n")).collect();
    text.push_str("last");
    let file = SourceFile::new("long.tf".into(), "long.tf".into(), text.clone());
    let source = FileSource {
        file: &file,
        text: Cow::Borrowed(&text),
    };
    let at = text.find("line_4000 ").unwrap();
    let span = SourceSpan::new(at.into(), "line_4000".len());
    for context in [0, 1, 3] {
        let read = source.read_span(&span, context, context).unwrap();
        let whole = text.as_str().read_span(&span, context, context).unwrap();
        assert_eq!(read.data(), whole.data(), "context {context}");
        assert_eq!(read.span(), whole.span(), "context {context}");
        assert_eq!(
            (read.line(), read.line_count()),
            (whole.line(), whole.line_count())
        );
    }
    // A span at the very end of the text.
    let end = SourceSpan::new(text.len().into(), 0);
    let read = source.read_span(&end, 2, 2).unwrap();
    let whole = text.as_str().read_span(&end, 2, 2).unwrap();
    assert_eq!((read.data(), read.line()), (whole.data(), whole.line()));
}
