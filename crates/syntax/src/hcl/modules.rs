//! Terraform module calls: `module` blocks are followed into the modules they call, and each
//! module instance is flattened into the unit of its root module.
//!
//! Every module directory is lowered once (one task per file, as for a root module). A module
//! instance then takes a copy of its directory's lowered files and
//! - prefixes every resource address, `depends_on` entry and reference target with its call path
//!   (`module.logs.module.replica.`); `var.*`/`local.*` placeholders are not prefixed, they are
//!   substituted in the instance's own scope;
//! - binds its input variables to the caller's argument values (already substituted in the
//!   caller's scope, so their spans lie in the caller's files), above the variables' defaults;
//! - lowers its `output` values and hands them to the caller, which substitutes
//!   `module.NAME.OUTPUT[.attr...]` references with them.
//!
//! Sources: a local path (`./x`, `../x`) is relative to the calling module's directory; any other
//! source (registry, git, ...) and a local path that cannot be used is looked up by call path in
//! the root module's `.terraform/modules/modules.json`. A module directory must lie inside a
//! repository root; one that does not, that cannot be found, that is already being instantiated
//! (a cycle) or that is nested deeper than [`MAX_MODULE_DEPTH`] is not followed, and references
//! to its outputs stay symbolic.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::mem::take;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::Block;
use rayon::prelude::*;

use super::expr::Lower;
use super::made::{FileMade, FileShare, Making, RootMade, file_key};
use super::placeholder;
use super::vars::{self, Scope};
use super::{
    Cache, DEF_DEPTH, Lowered, ModuleFile, dependencies, dotted_name, header_span, lower_file,
};
use super::{absent, expand};
use crate::resource::{Configuration, ModuleCall, ParseError, Resource};
use crate::value::{Reference, TextPart, Value, ValueKind};
use repl_lint_source::fsread::{self, Confine, MaxFileSize, Refused};
use repl_lint_source::{FileId, SourceDb, Span};

/// How deep module calls are followed (a root module is at depth 0).
pub const MAX_MODULE_DEPTH: usize = 16;

/// How many module instances one root module may have in all.
const MAX_INSTANCES: usize = 4096;

/// Arguments of a `module` block that are not input variables.
const CALL_META: &[&str] = &[
    "source",
    "version",
    "providers",
    "count",
    "for_each",
    "depends_on",
];

/// Data sources that describe the provider's account and partition rather than anything of the
/// module: references to them are not prefixed, so that they read the same in every module.
const PROVIDER_DATA: &[&str] = &["data.aws_caller_identity.", "data.aws_partition."];

/// A `module` block, lowered.
#[derive(Clone)]
pub(super) struct Call {
    /// The block's label.
    name: String,
    /// The `source` string, when it is a literal.
    source: Option<String>,
    /// The `source` value (where a module cycle is reported).
    source_span: Option<Span>,
    /// `module "NAME"`.
    header: Span,
    /// The other arguments: input variables, with placeholders.
    args: Vec<(String, Value)>,
    /// The `depends_on` addresses, with their spans.
    depends_on: Vec<(String, Span)>,
    /// The `count` expression, with placeholders.
    count: Option<Value>,
    /// The `for_each` expression, with placeholders.
    for_each: Option<Value>,
    /// The `providers` map: the module's provider name (`aws`, `aws.replica`) to the caller's
    /// (`None` when it cannot be read); `None` without the argument.
    providers: Option<Vec<(String, Option<String>)>>,
}

/// Lowers a `module` or `output` block into the file's calls or outputs.
pub(super) fn lower_block(lower: &Lower, block: &Block, out: &mut ModuleFile) {
    let Some(name) = block.labels.first() else {
        return;
    };
    let name = name.as_str().to_string();
    match block.ident.as_str() {
        "module" => {
            let source_attr = block.body.get_attribute("source");
            let source = source_attr
                .and_then(|a| a.value.as_str())
                .map(str::to_string);
            let source_span = source_attr.map(|a| lower.expr(&a.value, DEF_DEPTH).span);
            let args = block
                .body
                .attributes()
                .filter(|a| !CALL_META.contains(&a.key.as_str()))
                .map(|a| (a.key.as_str().to_string(), lower.expr(&a.value, DEF_DEPTH)))
                .collect();
            let depends_on = dependencies(lower, &block.body);
            let meta = |name: &str| {
                let attr = block.body.get_attribute(name)?;
                Some(lower.expr(&attr.value, DEF_DEPTH))
            };
            out.calls.push(Call {
                name,
                source,
                source_span,
                header: header_span(lower, block),
                args,
                depends_on,
                count: meta("count"),
                for_each: meta("for_each"),
                providers: block
                    .body
                    .get_attribute("providers")
                    .map(|a| providers_map(&a.value)),
            });
        }
        "output" => {
            if let Some(value) = block.body.get_attribute("value") {
                out.outputs
                    .push((name, lower.expr(&value.value, DEF_DEPTH)));
            }
        }
        _ => {}
    }
}

