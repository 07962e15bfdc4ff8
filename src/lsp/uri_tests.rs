//! Unit tests of `uri.rs`.

use super::*;

fn uri(text: &str) -> Uri {
    Uri::from_str(text).expect("a valid URI")
}

#[test]
fn file_uris_become_decoded_paths() {
    assert_eq!(
        to_path(&uri("file:///work/my%20infra/main.tf")),
        Some(PathBuf::from("/work/my infra/main.tf"))
    );
    assert_eq!(
        to_path(&uri("file://localhost/a/b.yaml")),
        Some(PathBuf::from("/a/b.yaml"))
    );
    assert_eq!(
        to_path(&uri("file:///C:/infra/main.tf")),
        Some(PathBuf::from("C:/infra/main.tf"))
    );
    assert_eq!(to_path(&uri("untitled:Untitled-1")), None);
}

#[test]
fn paths_round_trip_through_uris() {
    for path in ["/work/main.tf", "/a b/ç#?%.tf", "/x/[y]/z.yaml"] {
        let made = from_path(Path::new(path)).expect("a URI");
        assert!(made.as_str().starts_with("file:///"), "{}", made.as_str());
        assert_eq!(to_path(&made), Some(PathBuf::from(path)));
    }
    assert_eq!(
        from_path(Path::new("/a b/c.tf")).map(|u| u.as_str().to_string()),
        Some("file:///a%20b/c.tf".to_string())
    );
}
