//! Linting a named file in its context: a Terraform file is part of its module directory, so
//! `repl-lint infra/iam.tf` lints `infra/` (a defect may only show with the file's neighbours)
//! and reports the findings located in `infra/iam.tf`. Standard input (`-` with
//! `--stdin-filename`) stands in for that file.

use std::io::Read;
use std::path::{Path, PathBuf};

use repl_lint_source::diagnostic::Diagnostic;
use repl_lint_source::{Overlay, SourceDb, lexical_normal};

/// The most read from standard input.
const MAX_STDIN: u64 = 64 << 20;

/// What a run lints and which of its findings it reports.
#[derive(Debug, Default)]
pub struct Focus {
    /// The paths to lint: each Terraform file replaced by its directory.
    pub paths: Vec<PathBuf>,
    /// Report only findings located under one of these (files or directories), when set.
    pub report_only: Option<Vec<PathBuf>>,
}

/// True for a file that belongs to a Terraform module directory.
fn is_terraform_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.ends_with(".tf") || name.ends_with(".tf.json")
}

/// The directory a file is linted with (`.` for a bare file name).
fn directory_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The path under which a file's text is found when its directory is walked: the directory
/// joined with the file name, as the walk spells it.
fn walked_path(path: &Path) -> PathBuf {
    directory_of(path).join(path.file_name().unwrap_or_default())
}

/// Widens each Terraform file among `paths`, and the file read from standard input, to its
/// directory; the findings are then limited to what was named.
pub fn widen(paths: Vec<PathBuf>, overlay: &Overlay) -> Focus {
    let names_a_module_file = |p: &PathBuf| {
        overlay.get(&walked_path(p)).is_some() || (is_terraform_file(p) && p.is_file())
    };
    if !paths.iter().any(names_a_module_file) {
        return Focus {
            paths,
            report_only: None,
        };
    }
    let mut widened: Vec<PathBuf> = Vec::new();
    for path in &paths {
        let lint = if names_a_module_file(path) {
            directory_of(path)
        } else {
            path.clone()
        };
        if !widened.contains(&lint) {
            widened.push(lint);
        }
    }
    Focus {
        paths: widened,
        report_only: Some(paths.iter().map(|p| absolute(p)).collect()),
    }
}

/// Keeps the diagnostics located under one of `report_only`.
pub fn retain(report_only: &[PathBuf], db: &SourceDb, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain(|d| {
        let file = absolute(&db.file(d.primary.file).path);
        report_only.iter().any(|named| file.starts_with(named))
    });
}

/// A path made absolute against the working directory, with `.` and `..` applied as text (no
/// links followed, so a file that exists only in the overlay compares too).
fn absolute(path: &Path) -> PathBuf {
    let joined = std::env::current_dir()
        .map(|cwd| cwd.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    lexical_normal(&joined)
}

/// Reads standard input (at most 64 MiB) as the text of `name`, which need not exist on disk.
pub fn read_stdin(name: &Path, overlay: &mut Overlay) -> Result<(), String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_STDIN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    if bytes.len() as u64 > MAX_STDIN {
        return Err("standard input is larger than 64 MiB".to_string());
    }
    let text = String::from_utf8_lossy(&bytes);
    overlay.set(walked_path(name), text.as_ref().into());
    Ok(())
}