/// The entries of a module call's `providers` map (`{ aws = aws.replica }`); an entry whose
/// target is not a provider name maps to `None`; a value that is no object maps nothing.
fn providers_map(expr: &Expression) -> Vec<(String, Option<String>)> {
    let Expression::Object(object) = expr else {
        return Vec::new();
    };
    object
        .iter()
        .filter_map(|(key, value)| {
            let key = match key {
                ObjectKey::Ident(ident) => ident.as_str().to_string(),
                ObjectKey::Expression(e) => dotted_name(e, usize::MAX)?,
            };
            Some((key, dotted_name(value.expr(), usize::MAX)))
        })
        .collect()
}

/// The provider configurations a module instance's resources use, as names of the root
/// module's configurations (`aws`, `aws.replica`).
enum Providers<'a> {
    /// The root module: its own names.
    Root,
    /// A module called without `providers`: it inherits its caller's default (unaliased)
    /// configurations; an aliased one is unknown.
    Inherited(&'a Providers<'a>),
    /// A module called with `providers`: only the configurations passed.
    Passed(HashMap<String, String>),
}

impl Providers<'_> {
    /// The root module's name for the module's provider configuration `name`, when known.
    fn resolve(&self, name: &str) -> Option<String> {
        match self {
            Providers::Root => Some(name.to_string()),
            Providers::Inherited(caller) if !name.contains('.') => caller.resolve(name),
            Providers::Inherited(_) => None,
            Providers::Passed(map) => map.get(name).cloned(),
        }
    }

    /// The configurations of a module called by `call` from the module these are of.
    fn child<'a>(&'a self, call: &Call) -> Providers<'a> {
        match &call.providers {
            None => Providers::Inherited(self),
            Some(entries) => Providers::Passed(
                entries
                    .iter()
                    .filter_map(|(child, caller)| {
                        Some((child.clone(), self.resolve(caller.as_deref()?)?))
                    })
                    .collect(),
            ),
        }
    }
}

/// The provider name of a resource that does not name one: its type's prefix (`aws` for
/// `aws_s3_bucket`).
fn default_provider(type_name: &str) -> &str {
    type_name.split('_').next().unwrap_or(type_name)
}

/// The `provider` of a resource inside a module whose configuration cannot be known: it names
/// no configuration of the root module.
pub(super) const UNKNOWN_PROVIDER: &str = "\u{0}unknown";

/// A directory of Terraform files found by discovery.
#[derive(Debug, Clone)]
pub struct TerraformDir {
    /// The directory.
    pub dir: PathBuf,
    /// Its `.tf` files.
    pub files: Vec<FileId>,
    /// Its variable files, in increasing precedence (used when it is a root module).
    pub tfvars: Vec<FileId>,
}

/// The result of [`parse_modules`].
#[derive(Debug, Default)]
pub struct Parsed {
    /// One configuration per root module, in the order of the given directories.
    pub units: Vec<Configuration>,
    /// Module files that could not be parsed (each reported once, however often the module
    /// is called). Variable files that cannot be parsed are in their unit's `errors`.
    pub errors: Vec<ParseError>,
}

/// Parses the Terraform directories found by discovery and every module they call.
///
/// Root modules are the given directories that no other given directory calls by a local
/// path; each becomes one unit with the resources of its module calls flattened into it.
/// `read_dir` adds the Terraform files of a module directory that discovery did not see
/// (outside the walked paths, or under `.terraform/modules`) to `db` and returns them.
/// Module directories outside every one of `repo_roots` are never read, nor `modules.json`
/// files (read up to `limit` bytes). When given directories call each other in a cycle, the
/// one nearest the filesystem root is the root module and the call that closes the cycle is
/// reported.
pub fn parse_modules(
    db: &mut SourceDb,
    dirs: &[TerraformDir],
    repo_roots: &[PathBuf],
    limit: MaxFileSize,
    read_dir: &mut dyn FnMut(&mut SourceDb, &Path) -> Vec<FileId>,
    cache: Option<&Cache>,
) -> Parsed {
    let mut modules = Modules {
        repo_roots: repo_roots.iter().map(|r| canonical(r)).collect(),
        limit,
        cache,
        ..Modules::default()
    };
    let mut parsed = Parsed::default();
    let given: Vec<(PathBuf, &TerraformDir)> =
        dirs.iter().map(|d| (canonical(&d.dir), d)).collect();
    let jobs = given
        .iter()
        .map(|(dir, d)| (dir.clone(), d.files.clone()))
        .collect();
    modules.load(db, jobs, &mut parsed.errors);

    // Directories called by a local path from another given directory are linted through
    // their callers only.
    let given_dirs: Vec<PathBuf> = given.iter().map(|(dir, _)| dir.clone()).collect();
    let roots = root_modules(&given_dirs, |dir| {
        modules
            .calls(dir)
            .filter_map(|call| call.source.as_deref())
            .filter(|source| is_local(source))
            .filter_map(|source| modules.usable_dir(&dir.join(source)))
            .collect()
    });
    let roots: Vec<&(PathBuf, &TerraformDir)> = given
        .iter()
        .zip(roots)
        .filter_map(|(given, is_root)| is_root.then_some(given))
        .collect();
    for (dir, _) in &roots {
        let manifest = modules.read_manifest(db, dir);
        modules.manifests.insert(dir.clone(), manifest);
    }

    // Read and lower the called directories that discovery did not see, level by level.
    let root_dirs: Vec<PathBuf> = roots.iter().map(|(dir, _)| dir.clone()).collect();
    let called = loop {
        let (wanted, called) = modules.wanted(&root_dirs);
        if wanted.is_empty() {
            break called;
        }
        let jobs = wanted
            .into_iter()
            .map(|dir| {
                let files = read_dir(db, &dir);
                (dir, files)
            })
            .collect();
        modules.load(db, jobs, &mut parsed.errors);
    };

    // A root module that no call reaches is instantiated once: its files are moved, not copied
    // (unless the cache holds them too).
    let owned: Vec<Option<Vec<Arc<ModuleFile>>>> = roots
        .iter()
        .map(|(dir, _)| {
            (!called.contains(dir))
                .then(|| modules.lowered.remove(dir))
                .flatten()
        })
        .collect();
    let db = &*db;
    parsed.units = roots
        .into_par_iter()
        .zip(owned)
        .map(|((dir, d), files)| modules.instantiate_root(db, dir, &d.tfvars, files))
        .collect();
    parsed
}

