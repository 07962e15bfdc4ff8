//! Paths relative to the repository root, whatever the working directory: SARIF URIs (against
//! `%SRCROOT%`) and the fingerprints of SARIF and baselines use them, so a report or a baseline
//! written at the root matches one written from a subdirectory.

use std::path::{Path, PathBuf};

use crate::source::SourceFile;

/// The repository root: the nearest directory from the working directory upwards that holds
/// `.git` (only its existence is checked; nothing is read), else the working directory.
pub fn repository_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    let root = cwd
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&cwd);
    Some(root.to_path_buf())
}

/// A file's path relative to `root` with `/` separators, or `None` when it lies outside.
pub fn relative_to(root: &Path, file: &SourceFile) -> Option<String> {
    let absolute = if file.path.is_absolute() {
        file.path.clone()
    } else {
        std::env::current_dir().ok()?.join(&file.path)
    };
    let mut parts: Vec<String> = Vec::new();
    for part in absolute.strip_prefix(root).ok()?.components() {
        match part {
            std::path::Component::Normal(name) => parts.push(name.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => {
                parts.pop()?;
            }
            _ => {}
        }
    }
    Some(parts.join("/"))
}

/// A file's path as reports key it: relative to the repository root when under it, else as
/// displayed.
pub fn report_path(root: Option<&Path>, file: &SourceFile) -> String {
    root.and_then(|root| relative_to(root, file))
        .unwrap_or_else(|| file.display.clone())
}
