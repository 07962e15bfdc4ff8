//! The text of a suppression comment: `repl-lint: ignore RL202, RL203 reason…` or
//! `repl-lint: ignore-file RL202`.

use super::Malformed;
use repl_lint_source::{FileId, Span};

/// What marks a suppression comment.
pub const MARKER: &str = "repl-lint:";

/// A parsed suppression comment.
#[derive(Debug, Default)]
pub struct Directive {
    /// `ignore-file` rather than `ignore`.
    pub whole_file: bool,
    /// The rules it names, each with the span of its name in the comment.
    pub rules: Vec<(&'static str, Span)>,
    /// Names that are no rule, or a directive that is not understood.
    pub malformed: Vec<Malformed>,
}

/// Reads the body of a comment (the text after `#`, `//` or `/*`) found at byte `offset` of
/// `file`. `None` when the comment is not a suppression.
pub fn parse(body: &str, offset: usize, file: FileId) -> Option<Directive> {
    let lead = body.len() - body.trim_start().len();
    let rest = body[lead..].strip_prefix(MARKER)?;
    let mut tokens = tokens(rest, offset + lead + MARKER.len());
    let mut directive = Directive::default();
    let at = |range: (usize, usize)| Span::new(file, range.0, range.1);
    match tokens.next() {
        Some(("ignore", _)) => {}
        Some(("ignore-file", _)) => directive.whole_file = true,
        Some((word, range)) => {
            directive.malformed.push(Malformed {
                span: at(range),
                message: format!(
                    "unknown suppression `{word}`: write `repl-lint: ignore RL202` or `repl-lint: ignore-file RL202`"
                ),
            });
            return Some(directive);
        }
        None => {
            directive.malformed.push(Malformed {
                span: Span::new(file, offset, offset + body.len()),
                message: "empty suppression: write `repl-lint: ignore RL202` or `repl-lint: ignore-file RL202`".into(),
            });
            return Some(directive);
        }
    }
    // Rule IDs and names come first; the first other word starts the reason.
    for (word, range) in tokens {
        if let Some(meta) = repl_lint_rules::find(word) {
            directive.rules.push((meta.id, at(range)));
        } else if looks_like_id(word) {
            directive.malformed.push(Malformed {
                span: at(range),
                message: format!(
                    "`{word}` is not a rule: this suppression cannot match anything (see `repl-lint rules`)"
                ),
            });
        } else {
            break;
        }
    }
    if directive.rules.is_empty() && directive.malformed.is_empty() {
        directive.malformed.push(Malformed {
            span: Span::new(file, offset, offset + body.len()),
            message: "this suppression names no rule: list rule IDs or names after `ignore`".into(),
        });
    }
    Some(directive)
}

/// `RL` followed by digits, in any case.
fn looks_like_id(word: &str) -> bool {
    word.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("RL"))
        && word.len() > 2
        && word[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Words separated by whitespace or commas, with their byte ranges (offset by `base`).
fn tokens(text: &str, base: usize) -> impl Iterator<Item = (&str, (usize, usize))> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(move |w| {
            // `w` is a sub-slice of `text`: its offset is the pointer distance.
            let start = w.as_ptr() as usize - text.as_ptr() as usize;
            (w, (base + start, base + start + w.len()))
        })
        // A block comment's closing `*/` is not part of the directive.
        .filter(|(w, _)| *w != "*/")
}

#[cfg(test)]
#[path = "directive_tests.rs"]
mod tests;
