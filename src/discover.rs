//! Discovery: walks the given paths (honouring `.gitignore`, skipping `.git/` and `.terraform/`)
//! and groups lintable files by configuration unit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::source::Overlay;

/// What a discovered file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A Terraform `.tf` file.
    Terraform,
    /// `terraform.tfvars` or `*.auto.tfvars`.
    TfVars,
    /// YAML, JSON or `.template`: a CloudFormation template when its content says so.
    MaybeTemplate,
    /// Anything else (counted, not read).
    Skipped,
}

/// The files of one Terraform module directory.
#[derive(Debug, Default)]
pub struct ModuleFiles {
    /// `.tf` files, sorted.
    pub terraform: Vec<PathBuf>,
    /// Variable files in increasing precedence: `terraform.tfvars`, `terraform.tfvars.json`, then
    /// `*.auto.tfvars[.json]` by name.
    pub tfvars: Vec<PathBuf>,
}

/// The result of discovery.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Terraform modules by directory, sorted.
    pub modules: BTreeMap<PathBuf, ModuleFiles>,
    /// Files that may be CloudFormation templates, sorted.
    pub maybe_templates: Vec<PathBuf>,
    /// How many files were skipped as not lintable.
    pub skipped: usize,
}

/// Classifies a file by its name.
pub fn classify(path: &Path) -> FileKind {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.ends_with(".tf") || name.ends_with(".tf.json") {
        FileKind::Terraform
    } else if name == "terraform.tfvars"
        || name.ends_with(".auto.tfvars")
        || name == "terraform.tfvars.json"
        || name.ends_with(".auto.tfvars.json")
    {
        FileKind::TfVars
    } else if [".yaml", ".yml", ".json", ".template"]
        .iter()
        .any(|ext| name.ends_with(ext))
    {
        FileKind::MaybeTemplate
    } else {
        FileKind::Skipped
    }
}

/// Walks `paths` (files or directories). A path that does not exist is an error. The paths of
/// `overlay` that are not on disk (an editor's new, unsaved buffers) are found too when they lie
/// under one of the directories.
pub fn discover(paths: &[PathBuf], overlay: &Overlay) -> Result<Discovered, String> {
    let found = Mutex::new(Vec::new());
    for unsaved in overlay.paths().filter(|p| !p.exists()) {
        if paths
            .iter()
            .any(|dir| dir.is_dir() && unsaved.starts_with(dir))
        {
            push(&found, unsaved.to_path_buf());
        }
    }
    for path in paths {
        if !path.exists() {
            return Err(format!("{}: no such file or directory", path.display()));
        }
        if path.is_file() {
            push(&found, path.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .require_git(false)
            .filter_entry(|e| {
                let name = e.file_name();
                !(e.depth() > 0 && (name == ".git" || name == ".terraform"))
            })
            .build_parallel();
        walker.run(|| {
            Box::new(|entry| {
                if let Ok(entry) = entry
                    && entry.file_type().is_some_and(|t| t.is_file())
                {
                    push(&found, entry.into_path());
                }
                ignore::WalkState::Continue
            })
        });
    }
    let mut files = found
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    files.sort();
    files.dedup();
    let mut out = Discovered::default();
    for file in files {
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        match classify(&file) {
            FileKind::Terraform => out.modules.entry(dir).or_default().terraform.push(file),
            FileKind::TfVars => out.modules.entry(dir).or_default().tfvars.push(file),
            FileKind::MaybeTemplate => out.maybe_templates.push(file),
            FileKind::Skipped => out.skipped += 1,
        }
    }
    // Variable files alone do not make a module.
    out.modules.retain(|_, m| !m.terraform.is_empty());
    for module in out.modules.values_mut() {
        module.tfvars.sort_by_key(|p| (tfvars_rank(p), p.clone()));
    }
    Ok(out)
}

/// Terraform's loading order: `terraform.tfvars`, `terraform.tfvars.json`, then the
/// `*.auto.tfvars[.json]` files by name.
fn tfvars_rank(path: &Path) -> u8 {
    match path.file_name().and_then(|n| n.to_str()) {
        Some("terraform.tfvars") => 0,
        Some("terraform.tfvars.json") => 1,
        _ => 2,
    }
}

fn push(found: &Mutex<Vec<PathBuf>>, path: PathBuf) {
    if let Ok(mut files) = found.lock() {
        files.push(path);
    }
}

/// The Terraform files of one module directory, sorted: for module directories that the walk did
/// not reach (outside the given paths, or under `.terraform/modules`).
pub fn terraform_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| classify(p) == FileKind::Terraform)
        .collect();
    files.sort();
    files
}

/// The repository root of a linted path: the nearest ancestor (or the path itself) that holds
/// `.git`, else the path itself (its directory, for a file). Canonical when possible. Module
/// sources never reach outside it.
pub fn repository_root(path: &Path) -> PathBuf {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = if path.is_file() {
        path.parent().map(Path::to_path_buf).unwrap_or(path)
    } else {
        path
    };
    dir.ancestors()
        .find(|a| a.join(".git").exists())
        .map_or_else(|| dir.clone(), Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_files_follow_terraforms_loading_order() {
        let mut files: Vec<PathBuf> = [
            "b.auto.tfvars",
            "terraform.tfvars.json",
            "a.auto.tfvars.json",
            "terraform.tfvars",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        files.sort_by_key(|p| (tfvars_rank(p), p.clone()));
        let names: Vec<&str> = files.iter().filter_map(|p| p.to_str()).collect();
        assert_eq!(
            names,
            [
                "terraform.tfvars",
                "terraform.tfvars.json",
                "a.auto.tfvars.json",
                "b.auto.tfvars"
            ]
        );
    }
}
