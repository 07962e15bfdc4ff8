//! Paths relative to the repository root, whatever the working directory: SARIF URIs (against
//! `%SRCROOT%`) and the fingerprints of SARIF and baselines use them, so a report or a baseline
//! written at the root matches one written from a subdirectory.

use std::path::{Path, PathBuf};

use repl_lint_source::{SourceFile, lexical_normal};

/// The repository root of the working directory (see [`repl_lint_source::discover::repository_root`]).
pub fn repository_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    Some(repl_lint_source::discover::repository_root(&cwd))
}

/// A file's path relative to `root` with `/` separators, or `None` when it lies outside.
pub fn relative_to(root: &Path, file: &SourceFile) -> Option<String> {
    let absolute = std::env::current_dir().ok()?.join(&file.path);
    let relative = lexical_normal(&absolute)
        .strip_prefix(root)
        .ok()?
        .to_path_buf();
    Some(relative.to_string_lossy().replace('\\', "/"))
}

/// A file's path as reports key it: relative to the repository root when under it, else as
/// displayed.
pub fn report_path(root: Option<&Path>, file: &SourceFile) -> String {
    root.and_then(|root| relative_to(root, file))
        .unwrap_or_else(|| file.display.clone())
}
