//! Runs that share a cache (as the language server's do) give exactly what a fresh run gives,
//! through edits that change findings and undo them, deleted and added files, variable files,
//! templates and `file()` targets, suppression comments, ignore files and the configuration;
//! files changed on disk between runs are seen whether or not the run before took its
//! discovery and files over; the cache holds only the files of the last run.

use repl_lint::pipeline::{Cache, Reused};
use repl_lint::source::stamp::MARGIN;
use repl_lint::{Options, lint};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// A temporary workspace with `examples/fixed`'s Terraform files, and a cache shared by its runs.
struct Workspace {
    _dir: tempfile::TempDir,
    root: PathBuf,
    cache: Arc<Cache>,
    overlay: Vec<(PathBuf, String)>,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for name in [
            "buckets.tf",
            "iam.tf",
            "providers.tf",
            "replication.tf",
            "variables.tf",
        ] {
            std::fs::write(root.join(name), fixed(name)).unwrap();
        }
        Workspace {
            _dir: dir,
            root,
            cache: Arc::default(),
            overlay: Vec::new(),
        }
    }

    /// Waits until every file written so far is old enough for a run to prove it unchanged
    /// (`repl_lint::source::stamp`): the next runs take the files over.
    fn settle(&self) {
        std::thread::sleep(MARGIN + Duration::from_millis(100));
    }

    /// What the last run with the cache took over from the one before.
    fn reused(&self) -> Reused {
        self.cache.reused()
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.root.join(name), text).unwrap();
    }

    /// An unsaved buffer standing in for `name`.
    fn edit(&mut self, name: &str, text: &str) {
        let path = self.root.join(name);
        self.overlay.retain(|(p, _)| *p != path);
        self.overlay.push((path, text.to_string()));
    }

    fn options(&self, cache: Option<Arc<Cache>>) -> Options {
        let mut options = repl_lint::args::plain_options(&self.root).unwrap();
        options.cache = cache;
        for (path, text) in &self.overlay {
            options.overlay.set(path.clone(), Arc::from(text.as_str()));
        }
        options
    }

    /// The findings of a run with the shared cache, after checking that they are those of a
    /// run without it: `RULE file:line:col message`.
    fn findings(&self) -> Vec<String> {
        let cached = findings(&self.options(Some(self.cache.clone())));
        let fresh = findings(&self.options(None));
        assert_eq!(
            cached, fresh,
            "a run with the cache differs from a fresh run"
        );
        cached
    }

    /// How many files the cache holds.
    fn cached_files(&self) -> usize {
        self.cache.terraform.files.len()
    }
}

fn findings(options: &Options) -> Vec<String> {
    let outcome = lint(options).unwrap();
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome.db.file(d.primary.file);
            let (start, _) = outcome.db.range(d.primary);
            let name = file.path.file_name().unwrap().to_string_lossy();
            format!("{} {name}:{start:?} {}", d.rule, d.message)
        })
        .collect()
}

fn rules(findings: &[String]) -> Vec<&str> {
    findings.iter().map(|f| &f[..5]).collect()
}

fn fixed(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/fixed")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// `buckets.tf` with the replica's versioning status (the second one) set to `status`, written
/// as it is given (a literal in quotes, or an expression).
fn replica_versioning(status: &str) -> String {
    let text = fixed("buckets.tf");
    let at = text.rfind("status = \"Enabled\"").unwrap();
    format!("{}status = {status}{}", &text[..at], &text[at + 18..])
}

#[test]
fn an_edit_that_changes_findings_and_the_edit_back() {
    let mut ws = Workspace::new();
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    assert_eq!(ws.cached_files(), 5);
    ws.edit("buckets.tf", &replica_versioning("\"Suspended\""));
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    ws.edit("buckets.tf", &replica_versioning("\"Enabled\""));
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    assert_eq!(ws.cached_files(), 5);
}

#[test]
fn a_deleted_file_is_dropped_and_an_added_one_shifts_nothing_wrong() {
    let ws = Workspace::new();
    ws.write("buckets.tf", &replica_versioning("\"Suspended\""));
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    // A file sorted before the others: every file after it gets another id.
    ws.write("a.tf", "locals {\n  unused = 1\n}\n");
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    assert_eq!(ws.cached_files(), 6);
    std::fs::remove_file(ws.root.join("a.tf")).unwrap();
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    assert_eq!(ws.cached_files(), 5);
    // The replica's versioning goes away with its file: the finding changes.
    std::fs::remove_file(ws.root.join("buckets.tf")).unwrap();
    let without = ws.findings();
    assert!(!rules(&without).contains(&"RL202"), "{without:?}");
    assert_eq!(ws.cached_files(), 4);
}

#[test]
fn a_change_of_the_variable_files_is_seen() {
    let ws = Workspace::new();
    let variable = "variable \"replica_status\" {\n  default = \"Enabled\"\n}\n";
    ws.write("status.tf", variable);
    ws.write("buckets.tf", &replica_versioning("var.replica_status"));
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    ws.write("terraform.tfvars", "replica_status = \"Suspended\"\n");
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    ws.write("terraform.tfvars", "replica_status = \"Enabled\"\n");
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    ws.write("status.auto.tfvars", "replica_status = \"Suspended\"\n");
    assert_eq!(rules(&ws.findings()), ["RL202"]);
}

#[test]
fn a_changed_template_is_linted_again() {
    let mut ws = Workspace::new();
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/formats/versioning/template.yaml"),
    )
    .unwrap();
    ws.write("template.yaml", &template);
    // The source bucket's versioning is Suspended: RL201.
    let suspended = ws.findings();
    assert!(rules(&suspended).contains(&"RL201"), "{suspended:?}");
    ws.edit(
        "template.yaml",
        &template.replace("Status: Suspended", "Status: Enabled"),
    );
    let enabled = ws.findings();
    assert!(!rules(&enabled).contains(&"RL201"), "{enabled:?}");
    assert_eq!(enabled.len(), suspended.len() - 1);
}

