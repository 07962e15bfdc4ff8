//! `scripts/install.sh`, which the GitHub Action and the pre-commit hook use: it installs a
//! release binary only when the archive matches its SHA-256 file. The "release" here is a
//! directory served through `file://` URLs.

use std::path::Path;
use std::process::Command;

/// The release target the script picks on this machine (see `target()` in the script).
fn this_target() -> &'static str {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => "x86_64-unknown-linux-musl",
        ("linux", "aarch64") => "aarch64-unknown-linux-gnu",
        ("macos", "aarch64") => "aarch64-apple-darwin",
        ("macos", "x86_64") => "x86_64-apple-darwin",
        other => panic!("no release target for {other:?}"),
    }
}

/// A release `v9.9.9` under `root` holding a fake binary; `checksum` is what its `.sha256` says
/// (`None`: the real one).
fn make_release(root: &Path, checksum: Option<&str>) {
    let name = format!("repl-lint-9.9.9-{}", this_target());
    let stage = root.join("stage").join(&name);
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(
        stage.join("repl-lint"),
        "#!/bin/sh\necho fake repl-lint 9.9.9\n",
    )
    .unwrap();
    let release = root.join("v9.9.9");
    std::fs::create_dir_all(&release).unwrap();
    let archive = release.join(format!("{name}.tar.gz"));
    let status = Command::new("tar")
        .arg("-C")
        .arg(root.join("stage"))
        .arg("-czf")
        .arg(&archive)
        .arg(&name)
        .status()
        .unwrap();
    assert!(status.success());
    let real = Command::new("sha256sum").arg(&archive).output().unwrap();
    let real = String::from_utf8(real.stdout).unwrap();
    let line = match checksum {
        Some(other) => format!("{other}  {name}.tar.gz\n"),
        None => real,
    };
    std::fs::write(release.join(format!("{name}.tar.gz.sha256")), line).unwrap();
}

fn install(root: &Path, dest: &Path, version: &str) -> std::process::Output {
    Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install.sh"))
        .arg(version)
        .arg(dest)
        .env(
            "REPL_LINT_RELEASE_URL",
            format!("file://{}", root.display()),
        )
        .output()
        .unwrap()
}

#[test]
fn a_release_binary_is_installed_when_its_checksum_matches() {
    let root = tempfile::tempdir().unwrap();
    make_release(root.path(), None);
    let dest = root.path().join("bin");
    let out = install(root.path(), &dest, "v9.9.9");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run = Command::new(dest.join("repl-lint")).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "fake repl-lint 9.9.9\n"
    );
}

#[test]
fn a_checksum_mismatch_installs_nothing() {
    let root = tempfile::tempdir().unwrap();
    make_release(root.path(), Some(&"0".repeat(64)));
    let dest = root.path().join("bin");
    // No source to build from: the script fails and installs nothing.
    let out = install(root.path(), &dest, "9.9.9");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("checksum mismatch"));
    assert!(!dest.join("repl-lint").exists());
}

#[test]
fn a_missing_release_installs_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dest = root.path().join("bin");
    let out = install(root.path(), &dest, "1.2.3");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("could not download"));
    assert!(!dest.exists());
}
