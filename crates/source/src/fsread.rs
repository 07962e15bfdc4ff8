//! The one way repl-lint reads a file from disk: confined to the repository roots, regular files
//! only, never blocking, and bounded in size.
//!
//! A path is resolved (links included, without opening anything) and refused when it leaves
//! every allowed root; the resolved file must be a regular file (not a FIFO, device, socket or
//! directory) no larger than the limit. It is opened without following a link and without
//! blocking (a FIFO swapped in after the check cannot stall the run), checked again on the open
//! handle, and read through a reader that stops one byte past the limit.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest file read when nothing else is configured: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// The largest file size read (`max-file-size` in `.repl-lint.toml`, `--max-file-size`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxFileSize(pub u64);

impl Default for MaxFileSize {
    fn default() -> Self {
        MaxFileSize(DEFAULT_MAX_FILE_SIZE)
    }
}

impl MaxFileSize {
    /// Parses a size: a number of bytes (`1048576`) or a number with a unit (`512KiB`, `64MiB`,
    /// `1GiB`; `KB`/`MB`/`GB` and `K`/`M`/`G` mean the same binary units).
    pub fn parse(text: &str) -> Result<MaxFileSize, String> {
        let text = text.trim();
        let digits = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(digits);
        let shift = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 0,
            "k" | "kb" | "kib" => 10,
            "m" | "mb" | "mib" => 20,
            "g" | "gb" | "gib" => 30,
            _ => {
                return Err(format!(
                    "`{text}` is not a size (e.g. 1048576, 512KiB, 64MiB)"
                ));
            }
        };
        let bytes = number
            .parse::<u64>()
            .ok()
            .and_then(|n| n.checked_mul(1 << shift))
            .filter(|&n| n > 0)
            .ok_or_else(|| format!("`{text}` is not a size (e.g. 1048576, 512KiB, 64MiB)"))?;
        Ok(MaxFileSize(bytes))
    }
}

/// Where a read may go.
#[derive(Debug, Clone, Copy)]
pub enum Confine<'a> {
    /// Only inside one of these canonical directories (files found in the linted tree).
    Roots(&'a [PathBuf]),
    /// Anywhere: a file the user named on the command line.
    Anywhere,
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    /// Nothing exists at the path (or a link in it is dangling).
    Missing,
    /// The path resolves outside every allowed root (through `..` or a link).
    OutsideRoot(PathBuf),
    /// Not a regular file: what it is.
    NotRegular(&'static str),
    /// Larger than the limit.
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The system refused (permissions, I/O error).
    Io(std::io::Error),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Missing => write!(f, "no such file"),
            Refused::OutsideRoot(target) => write!(
                f,
                "it resolves to {}, outside the repository root",
                target.display()
            ),
            Refused::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            Refused::TooLarge { size, limit } => write!(
                f,
                "it is {}, over the limit of {} (max-file-size)",
                human_size(*size),
                human_size(*limit)
            ),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

/// `1234 bytes`, `12.5 MiB`.
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 3] = ["KiB", "MiB", "GiB"];
    let mut unit = None;
    let mut value = bytes as f64;
    for name in UNITS {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = Some(name);
    }
    match unit {
        None => format!("{bytes} bytes"),
        Some(name) if value.fract() == 0.0 => format!("{value} {name}"),
        Some(name) => format!("{value:.1} {name}"),
    }
}

/// Reads the file at `path` as bytes (see the module documentation).
pub fn read(path: &Path, confine: Confine, limit: MaxFileSize) -> Result<Vec<u8>, Refused> {
    let target = resolve(path, confine)?;
    check_kind(&std::fs::metadata(&target).map_err(io_error)?, limit)?;
    let file = open(&target).map_err(io_error)?;
    let size = check_kind(&file.metadata().map_err(io_error)?, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit.0.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    let read = bytes.len() as u64;
    if read > limit.0 {
        return Err(Refused::TooLarge {
            size: read,
            limit: limit.0,
        });
    }
    Ok(bytes)
}

/// Reads the file at `path` as text: invalid UTF-8 replaced, a leading byte-order mark dropped
/// (editors hide it, so lines and columns stay as the user sees them).
pub fn read_text(path: &Path, confine: Confine, limit: MaxFileSize) -> Result<String, Refused> {
    let bytes = read(path, confine, limit)?;
    // Valid UTF-8 (the usual case) is taken over without a copy.
    let mut text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Whether `path` resolves inside one of `roots` (canonical directories); `false` when it cannot
/// be resolved. Nothing is opened.
pub fn is_inside(path: &Path, roots: &[PathBuf]) -> bool {
    resolve(path, Confine::Roots(roots)).is_ok()
}

/// The canonical path of `path`, when it is allowed.
fn resolve(path: &Path, confine: Confine) -> Result<PathBuf, Refused> {
    let target = std::fs::canonicalize(path).map_err(io_error)?;
    match confine {
        Confine::Roots(roots) if !roots.iter().any(|root| target.starts_with(root)) => {
            Err(Refused::OutsideRoot(target))
        }
        _ => Ok(target),
    }
}

/// The size of a regular file within the limit.
fn check_kind(metadata: &std::fs::Metadata, limit: MaxFileSize) -> Result<u64, Refused> {
    let kind = metadata.file_type();
    if !kind.is_file() {
        return Err(Refused::NotRegular(kind_name(&kind)));
    }
    if metadata.len() > limit.0 {
        return Err(Refused::TooLarge {
            size: metadata.len(),
            limit: limit.0,
        });
    }
    Ok(metadata.len())
}

/// What a file that is not a regular file is.
pub fn kind_name(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// Opens a resolved path for reading without following a link and without blocking.
fn open(target: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW | libc::O_NOCTTY);
    }
    options.open(target)
}

fn io_error(e: std::io::Error) -> Refused {
    if e.kind() == std::io::ErrorKind::NotFound {
        Refused::Missing
    } else {
        Refused::Io(e)
    }
}

#[cfg(test)]
#[path = "fsread_tests.rs"]
mod tests;
