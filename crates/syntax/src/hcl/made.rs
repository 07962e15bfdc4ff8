//! The resources a root module's own files gave in the last run (the language server's), with
//! everything their evaluation read, so that a run after an edit substitutes and expands again
//! only the files whose lowering changed.
//!
//! A file's resources are the same as a fresh run's when its lowering is the same (the same
//! shared [`ModuleFile`]) and so is everything substitution, expansion and
//! [`super::expand::fix_references`] read: the module's resolved variables and locals and the
//! substitution budget left ([`Scope::same_values`]), its module calls' outputs, the absent
//! resources, every address of the unit (those of the module calls' resources included, which
//! `depends_on` reads), and no evaluation limit reached; the reused files' charges are taken
//! from the budget as their substitutions would take them. The module instancer compares those;
//! when one differs after something was reused, it builds the unit again without reusing
//! anything (`modules.rs`).

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::ModuleFile;
use super::modules::Outputs;
use super::vars::Scope;
use crate::resource::{Configuration, Resource};

/// Each root module's [`RootMade`] by canonical directory, for the root modules of the last run.
#[derive(Default)]
pub(super) struct MadeRoots {
    entries: Mutex<HashMap<PathBuf, (Arc<RootMade>, bool)>>,
}

impl MadeRoots {
    /// What the last run made of the root module at `dir`.
    pub(super) fn get(&self, dir: &Path) -> Option<Arc<RootMade>> {
        let mut entries = self.lock();
        let (made, used) = entries.get_mut(dir)?;
        *used = true;
        Some(made.clone())
    }

    /// Keeps what this run made of the root module at `dir`.
    pub(super) fn put(&self, dir: &Path, made: RootMade) {
        self.lock()
            .insert(dir.to_path_buf(), (Arc::new(made), true));
    }

    /// Drops the root modules the run since the last call did not make, and starts a new run.
    pub(super) fn keep_only_used(&self) {
        let mut entries = self.lock();
        entries.retain(|_, (_, used)| *used);
        for (_, used) in entries.values_mut() {
            *used = false;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, (Arc<RootMade>, bool)>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The resources of a root module's own files, with what their evaluation read.
pub(super) struct RootMade {
    /// The module's variables and locals, resolved.
    pub scope: Scope,
    /// The substitution budget left when the resources were substituted.
    pub budget: usize,
    /// The outputs of the module's calls.
    pub outputs: Outputs,
    /// The addresses of the resources with no instance.
    pub absent: HashSet<String>,
    /// Every address of the unit, in order: read by `fix_references`, and those of the
    /// module calls' resources by `depends_on` on a call.
    pub addresses: Arc<Vec<String>>,
    /// Each file's share, by [`file_key`].
    pub files: HashMap<usize, FileMade>,
}

/// What one file of a root module gave.
pub(super) struct FileMade {
    /// The file's lowering (held, so that its [`file_key`] names no other file).
    pub file: Arc<ModuleFile>,
    /// The weight its substitutions charged to the module's budget.
    pub charged: usize,
    /// The addresses of its resources with no instance.
    pub absent: Vec<String>,
    /// Its resources: substituted, expanded and with their references fixed.
    pub resources: Vec<Arc<Resource>>,
}

/// What a root module instance read and made, before the unit's references are fixed.
pub(super) struct Making {
    /// See [`RootMade`].
    pub scope: Scope,
    /// See [`RootMade`].
    pub budget: usize,
    /// See [`RootMade`].
    pub outputs: Outputs,
    /// See [`RootMade`].
    pub absent: HashSet<String>,
    /// Each file's share, in order.
    pub shares: Vec<FileShare>,
}

impl Making {
    /// Where the resources taken from the last run are in the unit.
    pub(super) fn reused(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.shares
            .iter()
            .filter(|share| share.reused)
            .map(|share| share.range.clone())
    }

    /// What the next run may reuse, once the references of `unit` (with these `addresses`) are
    /// fixed.
    pub(super) fn finish(self, unit: &Configuration, addresses: Arc<Vec<String>>) -> RootMade {
        let files = self
            .shares
            .into_iter()
            .map(|share| {
                let made = FileMade {
                    resources: unit.resources[share.range].to_vec(),
                    file: share.file,
                    charged: share.charged,
                    absent: share.absent,
                };
                (file_key(&made.file), made)
            })
            .collect();
        RootMade {
            scope: self.scope,
            budget: self.budget,
            outputs: self.outputs,
            absent: self.absent,
            addresses,
            files,
        }
    }
}

/// What a root module instance made of one file, before the unit's references are fixed.
pub(super) struct FileShare {
    /// The file's lowering.
    pub file: Arc<ModuleFile>,
    /// The weight its substitutions charged.
    pub charged: usize,
    /// The addresses of its resources with no instance.
    pub absent: Vec<String>,
    /// Where its resources are in the unit.
    pub range: Range<usize>,
    /// Whether they were taken from the last run (already fixed).
    pub reused: bool,
}

/// The key of a file's lowering: the address of the shared [`ModuleFile`].
pub(super) fn file_key(file: &Arc<ModuleFile>) -> usize {
    Arc::as_ptr(file) as usize
}

#[cfg(test)]
#[path = "made_tests.rs"]
mod tests;