/// The lowered module directories and what is needed to find them.
#[derive(Default)]
struct Modules<'c> {
    /// Lowered files by canonical directory.
    lowered: HashMap<PathBuf, Vec<Arc<ModuleFile>>>,
    /// For each root module directory: its `modules.json` entries, call path to directory.
    manifests: HashMap<PathBuf, HashMap<String, PathBuf>>,
    /// Canonical repository roots: no module directory outside them is used.
    repo_roots: Vec<PathBuf>,
    /// The largest `modules.json` read.
    limit: MaxFileSize,
    /// What earlier runs kept.
    cache: Option<&'c Cache>,
}

impl Modules<'_> {
    /// Lowers one file (`is_vars`: a variable file), from the cache when it holds it.
    fn lower(&self, db: &SourceDb, id: FileId, is_vars: bool) -> Result<Lowered, ParseError> {
        match self.cache {
            Some(cache) => {
                let lower = || lower_file(db, id, is_vars);
                cache.files.get_or_lower(db, id, is_vars, lower)
            }
            None => lower_file(db, id, is_vars),
        }
    }

    /// Lowers the `.tf` files of directories, one task per file.
    fn load(
        &mut self,
        db: &SourceDb,
        jobs: Vec<(PathBuf, Vec<FileId>)>,
        errors: &mut Vec<ParseError>,
    ) {
        let files: Vec<(usize, FileId)> = jobs
            .iter()
            .enumerate()
            .flat_map(|(i, (_, ids))| ids.iter().map(move |&id| (i, id)))
            .collect();
        let results: Vec<(usize, Result<Lowered, ParseError>)> = files
            .par_iter()
            .map(|&(i, id)| (i, self.lower(db, id, false)))
            .collect();
        let mut per_dir: Vec<Vec<Arc<ModuleFile>>> = jobs.iter().map(|_| Vec::new()).collect();
        for (i, result) in results {
            match result {
                Ok(Lowered::Module(file)) => per_dir[i].push(file),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
        for ((dir, _), files) in jobs.into_iter().zip(per_dir) {
            self.lowered.insert(dir, files);
        }
    }

    /// The module calls of a lowered directory.
    fn calls(&self, dir: &Path) -> impl Iterator<Item = &Call> {
        self.lowered
            .get(dir)
            .into_iter()
            .flatten()
            .flat_map(|f| &f.calls)
    }

    /// The canonical form of `path` when it is a directory inside a repository root.
    fn usable_dir(&self, path: &Path) -> Option<PathBuf> {
        let dir = std::fs::canonicalize(path).ok()?;
        let inside = self.repo_roots.iter().any(|root| dir.starts_with(root));
        (inside && dir.is_dir()).then_some(dir)
    }

    /// The `modules.json` of a root module: call path (`logs.replica`) to directory, for the
    /// entries whose directory is usable. A manifest that exists but cannot be read (not a
    /// regular file, a link out of the root, too large) is recorded as refused.
    fn read_manifest(&self, db: &SourceDb, root: &Path) -> HashMap<String, PathBuf> {
        let path = root.join(".terraform").join("modules").join("modules.json");
        let text = match fsread::read_text(&path, Confine::Roots(&self.repo_roots), self.limit) {
            Ok(text) => text,
            Err(Refused::Missing) => return HashMap::new(),
            Err(refused) => {
                db.refuse(path, format!("cannot read: {refused}"));
                return HashMap::new();
            }
        };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
            return HashMap::new();
        };
        let entries = json.get("Modules").and_then(|m| m.as_array());
        entries
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let key = entry.get("Key")?.as_str()?;
                let dir = entry.get("Dir")?.as_str()?;
                if key.is_empty() {
                    return None;
                }
                Some((key.to_string(), self.usable_dir(&root.join(dir))?))
            })
            .collect()
    }

    /// The directory a call resolves to, when it may be followed: found, inside a repository
    /// root, and not too deep; `Err` with the position on the call stack of the directory it
    /// resolves to when that is already being instantiated (a cycle). `key` is the call's path.
    fn child_dir(
        &self,
        root: &Path,
        caller: &Path,
        key: &str,
        call: &Call,
        stack: &[PathBuf],
    ) -> Option<Result<PathBuf, usize>> {
        if stack.len() > MAX_MODULE_DEPTH {
            return None;
        }
        let source = call.source.as_deref()?;
        let local = is_local(source)
            .then(|| self.usable_dir(&caller.join(source)))
            .flatten();
        let dir = local.or_else(|| self.manifests.get(root)?.get(key).cloned())?;
        Some(match stack.iter().position(|d| *d == dir) {
            Some(at) => Err(at),
            None => Ok(dir),
        })
    }

    /// Called directories not lowered yet, reachable from the root modules, and every directory
    /// a call reaches.
    fn wanted(&self, roots: &[PathBuf]) -> (BTreeSet<PathBuf>, HashSet<PathBuf>) {
        let mut out = BTreeSet::new();
        let mut called = HashSet::new();
        for root in roots {
            let mut stack = vec![root.clone()];
            let mut count = 0;
            self.walk(root, "", &mut stack, (&mut out, &mut called), &mut count);
        }
        (out, called)
    }

    fn walk(
        &self,
        root: &Path,
        key: &str,
        stack: &mut Vec<PathBuf>,
        (out, called): (&mut BTreeSet<PathBuf>, &mut HashSet<PathBuf>),
        count: &mut usize,
    ) {
        let Some(dir) = stack.last().cloned() else {
            return;
        };
        if !self.lowered.contains_key(&dir) {
            out.insert(dir);
            return;
        }
        for call in self.calls(&dir) {
            let child_key = join_key(key, &call.name);
            if *count >= MAX_INSTANCES {
                return;
            }
            let Some(Ok(child)) = self.child_dir(root, &dir, &child_key, call, stack) else {
                continue;
            };
            *count += 1;
            called.insert(child.clone());
            stack.push(child);
            self.walk(root, &child_key, stack, (&mut *out, &mut *called), count);
            stack.pop();
        }
    }

    /// The unit of one root module; `files` are its lowered files when they were moved out of
    /// [`Modules::lowered`]. With a cache, the resources the last run made of the root module's
    /// unchanged files are reused when everything they read is unchanged (see [`super::made`]);
    /// else the unit is built again without them.
    fn instantiate_root(
        &self,
        db: &SourceDb,
        dir: &Path,
        tfvars: &[FileId],
        files: Option<Vec<Arc<ModuleFile>>>,
    ) -> Configuration {
        let previous = self.cache.and_then(|cache| cache.roots.get(dir));
        if let Some(previous) = &previous
            && let Some(unit) = self.build_root(db, (dir, tfvars), files.clone(), Some(previous))
        {
            return unit;
        }
        self.build_root(db, (dir, tfvars), files, None)
            .unwrap_or_default()
    }

    /// [`Modules::instantiate_root`] reusing what `previous` made, or `None` when that cannot be
    /// reused (always `Some` without `previous`). Keeps what it made in the cache, if any.
    fn build_root(
        &self,
        db: &SourceDb,
        (dir, tfvars): (&Path, &[FileId]),
        files: Option<Vec<Arc<ModuleFile>>>,
        previous: Option<&RootMade>,
    ) -> Option<Configuration> {
        let mut errors = Vec::new();
        let vars = tfvars
            .iter()
            .filter_map(|&id| match self.lower(db, id, true) {
                Ok(lowered) => Some(lowered),
                Err(e) => {
                    errors.push(e);
                    None
                }
            })
            .collect();
        let mut instancer = Instancer {
            modules: self,
            root: dir,
            count: 0,
            out: Configuration::default(),
            previous,
            made: None,
            mismatch: false,
        };
        let mut stack = vec![dir.to_path_buf()];
        let at = ("", "", &Providers::Root);
        instancer.instance(at, Vec::new(), vars, &mut stack, files);
        if instancer.mismatch {
            return None;
        }
        let mut out = instancer.out;
        out.errors.extend(errors);
        // Resources taken from the last run had their references fixed against its addresses.
        let making = instancer.made;
        let mut unfixed = vec![true; out.resources.len()];
        for range in making.iter().flat_map(Making::reused) {
            unfixed[range].fill(false);
        }
        let addresses = match previous {
            Some(previous)
                if previous
                    .addresses
                    .iter()
                    .eq(out.resources.iter().map(|r| &r.address)) =>
            {
                previous.addresses.clone()
            }
            _ if unfixed.contains(&false) => return None,
            _ => Arc::new(out.resources.iter().map(|r| r.address.clone()).collect()),
        };
        expand::fix_references(&mut out, &addresses, |i| unfixed[i]);
        if let (Some(cache), Some(making)) = (self.cache, making)
            && out.limits.is_empty()
        {
            cache.roots.put(dir, making.finish(&out, addresses));
        }
        Some(out)
    }
}

