//! Tests for the lowered-file cache: when it lowers again and what it keeps.

use super::LoweredFiles;
use crate::hcl::lower_file;
use repl_lint_source::{FileId, SourceDb, SourceFile};
use std::cell::Cell;

fn db_of(files: &[(&str, &str)]) -> (SourceDb, Vec<FileId>) {
    let mut db = SourceDb::default();
    let ids = files
        .iter()
        .map(|(p, t)| db.add(SourceFile::new((*p).into(), (*p).into(), (*t).into())))
        .collect();
    (db, ids)
}

/// Asks `cache` for file `id` as a module file; true when it had to lower it.
fn lowered_again(cache: &LoweredFiles, db: &SourceDb, id: FileId) -> bool {
    let called = Cell::new(false);
    let _ = cache.get_or_lower(db, id, false, || {
        called.set(true);
        lower_file(db, id, false)
    });
    called.get()
}

const BUCKET: &str = "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a\"\n}\n";

#[test]
fn the_same_file_with_the_same_text_is_not_lowered_again() {
    let cache = LoweredFiles::default();
    let (db, ids) = db_of(&[("/w/a.tf", BUCKET)]);
    assert!(lowered_again(&cache, &db, ids[0]));
    assert!(!lowered_again(&cache, &db, ids[0]));
    // As a variable file it is another lowering.
    let called = Cell::new(false);
    let _ = cache.get_or_lower(&db, ids[0], true, || {
        called.set(true);
        lower_file(&db, ids[0], true)
    });
    assert!(called.get());
}

#[test]
fn another_text_or_another_id_is_lowered_again() {
    let cache = LoweredFiles::default();
    let (db, ids) = db_of(&[("/w/a.tf", BUCKET)]);
    assert!(lowered_again(&cache, &db, ids[0]));
    let (db, ids) = db_of(&[("/w/a.tf", &BUCKET.replace("\"a\"\n", "\"b\"\n"))]);
    assert!(lowered_again(&cache, &db, ids[0]));
    // The same text under another id (a file added before it): its spans would be wrong.
    let (db, ids) = db_of(&[("/w/0.tf", ""), ("/w/a.tf", BUCKET)]);
    assert!(lowered_again(&cache, &db, ids[1]));
}

#[test]
fn a_file_that_reads_files_is_never_kept() {
    let cache = LoweredFiles::default();
    let text = "locals {\n  p = file (\"policy.json\")\n}\n";
    let (db, ids) = db_of(&[("/w/a.tf", text)]);
    assert!(lowered_again(&cache, &db, ids[0]));
    assert!(lowered_again(&cache, &db, ids[0]));
    assert!(cache.is_empty());
    for call in [
        "templatefile(\"p.tpl\", {})",
        "filebase64(\"k\")",
        "file(\"a\")",
    ] {
        let text = format!("locals {{\n  p = {call}\n}}\n");
        let (db, ids) = db_of(&[("/w/b.tf", &text)]);
        lowered_again(&cache, &db, ids[0]);
        assert!(cache.is_empty(), "{call} was kept");
    }
    // A name that merely holds `file` is kept.
    let (db, ids) = db_of(&[("/w/c.tf", "locals {\n  profile = \"x\"\n}\n")]);
    lowered_again(&cache, &db, ids[0]);
    assert_eq!(cache.len(), 1);
}

#[test]
fn only_the_files_of_the_last_run_are_kept() {
    let cache = LoweredFiles::default();
    let (db, ids) = db_of(&[("/w/a.tf", BUCKET), ("/w/b.tf", BUCKET)]);
    lowered_again(&cache, &db, ids[0]);
    lowered_again(&cache, &db, ids[1]);
    cache.keep_only_used();
    assert_eq!(cache.len(), 2);
    // The next run asks for a.tf only: b.tf is dropped.
    assert!(!lowered_again(&cache, &db, ids[0]));
    cache.keep_only_used();
    assert_eq!(cache.len(), 1);
    assert!(!lowered_again(&cache, &db, ids[0]));
    assert!(lowered_again(&cache, &db, ids[1]));
}
