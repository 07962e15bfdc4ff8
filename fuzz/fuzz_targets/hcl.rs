//! Terraform native syntax: one `.tf` file parsed and lowered as a root module (expressions,
//! functions, `count`/`for_each`/`dynamic`, variables and locals).
#![no_main]

use libfuzzer_sys::fuzz_target;
use repl_lint::source::{SourceDb, SourceFile};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut db = SourceDb::default();
    let id = db.add(SourceFile::new("main.tf".into(), "main.tf".into(), text));
    let _ = repl_lint::syntax::hcl::parse_module(&db, &[id], &[]);
});