/// Builds the instances of one root module.
struct Instancer<'a> {
    modules: &'a Modules<'a>,
    /// The root module's directory (whose `modules.json` is used).
    root: &'a Path,
    /// Module instances so far.
    count: usize,
    /// The unit being built.
    out: Configuration,
    /// What the last run made of the root module's own files, to reuse.
    previous: Option<&'a RootMade>,
    /// What this run made of them, with a cache.
    made: Option<Making>,
    /// Set when `previous` turned out not to be reusable.
    mismatch: bool,
}

/// A call's arguments, substituted in the caller's scope.
type Args = Vec<(String, Value)>;

/// Outputs of the module calls of one instance, by prefixed target (`module.logs.module.replica`).
pub(super) type Outputs = HashMap<String, HashMap<String, Value>>;

impl Instancer<'_> {
    /// Adds the instance of the module at the top of `stack` (address prefix `prefix`, call path
    /// `key`, provider configurations `provider_names`) with its calls, and returns its outputs.
    /// `owned` are the module's lowered files when they may be moved (a root module
    /// instantiated once: moved when nothing else holds them); else they are copied. A root
    /// module with [`Instancer::previous`] reuses its unchanged files' resources, or sets
    /// [`Instancer::mismatch`].
    fn instance(
        &mut self,
        (prefix, key, provider_names): (&str, &str, &Providers),
        inputs: Args,
        vars: Vec<Lowered>,
        stack: &mut Vec<PathBuf>,
        mut owned: Option<Vec<Arc<ModuleFile>>>,
    ) -> HashMap<String, Value> {
        let modules = self.modules;
        let Some(dir) = stack.last().cloned() else {
            return HashMap::new();
        };
        // Names, resources and providers are moved out of owned files that nothing else holds
        // (the cache does not); the rest is read in place.
        let mut moved_names = Vec::new();
        let mut moved_resources = Vec::new();
        let mut moved_providers = Vec::new();
        for file in owned.iter_mut().flatten() {
            let mut file = Arc::get_mut(file);
            let file = &mut file;
            moved_names.push(
                file.as_mut()
                    .map(|f| (take(&mut f.defaults), take(&mut f.locals))),
            );
            moved_resources.push(file.as_mut().map(|f| take(&mut f.resources)));
            moved_providers.push(file.as_mut().map(|f| take(&mut f.providers)));
        }
        let files: &[Arc<ModuleFile>] = match &owned {
            Some(files) => files,
            None => match modules.lowered.get(&dir) {
                Some(files) => files,
                None => return HashMap::new(),
            },
        };
        let mut scope = Scope::default();
        for (name, ty) in files.iter().flat_map(|f| &f.types) {
            scope.declare_type(name, ty.clone());
        }
        for name in files.iter().flat_map(|f| &f.non_nullable) {
            scope.declare_non_nullable(name);
        }
        for (i, file) in files.iter().enumerate() {
            if let Some((defaults, locals)) = moved_names.get_mut(i).and_then(Option::take) {
                for (name, value) in defaults {
                    scope.declare_var(&name, value);
                }
                for (name, value) in locals {
                    scope.declare_local(&name, value);
                }
                continue;
            }
            for (name, value) in &file.defaults {
                scope.declare_var(name, prefixed(value, prefix));
            }
            for (name, value) in &file.locals {
                scope.declare_local(name, prefixed(value, prefix));
            }
        }
        for lowered in vars {
            match lowered {
                Lowered::Vars(assignments) => {
                    for (name, value) in assignments {
                        scope.assign(&name, value);
                    }
                }
                Lowered::JsonVars(value) => scope.assign_json(value),
                Lowered::Module(_) => {}
            }
        }
        for (name, value) in inputs {
            scope.bind(&name, value);
        }
        scope.resolve_all();

        // Module calls, each once the calls its arguments use have been made (when possible).
        let mut pending: Vec<(String, &Call, Args)> = files
            .iter()
            .flat_map(|f| &f.calls)
            .map(|call| {
                let args = call
                    .args
                    .iter()
                    .map(|(name, value)| {
                        let mut value = prefixed(value, prefix);
                        scope.substitute(&mut value);
                        (name.clone(), value)
                    })
                    .collect();
                (format!("{prefix}module.{}", call.name), call, args)
            })
            .collect();
        let mut outputs = Outputs::new();
        while !pending.is_empty() {
            let waiting: HashSet<String> = pending.iter().map(|(t, _, _)| t.clone()).collect();
            let next = pending
                .iter()
                .position(|(_, call, args)| {
                    let waits = |address: &String| waiting.contains(&format!("{prefix}{address}"));
                    !args.iter().any(|(_, v)| uses_any(v, &waiting, prefix))
                        && !call.depends_on.iter().any(|(address, _)| waits(address))
                })
                .unwrap_or(0);
            let (target, call, mut args) = pending.remove(next);
            for (_, value) in &mut args {
                fill_outputs(value, &outputs, prefix);
            }
            let child_key = join_key(key, &call.name);
            let child = match modules.child_dir(self.root, &dir, &child_key, call, stack) {
                Some(Ok(child)) => child,
                Some(Err(at)) => {
                    self.cycle(call, &target, &child_key, at);
                    continue;
                }
                None => continue,
            };
            let meta = |value: &Option<Value>| {
                let mut value = prefixed(value.as_ref()?, prefix);
                scope.substitute(&mut value);
                fill_outputs(&mut value, &outputs, prefix);
                Some(value)
            };
            let (count, for_each) = (meta(&call.count), meta(&call.for_each));
            let mut unexpanded = None;
            let instances = expand::known_instances(count.as_ref(), for_each.as_ref())
                .unwrap_or_else(|| {
                    unexpanded = expand::unexpanded(count.as_ref(), for_each.as_ref());
                    expand::single()
                });
            let expanded = instances
                .first()
                .is_some_and(|(suffix, _)| !suffix.is_empty())
                || instances.is_empty();
            let first = self.out.resources.len();
            let last = instances.len().saturating_sub(1);
            let child_providers = provider_names.child(call);
            let mut args = Some(args);
            let mut child_outputs = HashMap::new();
            for (i, (suffix, bindings)) in instances.into_iter().enumerate() {
                if self.count >= MAX_INSTANCES {
                    break;
                }
                self.count += 1;
                // The last instance takes the arguments: no copy for the usual single one.
                let mut args =
                    if i == last { args.take() } else { args.clone() }.unwrap_or_default();
                for (_, value) in &mut args {
                    expand::bind(value, &bindings);
                    // Iterator uses left (an unknown `count` or `for_each`) must not be taken
                    // for the child's own iterators.
                    expand::finalize(value, 0);
                }
                let child_prefix = format!("{target}{suffix}.");
                self.out.module_calls.push(ModuleCall {
                    prefix: child_prefix.clone(),
                    header: call.header,
                });
                stack.push(child.clone());
                let at = (child_prefix.as_str(), child_key.as_str(), &child_providers);
                child_outputs = self.instance(at, args, Vec::new(), stack, None);
                stack.pop();
            }
            // `depends_on` on a module block applies to every resource of the module.
            let deps: Vec<(String, Span)> = call
                .depends_on
                .iter()
                .map(|(address, span)| (format!("{prefix}{address}"), *span))
                .collect();
            let deps = self.expand_dependencies(&deps, &outputs);
            // The module's resources were just made: nothing else holds them.
            for r in self.out.resources.iter_mut().skip(first) {
                let r = Arc::make_mut(r);
                r.depends_on.extend(deps.iter().cloned());
                if r.unexpanded.is_none() {
                    r.unexpanded.clone_from(&unexpanded);
                }
            }
            // The outputs of a module with `count` or `for_each` are used through an instance
            // key (`module.x[0].out`), which is not followed: they stay symbolic.
            if expanded {
                child_outputs.clear();
            }
            outputs.insert(target, child_outputs);
        }

        // The module's own resources, file by file: a root module reuses what the last run made
        // of an unchanged file when everything it read is unchanged (see [`super::made`]).
        let budget = scope.budget_left();
        let reusable = self
            .previous
            .filter(|previous| owned.is_some() && Self::reads_as(previous, &scope, &outputs));
        let kept: Vec<Option<&FileMade>> = files
            .iter()
            .map(|file| reusable.and_then(|previous| previous.files.get(&file_key(file))))
            .collect();
        let mut counts = Vec::with_capacity(files.len());
        let mut resources = Vec::new();
        for (i, file) in files.iter().enumerate() {
            let start = resources.len();
            if kept[i].is_none() {
                match moved_resources.get_mut(i).and_then(Option::take) {
                    Some(moved) => resources.extend(moved),
                    // Only a root module is owned: its addresses have no prefix.
                    None if owned.is_some() => resources.extend(file.resources.iter().cloned()),
                    None => resources.extend(
                        file.resources
                            .iter()
                            .map(|r| Arc::new(instance_resource(r, prefix, provider_names))),
                    ),
                }
            }
            counts.push(resources.len() - start);
        }
        for r in &mut resources {
            let r = Arc::make_mut(r);
            r.depends_on = self.expand_dependencies(&r.depends_on, &outputs);
        }
        let charged: Vec<usize> = resources
            .par_iter_mut()
            .map(|r| {
                let r = Arc::make_mut(r);
                let charged = scope.substitute_charged(&mut r.body);
                fill_outputs(&mut r.body, &outputs, prefix);
                charged
            })
            .collect();
        // Each file's charge and absent resources, and the module's absent resources.
        let mut absent = HashSet::new();
        let mut per_file = Vec::with_capacity(files.len());
        let mut at = 0;
        for (made, &count) in kept.iter().zip(&counts) {
            let share = match made {
                Some(made) => (made.charged, made.absent.clone()),
                None => (
                    charged[at..at + count].iter().sum(),
                    absent::absent_resources(resources[at..at + count].iter().map(|r| &**r))
                        .into_iter()
                        .collect(),
                ),
            };
            at += count;
            absent.extend(share.1.iter().cloned());
            per_file.push(share);
        }
        if let Some(previous) = reusable {
            let reused = kept.iter().flatten().map(|made| made.charged).sum();
            if absent != previous.absent || !scope.charge_reused(reused) || scope.reached_limit() {
                self.mismatch = true;
                return HashMap::new();
            }
        }
        let mut expanded = resources
            .into_par_iter()
            .map(|mut r| {
                absent::fail_absent(&mut Arc::make_mut(&mut r).body, &absent);
                expand::expand_resource(r)
            })
            .collect::<Vec<_>>()
            .into_iter();
        let mut shares = Vec::new();
        for (((file, made), count), (charged, absent)) in
            files.iter().zip(&kept).zip(counts).zip(per_file)
        {
            let start = self.out.resources.len();
            match made {
                Some(made) => self.out.resources.extend(made.resources.iter().cloned()),
                None => {
                    let instances = expanded.by_ref().take(count).flatten();
                    self.out.resources.extend(instances);
                }
            }
            shares.push(FileShare {
                file: file.clone(),
                charged,
                absent,
                range: start..self.out.resources.len(),
                reused: made.is_some(),
            });
        }
        // Provider blocks of called modules would clash with the root's (and are legacy).
        if prefix.is_empty() {
            let mut providers = Vec::new();
            for (i, file) in files.iter().enumerate() {
                match moved_providers.get_mut(i).and_then(Option::take) {
                    Some(moved) => providers.extend(moved),
                    None => providers.extend(file.providers.iter().cloned()),
                }
            }
            for mut provider in providers {
                scope.substitute(&mut provider.body);
                fill_outputs(&mut provider.body, &outputs, prefix);
                expand::finalize_body(&mut provider.body);
                self.out.providers.push(provider);
            }
        }
        let own_outputs = files
            .iter()
            .flat_map(|f| &f.outputs)
            .map(|(name, value)| {
                let mut value = prefixed(value, prefix);
                scope.substitute(&mut value);
                fill_outputs(&mut value, &outputs, prefix);
                absent::fail_absent(&mut value, &absent);
                (name.clone(), value)
            })
            .collect::<HashMap<_, _>>();
        self.out.limits.extend(scope.take_limits());
        if owned.is_some() && modules.cache.is_some() {
            self.made = Some(Making {
                scope,
                budget,
                outputs,
                absent,
                shares,
            });
        }
        own_outputs
    }

    /// Whether the resources `previous` made of the root module's files read what they would
    /// read now: the same variables and locals, budget and module outputs (no limit reached).
    /// The rest they read is compared once it is known: the absent resources here, the unit's
    /// addresses by [`Modules::build_root`].
    fn reads_as(previous: &RootMade, scope: &Scope, outputs: &Outputs) -> bool {
        previous.budget == scope.budget_left()
            && !scope.reached_limit()
            && previous.outputs == *outputs
            && scope.same_values(&previous.scope)
    }
}

