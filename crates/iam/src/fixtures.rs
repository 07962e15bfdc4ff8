//! Policy pieces shared by the evaluator's unit tests: symbolic strings, policy strings and
//! principal entries at an empty span, and an Allow statement with nothing else set.

use super::policy::{Effect, PolicyString, PrincipalEntry, Statement, SymStr};
use repl_lint_source::{FileId, Span};

/// The empty span at the start of file 0.
pub fn span() -> Span {
    Span::new(FileId(0), 0, 0)
}

/// Builds a symbolic string; `${key}` is a symbol.
pub fn s(text: &str) -> SymStr {
    SymStr::from_template(text)
}

/// A policy string of `text` (with symbols as in [`s`]).
pub fn string(text: &str) -> PolicyString {
    PolicyString {
        text: s(text),
        span: span(),
    }
}

/// A `Principal` entry of `kind` (`AWS`, `Service`, ...).
pub fn typed(kind: &str, value: &str) -> PrincipalEntry {
    PrincipalEntry::Typed {
        kind: kind.to_string(),
        value: string(value),
    }
}

/// An Allow statement without Sid, actions, resources, principals or conditions.
pub fn allow_nothing() -> Statement {
    Statement {
        sid: None,
        effect: Some(Effect::Allow),
        actions: None,
        not_actions: None,
        resources: None,
        not_resources: None,
        principals: None,
        not_principals: None,
        conditions: Vec::new(),
        has_unknowns: false,
        span: span(),
    }
}
