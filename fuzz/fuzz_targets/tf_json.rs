//! Terraform JSON syntax: one `.tf.json` file parsed and lowered as a root module.
#![no_main]

use libfuzzer_sys::fuzz_target;
use repl_lint::source::{SourceDb, SourceFile};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut db = SourceDb::default();
    let path = "main.tf.json";
    let id = db.add(SourceFile::new(path.into(), path.into(), text));
    let _ = repl_lint::syntax::hcl::parse_module(&db, &[id], &[]);
});
