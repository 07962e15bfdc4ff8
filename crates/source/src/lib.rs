//! Source files: owns every file's text, hands out `FileId`s and byte `Span`s, and turns byte
//! offsets into 1-based line/column positions (columns count Unicode scalar values); reads files
//! from disk only through [`fsread`], finds them with [`discover`], and defines the [`diagnostic`]s
//! every later stage locates in them.

pub mod diagnostic;
pub mod discover;
pub mod fsread;
pub mod stamp;

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Index of a file inside a [`SourceDb`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range `start..end` inside one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The file the range lies in.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span over `range` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// The span that covers both `self` and `other` (same file assumed).
    pub fn cover(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// A sub-span `offset..offset+len` measured from this span's start.
    pub fn sub(self, offset: usize, len: usize) -> Span {
        let start = self.start as usize + offset;
        Span::new(self.file, start, start + len)
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A 1-based position: line and column (column in Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
}

/// One file's path and text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as found on disk.
    pub path: PathBuf,
    /// The path as reported: relative to the working directory when under it, `/` separators.
    pub display: String,
    /// The file's text (invalid UTF-8 replaced).
    pub text: String,
    line_starts: Vec<u32>,
    /// True when the text is ASCII: a column is then a byte distance.
    ascii: bool,
    /// Every [`CHECKPOINT`] bytes (on a character boundary): (byte offset, characters since the
    /// start of its line), so that a column on a very long line (a one-line plan) is counted from
    /// the nearest checkpoint, not from the line start. Empty for ASCII text.
    checkpoints: Vec<(u32, u32)>,
}

/// The offset of every line start: 0 and each offset after a newline. Eight bytes are tested
/// at once, so that a plan of a hundred megabytes is indexed quickly.
fn line_starts(text: &str) -> Vec<u32> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    const NEWLINES: u64 = u64::from_le_bytes([b'\n'; 8]);
    let bytes = text.as_bytes();
    let mut starts = vec![0u32];
    let mut push_newlines = |from: usize, part: &[u8]| {
        for (i, &b) in part.iter().enumerate() {
            if b == b'\n' {
                starts.push(clamp_u32(from + i + 1));
            }
        }
    };
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let mut le = [0u8; 8];
        le.copy_from_slice(word);
        // Zero bytes of `x` are the newlines of the word.
        let x = u64::from_le_bytes(le) ^ NEWLINES;
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            push_newlines(at, word);
        }
        at += 8;
    }
    push_newlines(at, words.remainder());
    starts
}

/// Distance between column checkpoints on long lines.
const CHECKPOINT: usize = 1 << 16;

impl SourceFile {
    /// Wraps a file's text and indexes its line starts.
    pub fn new(path: PathBuf, display: String, text: String) -> SourceFile {
        let line_starts = line_starts(&text);
        let ascii = text.is_ascii();
        let checkpoints = if ascii {
            Vec::new()
        } else {
            checkpoints(&text)
        };
        SourceFile {
            path,
            display,
            text,
            line_starts,
            ascii,
            checkpoints,
        }
    }

    /// The 1-based line and character column of a byte offset (clamped to the text).
    pub fn position(&self, offset: u32) -> Position {
        let (end, line_idx, line_start) = self.char_line_of(offset);
        let column = if self.ascii {
            end - line_start
        } else {
            // Count from the nearest checkpoint on this line, else from the line start.
            let before = self
                .checkpoints
                .partition_point(|&(at, _)| at as usize <= end);
            let checkpoint = before.checked_sub(1).and_then(|i| self.checkpoints.get(i));
            let (from, counted) = match checkpoint {
                Some(&(at, chars)) if at as usize >= line_start => (at as usize, chars as usize),
                _ => (line_start, 0),
            };
            counted + self.text.get(from..end).map_or(0, |s| s.chars().count())
        };
        Position {
            line: clamp_u32(line_idx + 1),
            column: clamp_u32(column + 1),
        }
    }

    /// The 1-based line and UTF-8 byte column of a byte offset (clamped to the text), for
    /// formats that count columns in bytes (reviewdog's).
    pub fn byte_position(&self, offset: u32) -> Position {
        let (offset, line_idx, line_start) = self.line_of(offset);
        Position {
            line: clamp_u32(line_idx + 1),
            column: clamp_u32(offset - line_start + 1),
        }
    }

