use super::super::{discover, discover_witnessed};
use crate::Overlay;
use crate::fsread::MaxFileSize;
use crate::stamp::MARGIN;
use std::time::Duration;

fn witnessed(dir: &std::path::Path) -> Option<super::Witness> {
    let paths = [dir.to_path_buf()];
    let (discovered, witness) =
        discover_witnessed(&paths, &Overlay::default(), MaxFileSize::default()).unwrap();
    let plain = discover(&paths, &Overlay::default(), MaxFileSize::default()).unwrap();
    assert_eq!(format!("{discovered:?}"), format!("{plain:?}"));
    witness
}

#[test]
fn a_witness_needs_settled_answers_and_fails_on_any_change_discovery_depends_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("main.tf"), "").unwrap();
    std::fs::write(root.join("sub/a.tf"), "").unwrap();
    std::fs::write(root.join(".gitignore"), "").unwrap();
    // Just written: a change in the same clock tick could go unseen, so nothing is proven.
    assert!(witnessed(&root).is_none());
    std::thread::sleep(MARGIN + Duration::from_millis(100));
    let witness = witnessed(&root).unwrap();
    assert!(witness.holds());
    // A file written in place changes no listing.
    std::fs::write(root.join("main.tf"), "locals {}\n").unwrap();
    assert!(witness.holds());
    // An entry added in a subdirectory, an ignore file written in place, an entry removed.
    std::fs::write(root.join("sub/b.tf"), "").unwrap();
    assert!(!witness.holds());
    std::fs::remove_file(root.join("sub/b.tf")).unwrap();
    let witness = witnessed(&root);
    assert!(witness.is_none_or(|w| w.holds()));
    std::thread::sleep(MARGIN + Duration::from_millis(100));
    let witness = witnessed(&root).unwrap();
    std::fs::write(root.join(".gitignore"), "sub/\n").unwrap();
    assert!(!witness.holds());
    let witness = witnessed(&root);
    std::fs::remove_file(root.join("main.tf")).unwrap();
    assert!(witness.is_none_or(|w| !w.holds()));
}
