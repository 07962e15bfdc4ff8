//! What a path looked like on disk, so that a run can prove that a file or directory is as an
//! earlier run saw it without reading it again (the language server's runs).
//!
//! A [`Stamp`] is the identity (device, inode), kind, permissions, size and modification and
//! change times of a path, its last component not followed. Writing a file changes its times;
//! adding, removing or renaming an entry changes its directory's; anything else (permissions,
//! links, renames) changes the change time, which no one can set. Times are coarse, though: two
//! writes within one tick of the filesystem's clock (up to a jiffy, or a second or two on some
//! filesystems) leave the same times. A stamp therefore only counts as proof when it was
//! [`Stamp::settled`]: its change time lies [`MARGIN`] before the run that took it started, so
//! that any later change gets other times. Only Unix gives the change time: elsewhere there is
//! no stamp, and nothing is reused.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// How long before a run a path must have last changed for its stamp to prove anything: more
/// than the coarsest timestamp granularity of the filesystems a workspace lives on (2 s, FAT's).
pub const MARGIN: Duration = Duration::from_secs(2);

/// A path's state on disk (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    device: u64,
    inode: u64,
    /// The file type and permission bits.
    mode: u32,
    /// A regular file.
    file: bool,
    /// A symbolic link.
    link: bool,
    /// Size in bytes.
    pub len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    /// The stamp of `path`, its last component not followed (a link is stamped as a link);
    /// `None` when nothing can be stat'ed there (missing, or not allowed).
    #[cfg(unix)]
    pub fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::symlink_metadata(path).ok()?;
        Some(Stamp {
            device: m.dev(),
            inode: m.ino(),
            mode: m.mode(),
            file: m.file_type().is_file(),
            link: m.file_type().is_symlink(),
            len: m.size(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
        })
    }

    /// No stamps off Unix: nothing is ever proven unchanged.
    #[cfg(not(unix))]
    pub fn of(_path: &Path) -> Option<Stamp> {
        None
    }

    /// True for a regular file (not a link, directory or special file).
    pub fn is_file(&self) -> bool {
        self.file
    }

    /// Whether the stamp proves the state it was taken of: the path last changed [`MARGIN`]
    /// before `run_start` (taken before the path was stat'ed or read), so any later change shows
    /// in its times. A link never does: what it points to is not stamped.
    pub fn settled(&self, run_start: SystemTime) -> bool {
        let Some(before) = run_start.checked_sub(MARGIN) else {
            return false;
        };
        let Ok(before) = before.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let before = (
            i64::try_from(before.as_secs()).unwrap_or(i64::MAX),
            i64::from(before.subsec_nanos()),
        );
        !self.link && self.changed < before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_changes_with_the_file_and_settles_after_the_margin() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.tf");
        std::fs::write(&file, "a").unwrap();
        let first = Stamp::of(&file).unwrap();
        assert!(first.is_file());
        assert!(!first.settled(SystemTime::now()));
        assert!(first.settled(SystemTime::now() + MARGIN + Duration::from_millis(10)));
        std::fs::write(&file, "bb").unwrap();
        assert_ne!(Stamp::of(&file), Some(first));
        assert_eq!(Stamp::of(&dir.path().join("missing")), None);
    }
}