    /// Like [`SourceFile::line_of`], with the offset moved back to a character boundary.
    fn char_line_of(&self, offset: u32) -> (usize, usize, usize) {
        let (mut offset, line_idx, line_start) = self.line_of(offset);
        while offset > line_start && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        (offset, line_idx, line_start)
    }

    /// The byte range of the 0-based lines `first..=last` (clamped to the text), line ends
    /// included: a window over the text whose cost does not depend on the text's size.
    pub fn line_range(&self, first: usize, last: usize) -> std::ops::Range<usize> {
        let start_of = |line: usize| {
            self.line_starts
                .get(line)
                .map_or(self.text.len(), |&s| s as usize)
        };
        start_of(first)..start_of(last.saturating_add(1)).max(start_of(first))
    }

    /// The 0-based line index of a byte offset (clamped to the text).
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_of(clamp_u32(offset)).1
    }

    /// The offset clamped to the text, its 0-based line index and that line's start offset.
    fn line_of(&self, offset: u32) -> (usize, usize, usize) {
        let offset = (offset as usize).min(self.text.len());
        let line_idx = self
            .line_starts
            .partition_point(|&s| s as usize <= offset)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line_idx).copied().unwrap_or(0) as usize;
        (offset, line_idx, line_start)
    }

    /// The 0-based line and UTF-16 code-unit column of a byte offset (clamped to the text), as
    /// the Language Server Protocol counts positions.
    pub fn utf16_position(&self, offset: u32) -> (u32, u32) {
        let (end, line_idx, line_start) = self.char_line_of(offset);
        let column = if self.ascii {
            end - line_start
        } else {
            self.text
                .get(line_start..end)
                .map_or(0, |s| s.chars().map(char::len_utf16).sum())
        };
        (clamp_u32(line_idx), clamp_u32(column))
    }

    /// The byte offset where a 1-based line starts (the text's length past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        line.checked_sub(1)
            .and_then(|i| self.line_starts.get(i))
            .map_or(self.text.len(), |&s| s as usize)
    }

    /// The text of a span, or "" when the span is out of range.
    pub fn slice(&self, span: Span) -> &str {
        self.get(span).unwrap_or("")
    }

    /// The text of a span, or `None` when it is out of range or not on character boundaries.
    pub fn get(&self, span: Span) -> Option<&str> {
        self.text.get(span.start as usize..span.end as usize)
    }
}

/// Column checkpoints of a non-ASCII text: about every [`CHECKPOINT`] bytes, the characters
/// counted since the start of the line.
fn checkpoints(text: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut chars_since_line_start = 0usize;
    let mut next = CHECKPOINT;
    for (i, c) in text.char_indices() {
        if i >= next {
            out.push((clamp_u32(i), clamp_u32(chars_since_line_start)));
            next = i + CHECKPOINT;
        }
        if c == '\n' {
            chars_since_line_start = 0;
        } else {
            chars_since_line_start += 1;
        }
    }
    out
}

/// Every file of a run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceDb {
    /// Shared, so that a later run can take over a file it finds unchanged.
    files: Vec<Arc<SourceFile>>,
    /// Files that parsing wanted to read and that were refused (see [`crate::fsread`]): path
    /// and reason. Recorded from parallel parsing; the run reports each as RL001.
    refused: Mutex<Vec<(PathBuf, String)>>,
    /// Directories resolved on disk: canonical form and repository root ([`SourceDb::resolve_dir`]).
    dirs: Mutex<HashMap<PathBuf, Option<ResolvedDir>>>,
    /// The files by canonical path, built on the first [`SourceDb::by_canonical_path`].
    by_canonical: OnceLock<HashMap<PathBuf, FileId>>,
}

/// A directory as found on disk, resolved once per run (see [`SourceDb::resolve_dir`]).
#[derive(Debug, Clone)]
pub struct ResolvedDir {
    /// The canonical path (links resolved).
    pub canonical: PathBuf,
    /// The repository root it belongs to.
    pub root: PathBuf,
}

impl SourceDb {
    /// Records a file that could not be read, with the reason.
    pub fn refuse(&self, path: PathBuf, reason: String) {
        self.refused
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((path, reason));
    }

    /// The refused files recorded so far, sorted and each once.
    pub fn take_refused(&mut self) -> Vec<(PathBuf, String)> {
        let list = self
            .refused
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut refused = std::mem::take(list);
        refused.sort();
        refused.dedup_by(|a, b| a.0 == b.0);
        refused
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.add_shared(Arc::new(file))
    }

