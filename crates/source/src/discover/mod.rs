//! Discovery: walks the given paths (honouring the ignore files inside the repository root,
//! skipping `.git/` and `.terraform/`) and groups lintable files by configuration unit.

mod gitignore;
mod witness;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::Overlay;
use crate::fsread::MaxFileSize;
pub use witness::Witness;

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
#[derive(Debug, Default, Clone)]
pub struct ModuleFiles {
    /// `.tf` files, sorted.
    pub terraform: Vec<PathBuf>,
    /// Variable files in increasing precedence: `terraform.tfvars`, `terraform.tfvars.json`, then
    /// `*.auto.tfvars[.json]` by name.
    pub tfvars: Vec<PathBuf>,
}

/// The result of discovery.
#[derive(Debug, Default, Clone)]
pub struct Discovered {
    /// Terraform modules by directory, sorted.
    pub modules: BTreeMap<PathBuf, ModuleFiles>,
    /// Files that may be CloudFormation templates, sorted.
    pub maybe_templates: Vec<PathBuf>,
    /// How many files were skipped as not lintable.
    pub skipped: usize,
    /// The canonical repository root of each path ([`repository_root`]): nothing outside them
    /// is read.
    pub roots: Vec<PathBuf>,
    /// Directories and ignore files that could not be read, with the reason, sorted: each is
    /// reported (RL001) instead of being skipped silently.
    pub refused: Vec<(PathBuf, String)>,
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

/// Walks `paths` (files or directories). A path that does not exist, or a directory that cannot
/// be read, is an error. The paths of `overlay` that are not on disk (an editor's new, unsaved
/// buffers) are found too when they lie under one of the directories.
///
/// Only the `.gitignore` and `.ignore` files (and `.git/info/exclude`) inside each path's
/// repository root are obeyed ([`gitignore`]); every entry that is not a directory is listed, so that a lintable
/// name that is not a regular file is reported when it is read. Links are not followed into
/// directories.
pub fn discover(
    paths: &[PathBuf],
    overlay: &Overlay,
    limit: MaxFileSize,
) -> Result<Discovered, String> {
    discover_with(paths, overlay, limit, None)
}

/// [`discover`], also recording every question it asked the filesystem with the answer: the
/// [`Witness`] that proves, while it [`holds`](Witness::holds), that discovering again would
/// give the same result. `None` for the witness when some answer is too recent to prove it.
pub fn discover_witnessed(
    paths: &[PathBuf],
    overlay: &Overlay,
    limit: MaxFileSize,
) -> Result<(Discovered, Option<Witness>), String> {
    let witness = Witness::new();
    let discovered = discover_with(paths, overlay, limit, Some(&witness))?;
    Ok((discovered, witness.settled().then_some(witness)))
}

fn discover_with(
    paths: &[PathBuf],
    overlay: &Overlay,
    limit: MaxFileSize,
    witness: Option<&Witness>,
) -> Result<Discovered, String> {
    let found = Mutex::new(Vec::new());
    let refused = Mutex::new(Vec::new());
    let ask = |path: &Path| {
        if let Some(w) = witness {
            w.stamp(path);
        }
    };
    for unsaved in overlay.paths().filter(|p| {
        ask(p);
        !p.exists()
    }) {
        if paths.iter().any(|dir| {
            ask(dir);
            dir.is_dir() && unsaved.starts_with(dir)
        }) {
            push(&found, unsaved.to_path_buf());
        }
    }
    let mut roots = Vec::new();
    for path in paths {
        ask(path);
        let Ok(metadata) = std::fs::metadata(path) else {
            // An editor's unsaved buffer named on its own.
            if overlay.get(path).is_some() {
                roots.push(root_of(path, witness));
                push(&found, path.clone());
                continue;
            }
            return Err(format!("{}: no such file or directory", path.display()));
        };
        let root = root_of(path, witness);
        roots.push(root.clone());
        if !metadata.is_dir() {
            push(&found, path.clone());
            continue;
        }
        if let Err(e) = std::fs::read_dir(path) {
            return Err(format!(
                "{}: cannot read the directory: {e}",
                path.display()
            ));
        }
        walk(path, root, limit, witness, &found, &refused);
    }
    let mut files = found
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    files.sort();
    files.dedup();
    let mut out = Discovered {
        roots,
        refused: refused
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
        ..Discovered::default()
    };
    out.refused.sort();
    out.refused.dedup_by(|a, b| a.0 == b.0);
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

/// Walks one directory (in parallel), skipping `.git/`, `.terraform/` and what the repository's
/// ignore files exclude; subdirectories that cannot be read go to `refused`.
fn walk(
    dir: &Path,
    root: PathBuf,
    limit: MaxFileSize,
    witness: Option<&Witness>,
    found: &Mutex<Vec<PathBuf>>,
    refused: &Mutex<Vec<(PathBuf, String)>>,
) {
    let start = canonical(dir, witness).unwrap_or_else(|| dir.to_path_buf());
    let rules = Arc::new(gitignore::Rules::new(root, limit, witness.cloned()));
    let filter = {
        let (rules, dir) = (rules.clone(), dir.to_path_buf());
        move |e: &ignore::DirEntry| {
            let name = e.file_name();
            if e.depth() == 0 {
                return true;
            }
            if name == ".git" || name == ".terraform" {
                return false;
            }
            let Ok(relative) = e.path().strip_prefix(&dir) else {
                return true;
            };
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !rules.ignored(&start.join(relative), is_dir)
        }
    };
    // Every standard filter reads files of its own (parent directories' ignore files, the
    // global excludes file, Git configuration): all are off, `rules` stands for them.
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .filter_entry(filter)
        .build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|t| !t.is_dir()) {
                        push(found, entry.into_path());
                    } else if let Some(w) = witness {
                        // A directory listed: adding, removing or renaming an entry changes it.
                        w.stamp(entry.path());
                    }
                }
                Err(error) => {
                    if let Some(failure) = walk_failure(&error) {
                        if let Some(w) = witness {
                            w.stamp(&failure.0);
                        }
                        push(refused, failure);
                    }
                }
            }
            ignore::WalkState::Continue
        })
    });
    let ignore_refused = std::mem::take(
        &mut *rules
            .refused
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    );
    for failure in ignore_refused {
        push(refused, failure);
    }
}