impl Instancer<'_> {
    /// Reports a call whose source leads back to the module at position `at` of the call stack
    /// (0: the root module), once per call site, at its `source`.
    fn cycle(&mut self, call: &Call, target: &str, key: &str, at: usize) {
        let span = call.source_span.unwrap_or(call.header);
        if self.out.errors.iter().any(|e| e.span == span) {
            return;
        }
        let back_to = match key.split('.').take(at).collect::<Vec<_>>() {
            names if names.is_empty() => "the root module".to_string(),
            names => format!("`module.{}`", names.join(".module.")),
        };
        let source = call.source.as_deref().unwrap_or_default();
        self.out.errors.push(ParseError {
            span,
            message: format!(
                "module cycle: the source `{source}` of `{target}` leads back to {back_to}; Terraform cannot load a module that calls itself, so this call is not followed"
            ),
        });
    }

    /// The dependencies with each module call that was followed (`module.x`, prefixed) also
    /// standing for every resource of that module, as Terraform reads it.
    fn expand_dependencies(&self, deps: &[(String, Span)], calls: &Outputs) -> Vec<(String, Span)> {
        let mut out = Vec::with_capacity(deps.len());
        for (address, span) in deps {
            out.push((address.clone(), *span));
            if calls.contains_key(address) {
                let inside = |r: &str| {
                    r.strip_prefix(address.as_str())
                        .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
                };
                out.extend(
                    self.out
                        .resources
                        .iter()
                        .filter(|r| inside(&r.address))
                        .map(|r| (r.address.clone(), *span)),
                );
            }
        }
        out
    }
}

