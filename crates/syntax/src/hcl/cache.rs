//! What the Terraform front end keeps between runs (the language server's): lowered files (a
//! file whose path, id and text are those of a previous run is not parsed again) and the
//! resources of each root module's own files ([`super::made`]).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use super::Lowered;
use super::made::MadeRoots;
use crate::resource::ParseError;
use repl_lint_source::{FileId, SourceDb};

/// What lowering one file gave.
type Result = std::result::Result<Lowered, ParseError>;

/// What the Terraform front end keeps between runs, bounded by the last run's files and root
/// modules ([`Cache::keep_only_used`]).
#[derive(Default)]
pub struct Cache {
    /// Each file's lowering.
    pub files: LoweredFiles,
    /// The resources each root module's own files gave.
    pub(super) roots: MadeRoots,
}

impl Cache {
    /// Drops the files and root modules the run since the last call did not use, and starts a
    /// new run.
    pub fn keep_only_used(&self) {
        self.files.keep_only_used();
        self.roots.keep_only_used();
    }
}

/// Each file's lowering by path, valid while the file keeps its id (the spans name it), its text
/// and its kind (module or variable file). A file that calls `file()` or `templatefile()` is
/// never kept: its lowering also depends on the files it reads. Holds only the files of the
/// last run ([`LoweredFiles::keep_only_used`]).
#[derive(Default)]
pub struct LoweredFiles {
    entries: Mutex<HashMap<PathBuf, Entry>>,
}

struct Entry {
    id: FileId,
    is_vars: bool,
    text: String,
    lowered: Result,
    /// Whether the current run asked for it.
    used: bool,
}

impl LoweredFiles {
    /// The lowering of file `id` of `db` (`is_vars`: as a variable file), from the cache when it
    /// holds this file with this text, else made by `lower` (and kept when it may be).
    pub(super) fn get_or_lower(
        &self,
        db: &SourceDb,
        id: FileId,
        is_vars: bool,
        lower: impl FnOnce() -> Result,
    ) -> Result {
        let file = db.file(id);
        let hit = self.lock().get_mut(&file.path).and_then(|entry| {
            let same = entry.id == id && entry.is_vars == is_vars && entry.text == file.text;
            entry.used |= same;
            same.then(|| entry.lowered.clone())
        });
        if let Some(lowered) = hit {
            return lowered;
        }
        let lowered = lower();
        if !reads_files(&file.text) {
            let entry = Entry {
                id,
                is_vars,
                text: file.text.clone(),
                lowered: lowered.clone(),
                used: true,
            };
            self.lock().insert(file.path.clone(), entry);
        }
        lowered
    }

    /// Drops the files the run since the last call did not ask for (deleted, renamed, or no
    /// longer linted) and starts a new run.
    pub fn keep_only_used(&self) {
        let mut entries = self.lock();
        entries.retain(|_, entry| entry.used);
        for entry in entries.values_mut() {
            entry.used = false;
        }
    }

    /// How many files are kept.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no file is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whether a file's text may call a function that reads files (`file`, `templatefile`, or any
/// other whose name holds `file`, such as `filebase64`): `file` followed by more name characters,
/// spaces and `(`, comments and strings included.
fn reads_files(text: &str) -> bool {
    text.match_indices("file").any(|(at, _)| {
        let rest =
            text[at + 4..].trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
        rest.trim_start().starts_with('(')
    })
}

#[cfg(test)]
#[path = "cache_tests.rs"]
mod tests;
