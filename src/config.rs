//! `.repl-lint.toml`: finds the configuration file, reads it with located errors, and owns what
//! it sets (rule selection, severity overrides, excluded files, `fail-on`, `explain-gaps`,
//! `report-unused-suppressions`). Command-line flags override it; `cli.rs` does the merge.

use repl_lint_source::diagnostic::{Diagnostic, Severity};
use repl_lint_source::discover::Discovered;
use repl_lint_source::fsread::{self, Confine, MaxFileSize};
use repl_lint_source::{SourceFile, display_path};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Any diagnostic.
    Info,
    /// Never fail on diagnostics.
    Never,
}

impl FailOn {
    /// The least severity that fails the run; `None` never fails.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// The name of the configuration file looked up from the first linted path upwards.
pub const FILE_NAME: &str = ".repl-lint.toml";

/// Every key the file may hold, in the order the documentation lists them.
const KEYS: &[&str] = &[
    "select",
    "ignore",
    "severity",
    "exclude",
    "fail-on",
    "explain-gaps",
    "report-unused-suppressions",
    "max-file-size",
];

/// What a configuration file sets. Keys it does not hold keep their empty or `None` value.
#[derive(Debug, Default, Clone)]
pub struct Config {
    /// `select`: rule IDs, names or ID prefixes to run instead of the defaults.
    pub select: Vec<String>,
    /// `ignore`: rule IDs, names or ID prefixes not to run.
    pub ignore: Vec<String>,
    /// `[severity]`: rule ID → severity; `None` for `"off"`.
    pub severity: Vec<(&'static str, Option<Severity>)>,
    /// `exclude`: files not to lint.
    pub exclude: Option<Exclude>,
    /// `fail-on`.
    pub fail_on: Option<FailOn>,
    /// `explain-gaps`.
    pub explain_gaps: bool,
    /// `report-unused-suppressions`.
    pub report_unused_suppressions: bool,
    /// `max-file-size`: bytes (an integer) or a size with a unit (`"16MiB"`).
    pub max_file_size: Option<MaxFileSize>,
    /// A configuration file that was found but refused (not a regular file, a link out of the
    /// repository, too large), with the reason: the defaults apply and the run reports it.
    pub not_read: Option<(PathBuf, String)>,
}

impl Config {
    /// The severity overrides that keep a rule on, for [`crate::Options::severity`].
    pub fn severity_overrides(&self) -> Vec<(&'static str, Severity)> {
        self.severity
            .iter()
            .filter_map(|&(id, level)| level.map(|s| (id, s)))
            .collect()
    }

    /// The rules turned `"off"` in `[severity]`, as `ignore` selectors.
    pub fn turned_off(&self) -> impl Iterator<Item = String> + '_ {
        self.severity
            .iter()
            .filter(|(_, level)| level.is_none())
            .map(|(id, _)| (*id).to_string())
    }
}

/// Glob patterns of files not to lint, relative to the configuration file's directory.
#[derive(Debug, Clone)]
pub struct Exclude {
    /// The configuration file's directory (canonical when possible).
    root: PathBuf,
    globs: globset::GlobSet,
}

impl Exclude {
    /// True when `path`, or a directory holding it, matches a pattern.
    pub fn excludes(&self, path: &Path) -> bool {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        relative
            .ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| self.globs.is_match(a))
    }

    /// Drops the excluded files from a discovery result (they count as skipped), and the
    /// excluded directories and ignore files it could not read.
    pub fn apply(&self, found: &mut Discovered) {
        let before = found.maybe_templates.len();
        found.maybe_templates.retain(|p| !self.excludes(p));
        let mut dropped = before - found.maybe_templates.len();
        for module in found.modules.values_mut() {
            let before = module.terraform.len() + module.tfvars.len();
            module.terraform.retain(|p| !self.excludes(p));
            module.tfvars.retain(|p| !self.excludes(p));
            dropped += before - module.terraform.len() - module.tfvars.len();
        }
        found.modules.retain(|_, m| !m.terraform.is_empty());
        found.skipped += dropped;
        // What is excluded is not reported as unreadable either.
        found.refused.retain(|(path, _)| !self.excludes(path));
    }
}