/// Which of the `given` directories are root modules, in order: those no other given directory
/// calls by a local path (`calls`: the given and other directories a directory calls). Given
/// directories that call each other in a cycle, and that no given directory outside the cycle
/// calls, have one root module: the one nearest the filesystem root (then by name).
fn root_modules(given: &[PathBuf], calls: impl Fn(&Path) -> Vec<PathBuf>) -> Vec<bool> {
    let index: HashMap<&PathBuf, usize> = given.iter().enumerate().map(|(i, d)| (d, i)).collect();
    let edges: Vec<Vec<usize>> = given
        .iter()
        .enumerate()
        .map(|(i, dir)| {
            let mut out: Vec<usize> = calls(dir)
                .iter()
                .filter_map(|child| index.get(child).copied())
                .filter(|&j| j != i)
                .collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    let mut callers: Vec<Vec<usize>> = vec![Vec::new(); given.len()];
    for (i, out) in edges.iter().enumerate() {
        for &j in out {
            callers[j].push(i);
        }
    }
    let reach = |from: usize| {
        let mut seen = vec![false; given.len()];
        let mut todo = vec![from];
        while let Some(i) = todo.pop() {
            for &j in &edges[i] {
                if !seen[j] {
                    seen[j] = true;
                    todo.push(j);
                }
            }
        }
        seen
    };
    let order = |i: usize| (given[i].components().count(), &given[i]);
    (0..given.len())
        .map(|i| {
            if callers[i].is_empty() {
                return true;
            }
            // Called: a root only as the first of a cycle that nothing outside it calls.
            let from_i = reach(i);
            if !callers[i].iter().any(|&c| from_i[c]) {
                return false;
            }
            let cycle: Vec<usize> = (0..given.len())
                .filter(|&j| j == i || (from_i[j] && reach(j)[i]))
                .collect();
            let first = cycle.iter().copied().min_by_key(|&j| order(j)) == Some(i);
            first
                && cycle
                    .iter()
                    .all(|&j| callers[j].iter().all(|c| cycle.contains(c)))
        })
        .collect()
}

/// True for a local module source.
fn is_local(source: &str) -> bool {
    source == "." || source == ".." || source.starts_with("./") || source.starts_with("../")
}

/// The call path of a call named `name` inside the module at `key`.
fn join_key(key: &str, name: &str) -> String {
    if key.is_empty() {
        name.to_string()
    } else {
        format!("{key}.{name}")
    }
}

/// A module resource as an instance at `prefix` has it: its address, dependencies and
/// references prefixed, and its provider named as the root module names it.
fn instance_resource(r: &Resource, prefix: &str, provider_names: &Providers) -> Resource {
    let mut r = r.clone();
    r.address = format!("{prefix}{}", r.address);
    for (address, _) in &mut r.depends_on {
        *address = format!("{prefix}{address}");
    }
    prefix_refs(&mut r.body, prefix);
    let name = r
        .provider
        .as_deref()
        .unwrap_or_else(|| default_provider(&r.type_name));
    let root_name = provider_names.resolve(name);
    r.provider = Some(root_name.unwrap_or_else(|| UNKNOWN_PROVIDER.to_string()));
    r
}

/// The path itself when it cannot be canonicalized.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A copy of `value` with its reference targets prefixed.
fn prefixed(value: &Value, prefix: &str) -> Value {
    let mut value = value.clone();
    prefix_refs(&mut value, prefix);
    value
}

/// Prefixes the target of every reference in `value` except placeholders and references to
/// provider-wide data sources ([`PROVIDER_DATA`]).
fn prefix_refs(value: &mut Value, prefix: &str) {
    if prefix.is_empty() {
        return;
    }
    let fix = |r: &mut crate::value::Reference| {
        if !placeholder::is(r) && !PROVIDER_DATA.iter().any(|d| r.target.starts_with(d)) {
            r.target = format!("{prefix}{}", r.target);
        }
    };
    match &mut value.kind {
        ValueKind::Ref(r) => fix(r),
        ValueKind::Template(parts) => {
            for part in parts {
                if let TextPart::Ref(r) = part {
                    fix(r);
                }
            }
        }
        ValueKind::List(items) => items.iter_mut().for_each(|v| prefix_refs(v, prefix)),
        ValueKind::Map(entries) => entries
            .iter_mut()
            .for_each(|e| prefix_refs(&mut e.value, prefix)),
        _ => {}
    }
}

/// True when `value` uses one of the module calls in `targets` (prefixed `module.NAME`): an
/// output placeholder of it, or a reference to it.
fn uses_any(value: &Value, targets: &HashSet<String>, prefix: &str) -> bool {
    value.references().iter().any(|(r, _)| {
        match placeholder::module_output(&r.target).filter(|_| placeholder::is(r)) {
            Some((name, _)) => targets.contains(&format!("{prefix}module.{name}")),
            None => targets.contains(&r.target),
        }
    })
}

/// Fills in the module output placeholders (`module.NAME.OUTPUT`, see [`placeholder`]) of
/// the calls made so far with their outputs (the steps written after them applied, operations
/// over them reduced); the outputs of a call that was not followed (not found, or with `count`
/// / `for_each`) become symbolic references to the prefixed call (`module.NAME.OUTPUT`).
pub(super) fn fill_outputs(value: &mut Value, outputs: &Outputs, prefix: &str) {
    let span = value.span;
    vars::substitute_with(value, |key| {
        let (name, output) = placeholder::module_output(key)?;
        let target = format!("{prefix}module.{name}");
        let found = outputs.get(&target).and_then(|o| o.get(output)).cloned();
        Some(found.unwrap_or_else(|| {
            let reference = Reference {
                target,
                attr: vec![output.to_string()],
            };
            Value::new(ValueKind::reference(reference), span)
        }))
    });
}
