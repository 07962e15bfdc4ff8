//! Terraform plan JSON: detection and the scanner that lowers a plan.
#![no_main]

use libfuzzer_sys::fuzz_target;
use repl_lint::source::FileId;
use repl_lint::syntax::plan;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = plan::is_plan(&text);
    let _ = plan::lower_plan(&text, FileId(0));
});
