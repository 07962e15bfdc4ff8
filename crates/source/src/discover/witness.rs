//! What a discovery asked the filesystem, with the answers: while every answer stays the same,
//! discovering again would give the same result, so a run may reuse it.
//!
//! Discovery's result depends only on the listings of the directories it walked, the ignore
//! files it read (or found missing), whether each path exists and what it is, and the
//! canonical paths and repository roots it resolved. Each directory listed, each ignore file
//! looked for, each path looked at is recorded with its [`Stamp`] (a directory's changes when
//! an entry is added, removed or renamed; a file's when it is written); each path resolved with
//! its canonical form. A recorded stamp proves nothing unless it is
//! [settled](Stamp::settled) (a change in the same clock tick would leave it equal), so a
//! discovery with a recent answer keeps no witness at all.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::stamp::Stamp;

/// One question and its answer.
#[derive(Debug)]
enum Fact {
    /// The stamp of a path (`None`: nothing there).
    Stamp(PathBuf, Option<Stamp>),
    /// The canonical form of a path (`None`: it could not be resolved).
    Canonical(PathBuf, Option<PathBuf>),
}

/// The questions of one discovery and their answers (cheap to clone: shared).
#[derive(Debug, Clone)]
pub struct Witness {
    /// When the discovery started, before anything was asked.
    started: SystemTime,
    facts: Arc<Mutex<Vec<Fact>>>,
}

impl Witness {
    /// An empty witness for a discovery starting now.
    pub(super) fn new() -> Witness {
        Witness {
            started: SystemTime::now(),
            facts: Arc::default(),
        }
    }

    /// Records the stamp of `path`.
    pub(super) fn stamp(&self, path: &Path) {
        let stamp = Stamp::of(path);
        self.record(Fact::Stamp(path.to_path_buf(), stamp));
    }

    /// Resolves `path` and records its canonical form.
    pub(super) fn canonical(&self, path: &Path) -> Option<PathBuf> {
        let canonical = std::fs::canonicalize(path).ok();
        self.record(Fact::Canonical(path.to_path_buf(), canonical.clone()));
        canonical
    }

    fn record(&self, fact: Fact) {
        self.facts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(fact);
    }

    fn facts(&self) -> std::sync::MutexGuard<'_, Vec<Fact>> {
        self.facts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether every stamp recorded proves its state (see [`Stamp::settled`]).
    pub(super) fn settled(&self) -> bool {
        self.facts().iter().all(|fact| match fact {
            Fact::Stamp(_, Some(stamp)) => stamp.settled(self.started),
            _ => true,
        })
    }

    /// Whether every question still has the same answer: discovering again would give the
    /// same result.
    pub fn holds(&self) -> bool {
        self.facts().iter().all(|fact| match fact {
            Fact::Stamp(path, stamp) => Stamp::of(path) == *stamp,
            Fact::Canonical(path, canonical) => std::fs::canonicalize(path).ok() == *canonical,
        })
    }
}

#[cfg(test)]
#[path = "witness_tests.rs"]
mod tests;
