//! `.gitignore` rules, read by repl-lint itself so that only files inside the repository root are
//! read: each directory's `.gitignore` and `.ignore` (which wins over it, as in ripgrep) from the
//! root down to the file (a deeper directory's rules win, and the last matching line wins), and
//! at the root `.git/info/exclude` below them.
//! Nothing above the root, no global excludes file and no Git configuration is read. A
//! `.gitignore` that cannot be read (a FIFO, a link out of the root, over the size limit) is
//! recorded as refused and has no rules.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::Witness;
use crate::fsread::{self, Confine, MaxFileSize, Refused};

/// The ignore rules of one repository root, built per directory on first use.
pub(super) struct Rules {
    /// The canonical repository root (`[root]`, for [`Confine::Roots`]).
    root: [PathBuf; 1],
    limit: MaxFileSize,
    /// Each directory's rules (`None`: it has none).
    by_dir: Mutex<HashMap<PathBuf, Option<Arc<Gitignore>>>>,
    /// Ignore files that exist but could not be read: path and reason.
    pub refused: Mutex<Vec<(PathBuf, String)>>,
    /// Where the ignore files looked for are recorded, when discovery keeps a witness.
    witness: Option<Witness>,
}

impl Rules {
    /// The rules of the repository at `root` (canonical).
    pub fn new(root: PathBuf, limit: MaxFileSize, witness: Option<Witness>) -> Rules {
        Rules {
            root: [root],
            limit,
            by_dir: Mutex::new(HashMap::new()),
            refused: Mutex::new(Vec::new()),
            witness,
        }
    }

    /// Whether `path` (canonical, inside the root) is ignored.
    pub fn ignored(&self, path: &Path, is_dir: bool) -> bool {
        let Ok(relative) = path.strip_prefix(&self.root[0]) else {
            return false;
        };
        let mut dirs = vec![self.root[0].clone()];
        if let Some(parent) = relative.parent() {
            for part in parent.components() {
                let next = dirs[dirs.len() - 1].join(part);
                dirs.push(next);
            }
        }
        for dir in dirs.iter().rev() {
            let Some(rules) = self.of(dir) else {
                continue;
            };
            match rules.matched(path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
        false
    }

    /// The rules of one directory.
    fn of(&self, dir: &Path) -> Option<Arc<Gitignore>> {
        let cached = self.cache().get(dir).cloned();
        if let Some(rules) = cached {
            return rules;
        }
        let rules = self.build(dir).map(Arc::new);
        self.cache().insert(dir.to_path_buf(), rules.clone());
        rules
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Option<Arc<Gitignore>>>> {
        self.by_dir
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn build(&self, dir: &Path) -> Option<Gitignore> {
        let mut builder = GitignoreBuilder::new(dir);
        let mut any = false;
        let mut files = Vec::new();
        if dir == self.root[0] && self.stamped(&dir.join(".git")).is_dir() {
            files.push(dir.join(".git").join("info").join("exclude"));
        }
        files.push(dir.join(".gitignore"));
        files.push(dir.join(".ignore"));
        for file in files {
            let Some(text) = self.read(&file) else {
                continue;
            };
            for line in text.lines() {
                // A line that is not a valid pattern is skipped, as Git does.
                any |= builder.add_line(Some(file.clone()), line).is_ok();
            }
        }
        if !any {
            return None;
        }
        builder.build().ok()
    }

    /// `path`, recorded in the witness (if any) before it is looked at.
    fn stamped<'p>(&self, path: &'p Path) -> &'p Path {
        if let Some(w) = &self.witness {
            w.stamp(path);
        }
        path
    }

    /// An ignore file's text; `None` when it does not exist or is refused (recorded).
    fn read(&self, file: &Path) -> Option<String> {
        // Only what exists is read: a missing ignore file is the usual case, not a refusal.
        std::fs::symlink_metadata(self.stamped(file)).ok()?;
        match fsread::read_text(file, Confine::Roots(&self.root), self.limit) {
            Ok(text) => Some(text),
            Err(Refused::Missing) => None,
            Err(refused) => {
                let mut list = self
                    .refused
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                list.push((file.to_path_buf(), format!("cannot read: {refused}")));
                None
            }
        }
    }
}