/// Sets the severity of every finding of a rule listed in `overrides`.
pub fn apply_severity(diagnostics: &mut [Diagnostic], overrides: &[(&'static str, Severity)]) {
    if overrides.is_empty() {
        return;
    }
    for d in diagnostics {
        if let Some((_, severity)) = overrides.iter().find(|(id, _)| *id == d.rule) {
            d.severity = *severity;
        }
    }
}

/// A configuration file found by [`find`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its path.
    pub path: PathBuf,
    /// The directory it may resolve into (it is read only there, never through a link out of
    /// it): the repository root, else its own directory.
    pub root: PathBuf,
}

/// The nearest `.repl-lint.toml` in `start` (its directory, for a file) or an ancestor, not
/// above the repository root when `start` is in a Git repository. Anything at that name counts
/// (a FIFO, a link), so that what cannot be read is reported rather than passed over.
pub fn find(start: &Path) -> Option<Found> {
    let start = std::fs::canonicalize(start).ok()?;
    let dir = if start.is_dir() {
        start
    } else {
        start.parent()?.to_path_buf()
    };
    let repository = repl_lint_source::discover::repository_root(&dir);
    let in_git = repository.join(".git").exists();
    let path = dir
        .ancestors()
        .take_while(|a| !in_git || a.starts_with(&repository))
        .map(|a| a.join(FILE_NAME))
        .find(|candidate| std::fs::symlink_metadata(candidate).is_ok())?;
    let root = if in_git {
        repository
    } else {
        path.parent()?.to_path_buf()
    };
    Some(Found { path, root })
}

/// Reads the configuration file [`find`] found. One that cannot be read as a regular file inside
/// its root gives the defaults, with the file in [`Config::not_read`].
pub fn load_found(found: &Found) -> Result<Config, String> {
    let roots = [found.root.clone()];
    match fsread::read_text(&found.path, Confine::Roots(&roots), MaxFileSize::default()) {
        Ok(text) => parse_file(&found.path, &text),
        Err(refused) => Ok(Config {
            not_read: Some((found.path.clone(), format!("cannot read: {refused}"))),
            ..Config::default()
        }),
    }
}

/// Reads the configuration file named with `--config` (a regular file of at most
/// [`fsread::DEFAULT_MAX_FILE_SIZE`] bytes, wherever the user put it). Errors name the file, line
/// and column.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = fsread::read_text(path, Confine::Anywhere, MaxFileSize::default()).map_err(|e| {
        let cwd = std::env::current_dir().unwrap_or_default();
        format!("{}: cannot read: {e}", display_path(path, &cwd))
    })?;
    parse_file(path, &text)
}

/// Parses the text of the configuration file at `path`; errors name the file, line and column.
fn parse_file(path: &Path, text: &str) -> Result<Config, String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = display_path(path, &cwd);
    let dir = path.parent().unwrap_or(Path::new("."));
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    parse(text, &dir).map_err(|(at, message)| {
        let file = SourceFile::new(path.to_path_buf(), shown.clone(), text.to_string());
        let pos = file.position(u32::try_from(at.start).unwrap_or(u32::MAX));
        format!("{shown}:{}:{}: {message}", pos.line, pos.column)
    })
}

/// An error at a byte range of the file.
type Located = (Range<usize>, String);

