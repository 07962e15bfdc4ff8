//! What the language server's runs keep of each other's discovery and reading (through the
//! [`Cache`](super::Cache)), each with what proves it still holds, so that a run takes over
//! exactly what a fresh run would find again.
//!
//! Files on disk are proven unchanged by their [`Stamp`] (taken when they were read, settled
//! before the run started, compared with a new one; see `repl_lint_source::stamp`) and by the
//! canonical form of their directory (the confinement to the repository roots); documents of
//! the overlay by their text. A discovery is proven by its [`Witness`]. Both are checked on
//! every run: the server cannot count on its client to report changes on disk.

use crate::discover::{Discovered, Witness};
use crate::source::stamp::Stamp;
use crate::source::{Overlay, SourceFile};
use crate::{Options, fsread};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// A discovery and what it depended on.
pub(super) struct KeptDiscovery {
    /// The paths walked, the overlay's paths and the size limit of ignore files.
    key: DiscoveryKey,
    discovered: Discovered,
    witness: Witness,
}

#[derive(PartialEq)]
struct DiscoveryKey {
    paths: Vec<PathBuf>,
    overlay: Vec<PathBuf>,
    limit: fsread::MaxFileSize,
}

impl DiscoveryKey {
    fn of(paths: &[PathBuf], options: &Options) -> DiscoveryKey {
        DiscoveryKey {
            paths: paths.to_vec(),
            overlay: options.overlay.paths().map(Path::to_path_buf).collect(),
            limit: options.max_file_size,
        }
    }
}

impl KeptDiscovery {
    /// The kept discovery of `paths` when its witness still holds for `options`.
    pub fn reuse(
        kept: &Option<KeptDiscovery>,
        paths: &[PathBuf],
        options: &Options,
    ) -> Option<Discovered> {
        let kept = kept.as_ref()?;
        (kept.key == DiscoveryKey::of(paths, options) && kept.witness.holds())
            .then(|| kept.discovered.clone())
    }

    /// Keeps a discovery of `paths` proven by `witness`.
    pub fn new(
        paths: &[PathBuf],
        options: &Options,
        discovered: &Discovered,
        witness: Witness,
    ) -> KeptDiscovery {
        KeptDiscovery {
            key: DiscoveryKey::of(paths, options),
            discovered: discovered.clone(),
            witness,
        }
    }
}

/// The files a run read, by path, and what reading them depended on: the working directory
/// (display paths), the repository roots (confinement) and the size limit.
#[derive(Default)]
pub(super) struct KeptFiles {
    context: Option<ReadContext>,
    by_path: HashMap<PathBuf, KeptFile>,
}

#[derive(PartialEq)]
struct ReadContext {
    cwd: PathBuf,
    roots: Vec<PathBuf>,
    limit: fsread::MaxFileSize,
}

/// A file as read, and where its text came from.
pub(super) struct KeptFile {
    file: Arc<SourceFile>,
    origin: Origin,
}

/// Where a file's text came from.
enum Origin {
    /// The overlay: this text.
    Overlay(Arc<str>),
    /// Disk, confined to the roots or not: the canonical form of its directory and the file's
    /// stamp.
    Disk {
        confined: bool,
        dir: PathBuf,
        stamp: Stamp,
    },
}

/// One run's reading with what the last run kept.
pub(super) struct Reuse {
    started: SystemTime,
    context: ReadContext,
    kept: HashMap<PathBuf, KeptFile>,
    /// The canonical form of each directory read from (`None`: unresolved).
    dirs: HashMap<PathBuf, Option<PathBuf>>,
    /// How many files were taken over.
    reused: usize,
}

impl Reuse {
    /// Starts a run that reads `paths` (files, confined or not), taking over `kept` when it was
    /// read in the same context.
    pub fn start(
        kept: KeptFiles,
        cwd: &Path,
        roots: &[PathBuf],
        options: &Options,
        paths: &[(&PathBuf, fsread::Confine)],
    ) -> Reuse {
        let started = SystemTime::now();
        let context = ReadContext {
            cwd: cwd.to_path_buf(),
            roots: roots.to_vec(),
            limit: options.max_file_size,
        };
        let kept = if kept.context.as_ref() == Some(&context) {
            kept.by_path
        } else {
            HashMap::new()
        };
        let mut dirs = HashMap::new();
        for (path, _) in paths {
            if let Some(dir) = path.parent()
                && !dirs.contains_key(dir)
            {
                dirs.insert(dir.to_path_buf(), std::fs::canonicalize(dir).ok());
            }
        }
        Reuse {
            started,
            context,
            kept,
            dirs,
            reused: 0,
        }
    }

