//! JSON: the spanned parser, then CloudFormation lowering when the document is a template.
#![no_main]

use libfuzzer_sys::fuzz_target;
use repl_lint::source::FileId;
use repl_lint::syntax::{cfn, json};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(root) = json::parse_json(&text, FileId(0), 0)
        && cfn::is_template(&root)
    {
        let _ = cfn::lower_template(&root, &text, &Default::default());
    }
});