/// Parses the text of a configuration file whose directory is `dir`.
pub fn parse(text: &str, dir: &Path) -> Result<Config, Located> {
    let root = DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        (span, e.message().trim().to_string())
    })?;
    let mut config = Config::default();
    for (key, value) in root.get_ref() {
        let span = value.span();
        match key.get_ref().as_ref() {
            "select" => config.select = selectors(value, "select")?,
            "ignore" => config.ignore = selectors(value, "ignore")?,
            "severity" => config.severity = severities(value)?,
            "exclude" => config.exclude = Some(exclude(value, dir)?),
            "fail-on" => {
                config.fail_on = Some(match value.get_ref() {
                    DeValue::String(s) if s == "error" => FailOn::Error,
                    DeValue::String(s) if s == "warning" => FailOn::Warning,
                    DeValue::String(s) if s == "info" => FailOn::Info,
                    DeValue::String(s) if s == "never" => FailOn::Never,
                    _ => {
                        return Err((
                            span,
                            "`fail-on` must be \"error\", \"warning\", \"info\" or \"never\""
                                .into(),
                        ));
                    }
                });
            }
            "explain-gaps" => config.explain_gaps = boolean(value, "explain-gaps")?,
            "max-file-size" => {
                let size = match value.get_ref() {
                    DeValue::Integer(n) => u64::from_str_radix(n.as_str(), n.radix())
                        .ok()
                        .filter(|&n| n > 0)
                        .map(MaxFileSize)
                        .ok_or_else(String::new),
                    DeValue::String(s) => MaxFileSize::parse(s),
                    _ => Err(String::new()),
                };
                config.max_file_size = Some(size.map_err(|_| {
                    (
                        span.clone(),
                        "`max-file-size` must be a number of bytes or a size such as \"16MiB\""
                            .to_string(),
                    )
                })?);
            }
            "report-unused-suppressions" => {
                config.report_unused_suppressions = boolean(value, "report-unused-suppressions")?;
            }
            other => {
                let expected: Vec<String> = KEYS.iter().map(|k| format!("`{k}`")).collect();
                return Err((
                    key.span(),
                    format!(
                        "unknown key `{other}`, expected one of {}",
                        expected.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(config)
}

fn boolean(value: &Spanned<DeValue<'_>>, key: &str) -> Result<bool, Located> {
    match value.get_ref() {
        DeValue::Boolean(b) => Ok(*b),
        _ => Err((value.span(), format!("`{key}` must be true or false"))),
    }
}

/// A list of strings, each with its span.
fn strings<'a>(
    value: &'a Spanned<DeValue<'_>>,
    what: &str,
) -> Result<Vec<(&'a str, Range<usize>)>, Located> {
    let DeValue::Array(items) = value.get_ref() else {
        return Err((value.span(), format!("{what} must be a list of strings")));
    };
    items
        .iter()
        .map(|item| match item.get_ref() {
            DeValue::String(s) => Ok((s.as_ref(), item.span())),
            _ => Err((item.span(), format!("{what} must be a list of strings"))),
        })
        .collect()
}

/// `select` / `ignore`: every entry must name a rule, a rule name, or an ID prefix.
fn selectors(value: &Spanned<DeValue<'_>>, key: &str) -> Result<Vec<String>, Located> {
    strings(value, &format!("`{key}`"))?
        .into_iter()
        .map(|(s, span)| {
            if crate::is_known_selector(s) {
                Ok(s.to_string())
            } else {
                Err((
                    span,
                    format!(
                        "unknown rule selector `{s}` (use a rule ID such as RL202, a name, or a prefix such as RL3)"
                    ),
                ))
            }
        })
        .collect()
}

/// `[severity]`: rule ID or name → "error" | "warning" | "info" | "off".
fn severities(
    value: &Spanned<DeValue<'_>>,
) -> Result<Vec<(&'static str, Option<Severity>)>, Located> {
    let DeValue::Table(table) = value.get_ref() else {
        return Err((
            value.span(),
            "`severity` must be a table such as `[severity]` with `RL304 = \"error\"`".into(),
        ));
    };
    table
        .iter()
        .map(|(key, level)| {
            let name = key.get_ref().as_ref();
            let meta = repl_lint_rules::find(name).ok_or_else(|| {
                (
                    key.span(),
                    format!("unknown rule `{name}` in `[severity]` (use a rule ID or name)"),
                )
            })?;
            let level = match level.get_ref() {
                DeValue::String(s) if s == "error" => Some(Severity::Error),
                DeValue::String(s) if s == "warning" => Some(Severity::Warning),
                DeValue::String(s) if s == "info" => Some(Severity::Info),
                DeValue::String(s) if s == "off" => None,
                _ => {
                    return Err((
                        level.span(),
                        format!(
                            "the severity of `{name}` must be \"error\", \"warning\", \"info\" or \"off\""
                        ),
                    ));
                }
            };
            Ok((meta.id, level))
        })
        .collect()
}

/// `exclude`: glob patterns relative to `dir` (`*` stays inside one directory, `**` crosses).
fn exclude(value: &Spanned<DeValue<'_>>, dir: &Path) -> Result<Exclude, Located> {
    let mut builder = globset::GlobSetBuilder::new();
    for (pattern, span) in strings(value, "`exclude`")? {
        let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| (span, format!("invalid glob pattern: {}", e.kind())))?;
        builder.add(glob);
    }
    let globs = builder
        .build()
        .map_err(|e| (value.span(), format!("invalid glob patterns: {e}")))?;
    Ok(Exclude {
        root: dir.to_path_buf(),
        globs,
    })
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