    /// Takes, for each of `paths`, the file kept for it when reading it again would give the
    /// same: the same overlay text, or the same file on disk (same stamp, same canonical
    /// directory, same confinement).
    pub fn take(
        &mut self,
        paths: &[(&PathBuf, fsread::Confine)],
        overlay: &Overlay,
    ) -> Vec<Option<KeptFile>> {
        let candidates: Vec<Option<KeptFile>> = paths
            .iter()
            .map(|(path, _)| self.kept.remove(*path))
            .collect();
        let on_disk: Vec<&Path> = paths
            .iter()
            .zip(&candidates)
            .filter(|((path, _), kept)| {
                matches!(kept, Some(k) if matches!(k.origin, Origin::Disk { .. }))
                    && overlay.get(path).is_none()
            })
            .map(|((path, _), _)| path.as_path())
            .collect();
        let mut stamps = stamps_of(&on_disk).into_iter();
        let taken: Vec<Option<KeptFile>> = paths
            .iter()
            .zip(candidates)
            .map(|(&(path, confine), kept)| {
                let kept = kept?;
                let same = match (&kept.origin, overlay.get(path)) {
                    (Origin::Overlay(was), Some(now)) => was == now,
                    (
                        Origin::Disk {
                            confined,
                            dir,
                            stamp,
                        },
                        None,
                    ) => {
                        let now = stamps.next().flatten();
                        *confined == is_confined(confine)
                            && self.dir_of(path) == Some(dir)
                            && now.as_ref() == Some(stamp)
                    }
                    _ => false,
                };
                same.then_some(kept)
            })
            .collect();
        self.reused = taken.iter().flatten().count();
        taken
    }

    /// How many files were taken over so far.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// What proves a file just read (`file`) unchanged in the next run, if anything does: a
    /// regular file's settled stamp (taken after the reading, so a change while it was read
    /// is seen) and its directory, or its overlay text.
    pub fn keep(
        &self,
        path: &Path,
        confine: fsread::Confine,
        overlay: &Overlay,
        file: Arc<SourceFile>,
    ) -> Option<KeptFile> {
        let origin = match overlay.get(path) {
            Some(text) => Origin::Overlay(text.clone()),
            None => {
                let stamp = Stamp::of(path).filter(|s| s.is_file() && s.settled(self.started))?;
                Origin::Disk {
                    confined: is_confined(confine),
                    dir: self.dir_of(path)?.clone(),
                    stamp,
                }
            }
        };
        Some(KeptFile { file, origin })
    }

    fn dir_of(&self, path: &Path) -> Option<&PathBuf> {
        self.dirs.get(path.parent()?)?.as_ref()
    }

    /// What the next run takes over: the files of this run that can be proven unchanged.
    pub fn finish(self, files: impl IntoIterator<Item = (PathBuf, KeptFile)>) -> KeptFiles {
        KeptFiles {
            context: Some(self.context),
            by_path: files.into_iter().collect(),
        }
    }
}

impl KeptFile {
    /// The file as read.
    pub fn file(&self) -> &Arc<SourceFile> {
        &self.file
    }
}

/// The stamps of `paths`, taken on every core: these few system calls a file are most of what a
/// run costs to take its files over. Threads of their own, not the thread pool, which may be busy
/// freeing the last run's results.
fn stamps_of(paths: &[&Path]) -> Vec<Option<Stamp>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Below a few hundred files, a thread costs more than it saves.
    let chunk = paths.len().div_ceil(threads).max(256);
    std::thread::scope(|scope| {
        let mut chunks = paths.chunks(chunk);
        let first = chunks.next().unwrap_or_default();
        let stamp_all = |part: &[&Path]| part.iter().map(|p| Stamp::of(p)).collect::<Vec<_>>();
        let others: Vec<_> = chunks
            .map(|part| (part.len(), scope.spawn(move || stamp_all(part))))
            .collect();
        let mut stamps = stamp_all(first);
        for (len, other) in others {
            // A thread that panicked stamps nothing: its files are read again.
            stamps.extend(other.join().unwrap_or_else(|_| vec![None; len]));
        }
        stamps
    })
}

fn is_confined(confine: fsread::Confine) -> bool {
    matches!(confine, fsread::Confine::Roots(_))
}
