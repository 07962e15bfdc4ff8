//! RL201 / RL202 (and any rule that knows the one right value): a literal becomes another, quoted
//! as it was.

use super::text::{quote_of, unquoted};
use super::{Edit, Fix};
use repl_lint_source::{SourceFile, Span};

/// The edit that turns the literal `from` written at `value` into `to`: only the bytes inside
/// the quotes change. `None` when the text there is not that literal (a variable, an expression).
pub fn replace_literal(file: &SourceFile, value: Span, from: &str, to: &str) -> Option<Fix> {
    let written = file.get(value)?;
    if unquoted(written) != from {
        return None;
    }
    let quote = quote_of(written).len();
    Some(Fix {
        title: format!("Change `{from}` to `{to}`"),
        edits: vec![Edit {
            span: Span::new(
                value.file,
                value.start as usize + quote,
                value.end as usize - quote,
            ),
            text: to.to_string(),
        }],
    })
}

#[cfg(test)]
#[path = "literal_tests.rs"]
mod tests;