/// The path and reason of a walk error that names a path (a directory that cannot be read).
fn walk_failure(error: &ignore::Error) -> Option<(PathBuf, String)> {
    match error {
        ignore::Error::WithPath { path, err } => {
            let reason = match err.io_error() {
                Some(e) => format!("cannot list the directory: {e}"),
                None => err.to_string(),
            };
            Some((path.clone(), reason))
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_failure(err)
        }
        ignore::Error::Partial(errors) => errors.iter().find_map(walk_failure),
        _ => None,
    }
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

fn push<T>(list: &Mutex<Vec<T>>, item: T) {
    list.lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(item);
}

/// The Terraform files of one module directory, sorted: for module directories that the walk did
/// not reach (outside the given paths, or under `.terraform/modules`). Every entry that is not a
/// directory counts, so that a Terraform name that is not a regular file is reported when read.
pub fn terraform_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .map(|e| e.path())
        .filter(|p| classify(p) == FileKind::Terraform)
        .collect();
    files.sort();
    Ok(files)
}

/// The repository root of a linted path: the nearest ancestor (or the path itself) that holds
/// `.git`, else the path itself (its directory, for a file). Canonical when possible. Nothing
/// outside it is read: files, ignore files, module sources, `file()` targets.
pub fn repository_root(path: &Path) -> PathBuf {
    root_of(path, None)
}

/// [`repository_root`], recording what it asks in `witness`.
fn root_of(path: &Path, witness: Option<&Witness>) -> PathBuf {
    let path = canonical(path, witness).unwrap_or_else(|| path.to_path_buf());
    if let Some(w) = witness {
        w.stamp(&path);
    }
    let dir = if !path.is_dir() {
        path.parent().map(Path::to_path_buf).unwrap_or(path)
    } else {
        path
    };
    dir.ancestors()
        .find(|a| {
            let git = a.join(".git");
            if let Some(w) = witness {
                w.stamp(&git);
            }
            git.exists()
        })
        .map_or_else(|| dir.clone(), Path::to_path_buf)
}

/// The canonical form of `path`, recorded in `witness`.
fn canonical(path: &Path, witness: Option<&Witness>) -> Option<PathBuf> {
    match witness {
        Some(w) => w.canonical(path),
        None => std::fs::canonicalize(path).ok(),
    }
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
