//! The whole pipeline on a multi-file workspace held in memory: the input is split at NUL bytes
//! into the files of [`FILES`] (in order; missing ones are absent), given to `lint` as the
//! overlay of an empty directory on disk, so that discovery, parsing of every format, modules
//! (`./modules/child`), plan/source pairing, linking, rules, suppressions and reports all run.
#![no_main]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use repl_lint::report::{Format, HumanOptions, write_report};

/// The workspace's files, filled from the input's NUL-separated parts in this order.
const FILES: &[&str] = &[
    "main.tf",
    "variables.tf",
    "terraform.tfvars",
    "modules/child/main.tf",
    "extra.tf.json",
    "template.yaml",
    "template.json",
    "plan.json",
];

/// An empty directory (with `modules/child/`) that stands for the workspace on disk.
fn workspace() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("repl-lint-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("modules/child")).expect("temporary directory");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = workspace();
    let mut options = repl_lint::Options {
        paths: vec![dir.clone()],
        explain_gaps: true,
        report_unused_suppressions: true,
        ..Default::default()
    };
    for (name, part) in FILES.iter().zip(data.split(|&b| b == 0)) {
        let text = String::from_utf8_lossy(part);
        options
            .overlay
            .set(dir.join(name), Arc::from(text.as_ref()));
    }
    let Ok(outcome) = repl_lint::lint(&options) else {
        return;
    };
    let fixes = repl_lint::fix::candidate_fixes(&outcome);
    for format in [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Rdjson,
    ] {
        let mut out = Vec::new();
        let human = HumanOptions {
            show_notes: true,
            ..HumanOptions::default()
        };
        let _ = write_report(
            &mut out,
            format,
            &outcome.db,
            &outcome.diagnostics,
            &outcome.summary,
            &human,
            &fixes,
        );
    }
});
