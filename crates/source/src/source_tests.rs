//! Unit tests of `source.rs`.

use super::*;

#[test]
fn displayed_paths_resolve_dot_components() {
    let cwd = Path::new("/work/repo");
    assert_eq!(
        display_path(Path::new("infra/main.tf"), cwd),
        "infra/main.tf"
    );
    assert_eq!(display_path(Path::new("./a/../a/x.tf"), cwd), "a/x.tf");
    assert_eq!(
        display_path(Path::new("../other/x.tf"), cwd),
        "/work/other/x.tf"
    );
    assert_eq!(
        display_path(Path::new("/elsewhere/x.tf"), cwd),
        "/elsewhere/x.tf"
    );
}

#[test]
fn columns_on_a_long_non_ascii_line_are_counted_through_checkpoints() {
    // 200,000 two-byte characters on one line, then a marker: its column is exact.
    let mut text = "é".repeat(200_000);
    text.push('x');
    text.push_str("\nab");
    let f = SourceFile::new("a".into(), "a".into(), text.clone());
    assert!(!f.checkpoints.is_empty());
    let x = u32::try_from(text.find('x').unwrap()).unwrap();
    assert_eq!(
        f.position(x),
        Position {
            line: 1,
            column: 200_001
        }
    );
    assert_eq!(f.position(x + 3), Position { line: 2, column: 2 });
    // A checkpoint-free ASCII file counts bytes.
    let g = SourceFile::new("b".into(), "b".into(), format!("{}y", "a".repeat(100_000)));
    assert_eq!(
        g.position(100_000),
        Position {
            line: 1,
            column: 100_001
        }
    );
}

#[test]
fn positions_count_characters() {
    let f = SourceFile::new("a".into(), "a".into(), "ab\né x\n".into());
    assert_eq!(f.position(0), Position { line: 1, column: 1 });
    assert_eq!(f.position(3), Position { line: 2, column: 1 });
    // 'é' is two bytes; 'x' sits at byte 6, character column 3.
    assert_eq!(f.position(6), Position { line: 2, column: 3 });
    assert_eq!(f.position(999), Position { line: 3, column: 1 });
}

#[test]
fn byte_positions_count_utf8_bytes() {
    let f = SourceFile::new("a".into(), "a".into(), "ab\né x\n".into());
    // 'x' sits at byte 6: character column 3, byte column 4.
    assert_eq!(f.byte_position(6), Position { line: 2, column: 4 });
    assert_eq!(f.byte_position(0), Position { line: 1, column: 1 });
    assert_eq!(f.byte_position(999), Position { line: 3, column: 1 });
}

#[test]
fn utf16_positions_count_surrogate_pairs_as_two_units() {
    let f = SourceFile::new("a".into(), "a".into(), "x\n\u{e9}\u{1f680}z\n".to_string());
    assert_eq!(f.utf16_position(0), (0, 0));
    // é is one unit (2 bytes), the rocket two units (4 bytes).
    assert_eq!(f.utf16_position(2), (1, 0));
    assert_eq!(f.utf16_position(4), (1, 1));
    assert_eq!(f.utf16_position(8), (1, 3));
    // Inside the rocket: moved back to its start; past the end: clamped.
    assert_eq!(f.utf16_position(6), (1, 1));
    assert_eq!(f.utf16_position(99), (2, 0));
    let ascii = SourceFile::new("b".into(), "b".into(), "ab\ncd".to_string());
    assert_eq!(ascii.utf16_position(4), (1, 1));
}

#[test]
fn files_are_found_by_canonical_path_and_directories_resolved_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(root.join(sub)).unwrap();
        std::fs::write(root.join(sub).join("x.tf"), "").unwrap();
    }
    let mut db = SourceDb::default();
    let a = db.add(SourceFile::new(
        root.join("a/x.tf"),
        "a".into(),
        String::new(),
    ));
    // Added through a path with `..`: found by its canonical path all the same.
    let b = db.add(SourceFile::new(
        root.join("a/../b/x.tf"),
        "b".into(),
        String::new(),
    ));
    assert_eq!(db.by_canonical_path(&root.join("a/x.tf")), Some(a));
    assert_eq!(db.by_canonical_path(&root.join("b/x.tf")), Some(b));
    assert_eq!(db.by_canonical_path(&root.join("c/x.tf")), None);
    // A file added later is indexed too.
    std::fs::write(root.join("b/y.tf"), "").unwrap();
    let y = db.add(SourceFile::new(
        root.join("b/y.tf"),
        "y".into(),
        String::new(),
    ));
    assert_eq!(db.by_canonical_path(&root.join("b/y.tf")), Some(y));

    let mut calls = 0;
    let mut resolve = |d: &Path| {
        db.resolve_dir(d, |c| {
            calls += 1;
            c.to_path_buf()
        })
    };
    let first = resolve(&root.join("a/../b")).expect("resolved");
    assert_eq!(first.canonical, root.join("b"));
    assert!(resolve(&root.join("a/../b")).is_some());
    assert!(resolve(&root.join("missing")).is_none());
    assert_eq!(calls, 1);
}

#[test]
fn line_starts_follow_every_newline_at_any_alignment() {
    for text in [
        "",
        "\n",
        "a\nb",
        "\n\n\n\n\n\n\n\n\n",
        "12345678\n1234567\n\n\u{e9}\n",
    ] {
        let expected: Vec<u32> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1))
            .collect();
        assert_eq!(line_starts(text), expected, "{text:?}");
    }
}
