//! CloudFormation `Metadata: {repl-lint: {ignore: [RL202]}}` on a resource: suppresses the
//! listed rules for findings inside that resource (YAML and JSON templates).

use super::{Malformed, Suppression, Suppressions};
use repl_lint_syntax::value::Value;

/// The suppressions declared in the `Metadata` of the resources of a template's root value.
pub fn from_template(root: &Value) -> Suppressions {
    let mut out = Suppressions::default();
    let Some(resources) = root.get("Resources") else {
        return out;
    };
    for entry in resources.entries() {
        let Some(ignore) = entry.value.path(&["Metadata", "repl-lint", "ignore"]) else {
            continue;
        };
        let mut rules = Vec::new();
        // A single name counts as a one-entry list.
        for item in ignore.items() {
            match item.as_str().and_then(repl_lint_rules::find) {
                Some(meta) => rules.push((meta.id, item.span)),
                None => out.malformed.push(Malformed {
                    span: item.span,
                    message: format!(
                        "`Metadata.repl-lint.ignore` of `{}` lists something that is not a rule ID or name: this entry cannot match anything",
                        entry.key
                    ),
                }),
            }
        }
        if !rules.is_empty() {
            out.list.push(Suppression {
                file: entry.span.file,
                scope: entry.span.start..entry.span.end,
                rules,
            });
        }
    }
    out
}