#[test]
fn a_file_read_by_file_is_read_again_when_it_changes() {
    let ws = Workspace::new();
    ws.write("status.txt", "Enabled");
    ws.write("buckets.tf", &replica_versioning("file(\"status.txt\")"));
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    ws.write("status.txt", "Suspended");
    assert_eq!(rules(&ws.findings()), ["RL202"]);
}

/// `buckets.tf` with the replica's versioning status set to `status` and the other files left
/// as they are: an edit elsewhere that changes what `status` reads must reach it.
fn with_replica_status(ws: &Workspace, status: &str) {
    ws.write("buckets.tf", &replica_versioning(status));
}

#[test]
fn a_changed_default_or_local_reaches_an_unchanged_file() {
    let ws = Workspace::new();
    let names = |default: &str, local: &str| {
        format!(
            "variable \"replica_status\" {{\n  default = \"{default}\"\n}}\nlocals {{\n  status = \"{local}\"\n}}\n"
        )
    };
    ws.write("status.tf", &names("Enabled", "Enabled"));
    with_replica_status(&ws, "var.replica_status");
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    ws.write("status.tf", &names("Suspended", "Enabled"));
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    ws.write("status.tf", &names("Enabled", "Enabled"));
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    with_replica_status(&ws, "local.status");
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    ws.write("status.tf", &names("Enabled", "Suspended"));
    assert_eq!(rules(&ws.findings()), ["RL202"]);
}

#[test]
fn a_module_call_argument_and_a_module_output_reach_an_unchanged_file() {
    let ws = Workspace::new();
    std::fs::create_dir(ws.root.join("status")).unwrap();
    ws.write(
        "status/main.tf",
        "variable \"value\" {}\noutput \"status\" {\n  value = var.value\n}\n",
    );
    let call = |value: &str| {
        format!("module \"status\" {{\n  source = \"./status\"\n  value  = \"{value}\"\n}}\n")
    };
    ws.write("call.tf", &call("Enabled"));
    with_replica_status(&ws, "module.status.status");
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    ws.write("call.tf", &call("Suspended"));
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    ws.write("call.tf", &call("Enabled"));
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    // Only the called module changes.
    ws.write(
        "status/main.tf",
        "variable \"value\" {}\noutput \"status\" {\n  value = \"Suspended\"\n}\n",
    );
    assert_eq!(rules(&ws.findings()), ["RL202"]);
}

#[test]
fn a_count_in_one_file_reaches_the_references_of_an_unchanged_file() {
    let ws = Workspace::new();
    let marker = |count: u32| {
        format!(
            "resource \"aws_s3_bucket\" \"marker\" {{\n  count  = {count}\n  bucket = \"marker\"\n}}\n"
        )
    };
    ws.write("marker.tf", &marker(0));
    // No marker instance: the reference fails and `try` gives "Suspended".
    with_replica_status(&ws, "try(aws_s3_bucket.marker[0].id, \"Suspended\")");
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    ws.write("marker.tf", &marker(1));
    assert!(!rules(&ws.findings()).contains(&"RL202"));
    ws.write("marker.tf", &marker(0));
    assert_eq!(rules(&ws.findings()), ["RL202"]);
}

