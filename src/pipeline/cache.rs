//! What a run keeps for the next one when runs follow each other on the same files (the
//! language server's).

use super::components::ComponentFindings;
use super::kept::{KeptDiscovery, KeptFiles};
use crate::source::SourceFile;
use crate::suppress::Suppressions;
use crate::syntax::hcl;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

/// Results kept between runs: each stage that can reuse its work on a file whose text did not
/// change keeps it here, bounded by the files of the last run.
#[derive(Default)]
pub struct Cache {
    /// Terraform files (and variable files) parsed and lowered, and the resources of each root
    /// module's own files.
    pub terraform: hcl::Cache,
    /// The findings of each component of the model.
    pub components: ComponentFindings,
    /// The last discovery, with its witness (`pipeline::kept`).
    pub(super) discovery: Mutex<Option<KeptDiscovery>>,
    /// The files the last run read, with what proves each unchanged.
    pub(super) files: Mutex<KeptFiles>,
    /// The suppression comments of the last run's files, by path, with the file they were read
    /// from (the same shared file when it did not change).
    pub(super) suppressions: Mutex<HashMap<PathBuf, (Arc<SourceFile>, Suppressions)>>,
    reused: Mutex<Reused>,
}

/// What the last run with a cache took over from the run before it.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reused {
    /// Its discovery, proven unchanged.
    pub discovery: bool,
    /// Files not read again.
    pub files: usize,
    /// Files whose suppression comments were not looked for again.
    pub suppressions: usize,
}

impl Cache {
    /// What the last run took over from the run before it.
    pub fn reused(&self) -> Reused {
        *lock(&self.reused)
    }

    /// Records what the current run took over, through `update`.
    pub(super) fn record(&self, update: impl FnOnce(&mut Reused)) {
        update(&mut lock(&self.reused));
    }
}

/// Locks one of the cache's parts (a run that panicked leaves it as it was: still valid).
pub(super) fn lock<T>(part: &Mutex<T>) -> MutexGuard<'_, T> {
    part.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("lowered_files", &self.terraform.files.len())
            .field("components", &self.components.len())
            .field("reused", &self.reused())
            .finish()
    }
}