    /// Adds a file that another run may hold too and returns its id.
    pub fn add_shared(&mut self, file: Arc<SourceFile>) -> FileId {
        self.by_canonical = OnceLock::new();
        self.files.push(file);
        FileId(clamp_u32(self.files.len() - 1))
    }

    /// The file behind an id, as shared with other runs.
    pub fn shared(&self, id: FileId) -> &Arc<SourceFile> {
        // Ids are only ever created by `add_shared`, so the index is always in range.
        &self.files[id.0 as usize]
    }

    /// The file behind an id.
    pub fn file(&self, id: FileId) -> &SourceFile {
        // Ids are only ever created by `add`, so the index is always in range.
        &self.files[id.0 as usize]
    }

    /// All files with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(clamp_u32(i)), &**f))
    }

    /// The start and end positions of a span.
    pub fn range(&self, span: Span) -> (Position, Position) {
        let f = self.file(span.file);
        (f.position(span.start), f.position(span.end))
    }

    /// The canonical form of directory `dir` and its repository root (found by `root_of` from
    /// the canonical path), `None` when `dir` cannot be resolved. Each directory is resolved on
    /// disk once per run.
    pub fn resolve_dir(
        &self,
        dir: &Path,
        root_of: impl FnOnce(&Path) -> PathBuf,
    ) -> Option<ResolvedDir> {
        let mut dirs = self.dirs.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(known) = dirs.get(dir) {
            return known.clone();
        }
        let resolved = std::fs::canonicalize(dir)
            .ok()
            .map(|canonical| ResolvedDir {
                root: root_of(&canonical),
                canonical,
            });
        dirs.insert(dir.to_path_buf(), resolved.clone());
        resolved
    }

    /// The run's file at canonical path `target`. The index is built once, canonicalising each
    /// directory of the run once (a file is its directory's canonical path joined with its name).
    pub fn by_canonical_path(&self, target: &Path) -> Option<FileId> {
        let index = self.by_canonical.get_or_init(|| {
            let mut dirs: HashMap<&Path, Option<PathBuf>> = HashMap::new();
            let mut index = HashMap::new();
            for (id, f) in self.iter() {
                let (Some(dir), Some(name)) = (parent_dir(&f.path), f.path.file_name()) else {
                    continue;
                };
                let canonical = dirs
                    .entry(dir)
                    .or_insert_with(|| std::fs::canonicalize(dir).ok());
                if let Some(canonical) = canonical {
                    index.entry(canonical.join(name)).or_insert(id);
                }
            }
            index
        });
        index.get(target).copied()
    }
}

/// The directory a file path lies in: `.` for a bare file name, `None` for a root.
pub fn parent_dir(path: &Path) -> Option<&Path> {
    let dir = path.parent()?;
    Some(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    })
}

/// Texts that stand in for files on disk: an editor's unsaved buffers, or a fix being tried.
/// A path is looked up as given (the language server and the fixer use the paths discovery
/// yields); a path in the overlay that is not on disk is linted as if it were.
#[derive(Debug, Default, Clone)]
pub struct Overlay {
    texts: BTreeMap<PathBuf, Arc<str>>,
}

impl Overlay {
    /// Makes `text` the content of `path`.
    pub fn set(&mut self, path: PathBuf, text: Arc<str>) {
        self.texts.insert(path, text);
    }

    /// Goes back to the file on disk.
    pub fn remove(&mut self, path: &Path) {
        self.texts.remove(path);
    }

    /// The text standing in for `path`, if any.
    pub fn get(&self, path: &Path) -> Option<&Arc<str>> {
        self.texts.get(path)
    }

    /// Every path with a stand-in text, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.texts.keys().map(PathBuf::as_path)
    }

    /// True when nothing stands in for a file.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// How a path is shown in reports: relative to `cwd` when under it, else absolute; `/` separators.
/// `.` and `..` are resolved first, so `../other/main.tf` is shown absolute and `a/../a/x.tf` as
/// `a/x.tf`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let abs = lexical_normal(&if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    });
    let cwd = lexical_normal(cwd);
    let shown = abs.strip_prefix(&cwd).map(Path::to_path_buf).unwrap_or(abs);
    let s = shown.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// `path` without `.` components and with each `..` applied to the component before it (as
/// text: symbolic links are not followed).
pub fn lexical_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            // `..` of the root is the root.
            Component::ParentDir if out.has_root() => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
#[path = "source_tests.rs"]
mod tests;