#[test]
fn a_file_moved_to_another_module_is_linted_there() {
    let ws = Workspace::new();
    ws.write("buckets.tf", &replica_versioning("var.replica_status"));
    ws.write(
        "status.tf",
        "variable \"replica_status\" {\n  default = \"Enabled\"\n}\n",
    );
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    // In a module of its own, the buckets are no longer those the replication names.
    std::fs::create_dir(ws.root.join("other")).unwrap();
    ws.write(
        "other/status.tf",
        "variable \"replica_status\" {\n  default = \"Suspended\"\n}\n",
    );
    std::fs::rename(ws.root.join("buckets.tf"), ws.root.join("other/buckets.tf")).unwrap();
    let moved = ws.findings();
    assert!(rules(&moved).contains(&"RL002"), "{moved:?}");
    std::fs::rename(ws.root.join("other/buckets.tf"), ws.root.join("buckets.tf")).unwrap();
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
}

/// Five files of the workspace and `extra` more, all taken over.
fn all_taken_over(extra: usize) -> Reused {
    Reused {
        discovery: true,
        files: 5 + extra,
        suppressions: 5 + extra,
    }
}

#[test]
fn files_changed_added_and_deleted_on_disk_between_cached_runs_are_seen() {
    let ws = Workspace::new();
    ws.settle();
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    assert_eq!(ws.reused(), all_taken_over(0));
    // Written in place: the directory's listing stays, the file's stamp changes.
    ws.write("buckets.tf", &replica_versioning("\"Suspended\""));
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    let reused = ws.reused();
    assert!(reused.discovery && reused.files == 4, "{reused:?}");
    // The same size as before: only the times tell.
    ws.write("buckets.tf", &replica_versioning("\"Disabled!\""));
    let same_size = ws.findings();
    assert_ne!(rules(&same_size), ["RL202"], "{same_size:?}");
    ws.write("buckets.tf", &replica_versioning("\"Suspended\""));
    ws.settle();
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    assert_eq!(ws.reused(), all_taken_over(0));
    // Added: the directory's listing changed.
    ws.write(
        "replica_versioning.tf",
        "locals {\n  replica_versioning_status = \"Suspended\"\n}\n",
    );
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    assert!(!ws.reused().discovery);
    assert_eq!(ws.cached_files(), 6);
    ws.settle();
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    assert_eq!(ws.reused(), all_taken_over(1));
    // Deleted.
    std::fs::remove_file(ws.root.join("buckets.tf")).unwrap();
    let without = ws.findings();
    assert!(!rules(&without).contains(&"RL202"), "{without:?}");
    assert!(!ws.reused().discovery);
    assert_eq!(ws.cached_files(), 5);
}

#[test]
fn a_suppression_comment_added_in_an_edit_takes_effect_at_once() {
    let mut ws = Workspace::new();
    let suspended = replica_versioning("\"Suspended\"");
    ws.write("buckets.tf", &suspended);
    ws.settle();
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    let at = suspended.rfind("status = ").unwrap();
    let suppressed = format!(
        "{}# repl-lint: ignore RL202 the replica is paused\n    {}",
        &suspended[..at],
        &suspended[at..]
    );
    // Opening the document is discovered again (a new path of the overlay); only its file is
    // read again and looked through for suppressions.
    ws.edit("buckets.tf", &suppressed);
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    let reused = ws.reused();
    assert!(reused.files == 4 && reused.suppressions == 4, "{reused:?}");
    // An unchanged edit keeps the file, and its suppression.
    assert_eq!(rules(&ws.findings()), Vec::<&str>::new());
    assert_eq!(ws.reused(), all_taken_over(0));
    ws.edit("buckets.tf", &suspended);
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    let malformed = suppressed.replace("ignore RL202", "ignore RL999");
    ws.edit("buckets.tf", &malformed);
    assert_eq!(rules(&ws.findings()), ["RL004", "RL202"]);
}

#[test]
fn an_ignore_file_written_in_place_is_obeyed_at_once() {
    let ws = Workspace::new();
    ws.write("buckets.tf", &replica_versioning("\"Suspended\""));
    ws.write(".gitignore", "");
    ws.settle();
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    assert!(ws.reused().discovery);
    ws.write(".gitignore", "buckets.tf\n");
    let ignored = ws.findings();
    assert!(!rules(&ignored).contains(&"RL202"), "{ignored:?}");
    assert!(!ws.reused().discovery);
    assert_eq!(ws.cached_files(), 4);
}

#[test]
fn a_changed_configuration_applies_to_a_discovery_taken_over() {
    let ws = Workspace::new();
    ws.write("buckets.tf", &replica_versioning("\"Suspended\""));
    ws.write(".repl-lint.toml", "");
    ws.settle();
    assert_eq!(rules(&ws.findings()), ["RL202"]);
    ws.write(".repl-lint.toml", "exclude = [\"buckets.tf\"]\n");
    let excluded = ws.findings();
    assert!(!rules(&excluded).contains(&"RL202"), "{excluded:?}");
    assert!(ws.reused().discovery);
    ws.write(".repl-lint.toml", "");
    assert_eq!(rules(&ws.findings()), ["RL202"]);
}
