use super::*;

fn roots(dir: &Path) -> Vec<PathBuf> {
    vec![std::fs::canonicalize(dir).unwrap()]
}

#[test]
fn sizes_parse_with_binary_units() {
    assert_eq!(MaxFileSize::parse("1048576"), Ok(MaxFileSize(1 << 20)));
    assert_eq!(MaxFileSize::parse("512KiB"), Ok(MaxFileSize(512 << 10)));
    assert_eq!(MaxFileSize::parse("64 MiB"), Ok(MaxFileSize(64 << 20)));
    assert_eq!(MaxFileSize::parse("2g"), Ok(MaxFileSize(2 << 30)));
    for bad in [
        "",
        "0",
        "MiB",
        "12 parsecs",
        "-1",
        "99999999999999999999GiB",
    ] {
        assert!(MaxFileSize::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_regular_file_inside_the_root_is_read_without_its_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tf"), "\u{feff}x = 1\n").unwrap();
    let text = read_text(
        &dir.path().join("a.tf"),
        Confine::Roots(&roots(dir.path())),
        MaxFileSize::default(),
    );
    assert_eq!(text.unwrap(), "x = 1\n");
}

#[test]
fn a_file_over_the_limit_is_refused_with_its_size() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.tf"), vec![b'#'; 2048]).unwrap();
    let refused = read(
        &dir.path().join("a.tf"),
        Confine::Anywhere,
        MaxFileSize(1024),
    );
    let message = refused.unwrap_err().to_string();
    assert_eq!(
        message,
        "it is 2 KiB, over the limit of 1 KiB (max-file-size)"
    );
}

#[test]
fn a_directory_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let refused = read(dir.path(), Confine::Anywhere, MaxFileSize::default());
    assert!(matches!(refused, Err(Refused::NotRegular("a directory"))));
}

#[test]
fn a_path_through_dot_dot_out_of_the_root_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("repo")).unwrap();
    std::fs::write(dir.path().join("secret"), "x").unwrap();
    let path = dir.path().join("repo/../secret");
    let refused = read(
        &path,
        Confine::Roots(&roots(&dir.path().join("repo"))),
        MaxFileSize::default(),
    );
    assert!(matches!(refused, Err(Refused::OutsideRoot(_))));
    assert!(!is_inside(&path, &roots(&dir.path().join("repo"))));
    assert!(read(&path, Confine::Anywhere, MaxFileSize::default()).is_ok());
}

#[cfg(unix)]
#[test]
fn links_out_of_the_root_are_refused_and_links_inside_it_followed() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    std::fs::write(dir.path().join("outside.toml"), "x").unwrap();
    std::fs::write(repo.join("inside.toml"), "y").unwrap();
    std::os::unix::fs::symlink(dir.path().join("outside.toml"), repo.join("out")).unwrap();
    std::os::unix::fs::symlink(repo.join("inside.toml"), repo.join("in")).unwrap();
    let roots = roots(&repo);
    let confine = Confine::Roots(&roots);
    let out = read(&repo.join("out"), confine, MaxFileSize::default());
    assert!(matches!(out, Err(Refused::OutsideRoot(_))), "{out:?}");
    assert_eq!(
        read(&repo.join("in"), confine, MaxFileSize::default()).unwrap(),
        b"y"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let refused = read(&fifo, Confine::Anywhere, MaxFileSize::default());
    assert!(
        matches!(refused, Err(Refused::NotRegular("a FIFO (named pipe)"))),
        "{refused:?}"
    );
}

#[test]
fn a_missing_file_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let refused = read(
        &dir.path().join("nope"),
        Confine::Anywhere,
        MaxFileSize::default(),
    );
    assert!(matches!(refused, Err(Refused::Missing)));
}
