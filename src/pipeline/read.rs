//! The first two stages: [`discover`] the files of the paths, [`read`] each once.

use super::cache::{Reused, lock};
use super::kept::{KeptDiscovery, KeptFile, Reuse};
use crate::discover::{self, Discovered};
use crate::source::{self, FileId, SourceDb, SourceFile, display_path};
use crate::syntax::resource::ParseError;
use crate::{Options, fsread, syntax};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What discovery found: the Terraform modules, template candidates and refused entries of the
/// paths and plans, `exclude` applied.
pub struct Found {
    /// The discovery result.
    pub discovered: Discovered,
}

/// Lists the files to lint (the paths and the plans), drops the excluded ones, and checks that
/// every `--var-file` exists. An error is a usage problem. With a cache, the last run's
/// discovery is taken over when its witness proves that discovering again would find the same.
pub fn discover(options: &Options) -> Result<Found, String> {
    let mut paths = options.paths.clone();
    paths.extend(options.plans.iter().cloned());
    let mut discovered = match options.cache.as_deref() {
        None => discover::discover(&paths, &options.overlay, options.max_file_size)?,
        Some(cache) => {
            let mut kept = lock(&cache.discovery);
            let reused = KeptDiscovery::reuse(&kept, &paths, options);
            cache.record(|r| {
                *r = Reused {
                    discovery: reused.is_some(),
                    ..Reused::default()
                }
            });
            match reused {
                Some(discovered) => discovered,
                None => {
                    *kept = None;
                    let (discovered, witness) = discover::discover_witnessed(
                        &paths,
                        &options.overlay,
                        options.max_file_size,
                    )?;
                    *kept = witness.map(|w| KeptDiscovery::new(&paths, options, &discovered, w));
                    discovered
                }
            }
        }
    };
    if let Some(exclude) = &options.exclude {
        exclude.apply(&mut discovered);
    }
    for file in &options.var_files {
        if !file.is_file() && options.overlay.get(file).is_none() {
            return Err(format!("{}: variable file not found", file.display()));
        }
    }
    Ok(Found { discovered })
}

/// Every discovered file and `--var-file`, read once.
pub struct Read {
    /// What discovery found.
    pub found: Found,
    /// Every file read, by id.
    pub db: SourceDb,
    /// The id of each file read, by path.
    pub ids: HashMap<PathBuf, FileId>,
    /// Files that could not be read, as parse errors at their start (RL001).
    pub unreadable: Vec<ParseError>,
}

/// Reads every discovered file (Terraform, variable files, template candidates) in parallel,
/// each from the overlay when it holds the file, and checks that every `--plan` is a plan.
/// Discovered files are read inside the repository roots only; `--var-file` files, named by the
/// user, anywhere. With a cache, a file the last run read is taken over when it is proven
/// unchanged (`pipeline::kept`), and the files of this run are kept for the next.
pub fn read(found: Found, options: &Options) -> Result<Read, String> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let discovered = &found.discovered;
    let reading = Reading::new(discovered, options);
    let confined = fsread::Confine::Roots(reading.roots);
    let mut paths: Vec<(&PathBuf, fsread::Confine)> = discovered
        .modules
        .values()
        .flat_map(|m| m.terraform.iter().chain(&m.tfvars))
        .chain(&discovered.maybe_templates)
        .map(|p| (p, confined))
        .chain(
            options
                .var_files
                .iter()
                .map(|p| (p, fsread::Confine::Anywhere)),
        )
        .collect();
    // A file listed twice (a `--var-file` that is also a module's variable file: discovery lists
    // each file once) is read once, as its first listing says.
    if !options.var_files.is_empty() {
        let mut listed = HashSet::new();
        paths.retain(|(path, _)| listed.insert(*path));
    }
    let mut reuse = options.cache.as_deref().map(|cache| {
        let kept = std::mem::take(&mut *lock(&cache.files));
        Reuse::start(kept, &cwd, reading.roots, options, &paths)
    });
    // Files proven unchanged are taken over; the others are read and indexed (their line
    // starts) in parallel.
    let kept: Vec<Option<KeptFile>> = match &mut reuse {
        Some(reuse) => reuse.take(&paths, &options.overlay),
        None => paths.iter().map(|_| None).collect(),
    };
    let read_one = |&(path, confine): &(&PathBuf, fsread::Confine)| {
        let (file, error) = reading.source_file(path, confine, &cwd);
        let file = Arc::new(file);
        let kept = match (&reuse, &error) {
            (Some(reuse), None) => reuse.keep(path, confine, &options.overlay, file.clone()),
            _ => None,
        };
        (file, error, kept)
    };
    let missing: Vec<(&PathBuf, fsread::Confine)> = paths
        .iter()
        .zip(&kept)
        .filter(|(_, kept)| kept.is_none())
        .map(|(path, _)| *path)
        .collect();
    let mut fresh: std::vec::IntoIter<(Arc<SourceFile>, Option<String>, Option<KeptFile>)> =
        if missing.len() > 1 {
            missing.par_iter().map(read_one).collect::<Vec<_>>()
        } else {
            missing.iter().map(read_one).collect()
        }
        .into_iter();
    let files: Vec<(Arc<SourceFile>, Option<String>, Option<KeptFile>)> = kept
        .into_iter()
        .filter_map(|kept| match kept {
            Some(kept) => Some((kept.file().clone(), None, Some(kept))),
            None => fresh.next(),
        })
        .collect();
    let mut db = SourceDb::default();
    let mut ids = HashMap::new();
    let mut unreadable = Vec::new();
    let mut keep = Vec::new();
    for ((path, _), (file, error, kept)) in paths.into_iter().zip(files) {
        let id = db.add_shared(file);
        unreadable.extend(error.map(|message| not_read(id, message)));
        ids.insert(path.clone(), id);
        keep.extend(kept.map(|k| (path.clone(), k)));
    }
    if let (Some(cache), Some(reuse)) = (options.cache.as_deref(), reuse) {
        let reused = reuse.reused();
        cache.record(|r| r.files = reused);
        *lock(&cache.files) = reuse.finish(keep);
    }
    for plan in &options.plans {
        let is_plan = ids
            .get(plan)
            .is_some_and(|&id| syntax::plan::is_plan(&db.file(id).text));
        if !is_plan {
            return Err(format!(
                "{}: not a Terraform plan in JSON (`terraform show -json`, *.json)",
                plan.display()
            ));
        }
    }
    Ok(Read {
        found,
        db,
        ids,
        unreadable,
    })
}

