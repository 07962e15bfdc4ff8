//! YAML: the composer (anchors, aliases, tags, duplicate keys), then CloudFormation lowering when
//! the document is a template.
#![no_main]

use libfuzzer_sys::fuzz_target;
use repl_lint::source::FileId;
use repl_lint::syntax::{cfn, yaml};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let document = yaml::parse_yaml(&text, FileId(0));
    if let Ok(root) = document.root
        && cfn::is_template(&root)
    {
        let _ = cfn::lower_template(&root, &text, &Default::default());
    }
});
