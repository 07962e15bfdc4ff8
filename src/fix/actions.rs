//! RL302-RL305, RL308, RL309: a missing action added to the action list of the statement that
//! grants the others, in the list's own style (separator, quotes); a single-string action becomes
//! a list.

use super::text::{line_start, newline, previous_non_space, quote_of, unquoted};
use super::{Edit, Fix};
use repl_lint_source::{SourceFile, Span};

/// The edit that adds the actions `added` to the list whose action strings are written at
/// `actions`.
pub fn add_actions(file: &SourceFile, actions: &[Span], added: &[String]) -> Option<Fix> {
    let text = file.text.as_str();
    let (&first, &last) = (actions.first()?, actions.last()?);
    let written: Vec<&str> = actions
        .iter()
        .map(|&span| file.get(span).filter(|_| span.file == first.file))
        .collect::<Option<_>>()?;
    // Each span must be one action string of one list (not a whole document decoded from an
    // escaped string, whose nodes all share its span).
    if !written.iter().all(|w| is_action(w)) {
        return None;
    }
    let separators: Vec<&str> = actions
        .windows(2)
        .map(|pair| text.get(pair[0].end as usize..pair[1].start as usize))
        .collect::<Option<_>>()?;
    if !separators.iter().all(|s| matches!(s.trim(), "," | "-")) {
        return None;
    }
    let quote = quote_of(written[0]);
    // The new action strings, each after `separator`.
    let new = |separator: &str| -> String {
        added
            .iter()
            .map(|a| format!("{separator}{quote}{a}{quote}"))
            .collect()
    };
    let names: Vec<String> = added.iter().map(|a| format!("`{a}`")).collect();
    let title = format!("Add {} to the statement's actions", names.join(" and "));
    let insert_after_last = |separator: String| {
        Some(Fix {
            title: title.clone(),
            edits: vec![Edit {
                span: Span::new(last.file, last.end as usize, last.end as usize),
                text: new(&separator),
            }],
        })
    };
    if let Some(separator) = separators.last() {
        return insert_after_last(separator.to_string());
    }
    // One element: a list of one, or a single string.
    let start = first.start as usize;
    match previous_non_space(text, start)? {
        (open, '[') => {
            let inside = &text[open + 1..start];
            insert_after_last(if inside.contains('\n') {
                format!(",{inside}")
            } else {
                ", ".to_string()
            })
        }
        (_, '-') => {
            let item_prefix = &text[line_start(text, start)..start];
            let is_item = item_prefix.trim() == "-";
            is_item
                .then(|| format!("{}{item_prefix}", newline(text)))
                .and_then(insert_after_last)
        }
        (_, '=' | ':') => Some(Fix {
            title,
            edits: vec![Edit {
                span: first,
                text: format!("[{}{}]", written[0], new(", ")),
            }],
        }),
        _ => None,
    }
}

/// True for an action written as a (quoted) word: `"s3:GetObject"`, `s3:*`.
fn is_action(written: &str) -> bool {
    let word = unquoted(written);
    word.contains(':')
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ":*?-_".contains(c))
}

#[cfg(test)]
#[path = "actions_tests.rs"]
mod tests;