/// Where and how much a run reads.
pub(super) struct Reading<'a> {
    /// The canonical repository roots: discovered files are read only inside them.
    pub roots: &'a [PathBuf],
    /// Texts that stand in for files on disk.
    overlay: &'a source::Overlay,
    limit: fsread::MaxFileSize,
}

impl<'a> Reading<'a> {
    /// How a run with `options` reads inside the roots `discovered` found.
    pub fn new(discovered: &'a Discovered, options: &'a Options) -> Reading<'a> {
        Reading {
            roots: &discovered.roots,
            overlay: &options.overlay,
            limit: options.max_file_size,
        }
    }

    /// A file's text, from the overlay when it holds the file, else from disk through
    /// [`fsread`] (`confine`d). The error names the file and the reason.
    fn text(&self, path: &Path, confine: fsread::Confine) -> Result<String, String> {
        if let Some(text) = self.overlay.get(path) {
            let text = text.strip_prefix('\u{feff}').unwrap_or(text);
            return Ok(text.to_string());
        }
        fsread::read_text(path, confine, self.limit)
            .map_err(|refused| format!("cannot read: {refused}"))
    }

    /// A file as a run holds it: its text (empty when it cannot be read) with its line index,
    /// and why it could not be read.
    fn source_file(
        &self,
        path: &Path,
        confine: fsread::Confine,
        cwd: &Path,
    ) -> (SourceFile, Option<String>) {
        let (text, error) = match self.text(path, confine) {
            Ok(t) => (t, None),
            Err(e) => (String::new(), Some(e)),
        };
        let display = display_path(path, cwd);
        (SourceFile::new(path.to_path_buf(), display, text), error)
    }

    /// Reads the Terraform files of a module directory that discovery did not walk into `db`
    /// (from the overlay when it holds them); files that cannot be read are added empty and
    /// recorded in `unreadable`, and so is the directory when it cannot be listed.
    pub fn module_dir(
        &self,
        db: &mut SourceDb,
        dir: &Path,
        unreadable: &mut Vec<ParseError>,
    ) -> Vec<FileId> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let paths = match discover::terraform_files(dir) {
            Ok(paths) => paths,
            Err(e) => {
                db.refuse(dir.to_path_buf(), format!("cannot list the directory: {e}"));
                return Vec::new();
            }
        };
        paths
            .into_iter()
            .map(|path| {
                let confine = fsread::Confine::Roots(self.roots);
                let (file, error) = self.source_file(&path, confine, &cwd);
                let id = db.add(file);
                unreadable.extend(error.map(|message| not_read(id, message)));
                id
            })
            .collect()
    }
}

/// A file that could not be read, as an RL001 at its start.
pub(super) fn not_read(file: FileId, message: String) -> ParseError {
    ParseError {
        span: source::Span::new(file, 0, 0),
        message,
    }
}
