//! RL404: a replica KMS key named through an alias becomes the ARN of the alias's key.

use super::text::{is_hcl, quote_of, unquoted};
use super::{Edit, Fix};
use repl_lint_source::diagnostic::KeyArn;
use repl_lint_source::{SourceFile, Span};

/// The fix that replaces the value written at `value`, which must read `from`, with `arn`.
pub fn use_key_arn(file: &SourceFile, value: Span, from: &str, arn: &KeyArn) -> Option<Fix> {
    let written = file.get(value)?;
    if unquoted(written) != from {
        return None;
    }
    let text = match arn {
        KeyArn::Terraform(expression) if is_hcl(file) => expression.clone(),
        KeyArn::Terraform(_) => return None,
        KeyArn::CloudFormation(key) => {
            let json = quote_of(written) == "\"" && file.text.trim_start().starts_with('{');
            if json {
                format!("{{\"Fn::GetAtt\": [\"{key}\", \"Arn\"]}}")
            } else {
                format!("!GetAtt {key}.Arn")
            }
        }
    };
    Some(Fix {
        title: format!("Use `{text}`"),
        edits: vec![Edit { span: value, text }],
    })
}

#[cfg(test)]
#[path = "key_tests.rs"]
mod tests;
