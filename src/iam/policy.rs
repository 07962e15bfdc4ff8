//! IAM policy documents as the evaluator sees them: statements whose strings are symbolic
//! ([`SymStr`]) and keep the span of their own text.

use crate::source::Span;

/// A string that may contain opaque symbols (unresolved variables, attributes of resources whose
/// value is not in the files). Two equal symbols stand for the same unknown text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SymStr {
    /// The pieces, in order. Adjacent literals are merged by [`SymStr::push_lit`].
    pub pieces: Vec<Piece>,
}

/// One piece of a [`SymStr`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Piece {
    /// Known text.
    Lit(String),
    /// Unknown text named by a stable key, e.g. `var.bucket` or `aws_s3_bucket.src.bucket`.
    Symbol(String),
}

impl SymStr {
    /// A fully literal string.
    pub fn lit(s: &str) -> SymStr {
        let mut out = SymStr::default();
        out.push_lit(s);
        out
    }

    /// Appends literal text, merging with a preceding literal.
    pub fn push_lit(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Piece::Lit(last)) = self.pieces.last_mut() {
            last.push_str(s);
        } else {
            self.pieces.push(Piece::Lit(s.to_string()));
        }
    }

    /// Appends an opaque symbol.
    pub fn push_symbol(&mut self, key: &str) {
        self.pieces.push(Piece::Symbol(key.to_string()));
    }

    /// Appends the name or ARN that AWS generates for one resource: unknown text, but never the
    /// text of another resource's generated identity of the same kind (two resources are two
    /// buckets, roles or keys). `unit` and `key` (`address.attribute`, e.g.
    /// `aws_s3_bucket.b.bucket`) name the resource; see [`identity_kind`].
    pub fn push_identity(&mut self, unit: usize, key: &str) {
        self.pieces
            .push(Piece::Symbol(format!("{IDENTITY}{unit}{IDENTITY}{key}")));
    }

    /// Appends all pieces of another symbolic string.
    pub fn push_sym(&mut self, other: &SymStr) {
        for p in &other.pieces {
            match p {
                Piece::Lit(s) => self.push_lit(s),
                Piece::Symbol(k) => self.push_symbol(k),
            }
        }
    }

    /// The text when it has no symbol.
    pub fn as_literal(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [] => Some(""),
            [Piece::Lit(s)] => Some(s),
            _ => None,
        }
    }

    /// Test helper: a symbolic string written with `${key}` for each symbol.
    #[cfg(test)]
    pub(crate) fn from_template(text: &str) -> SymStr {
        let mut out = SymStr::default();
        let mut rest = text;
        while let Some((before, after)) = rest.split_once("${") {
            out.push_lit(before);
            let (key, tail) = after.split_once('}').unwrap_or((after, ""));
            out.push_symbol(key);
            rest = tail;
        }
        out.push_lit(rest);
        out
    }

    /// True when some piece is a symbol.
    pub fn is_symbolic(&self) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Symbol(_)))
    }
}

/// Marks the key of a resource's generated identity ([`SymStr::push_identity`]).
const IDENTITY: char = '#';

/// For the key of a resource's generated identity, its attribute (`bucket`, `name`, `arn`): two
/// different identity keys of the same attribute stand for different texts.
pub fn identity_kind(key: &str) -> Option<&str> {
    let rest = key.strip_prefix(IDENTITY)?;
    let (_, key) = rest.split_once(IDENTITY)?;
    key.rsplit_once('.').map(|(_, attr)| attr)
}

impl std::fmt::Display for SymStr {
    /// Renders symbols as `${key}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for p in &self.pieces {
            match p {
                Piece::Lit(s) => f.write_str(s)?,
                // Keys of unreadable values (`?<place>?<description>`) show their description,
                // generated identities (`#<unit>#<key>`) their key.
                Piece::Symbol(k) => {
                    let shown = k
                        .strip_prefix('?')
                        .and_then(|rest| rest.split_once('?'))
                        .or_else(|| k.strip_prefix(IDENTITY)?.split_once(IDENTITY))
                        .map_or(k.as_str(), |(_, shown)| shown);
                    write!(f, "${{{shown}}}")?
                }
            }
        }
        Ok(())
    }
}

/// A string of a policy (an action, resource, principal or condition value) and its span.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyString {
    /// The text, possibly symbolic.
    pub text: SymStr,
    /// Where it is written.
    pub span: Span,
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Grants.
    Allow,
    /// Denies, overriding any allow.
    Deny,
}

/// Whom a principal entry names.
#[derive(Debug, Clone, PartialEq)]
pub enum PrincipalEntry {
    /// `"Principal": "*"` or `{"AWS": "*"}`: everyone.
    Everyone(Span),
    /// A typed principal: `kind` is `AWS`, `Service`, `Federated` or `CanonicalUser`.
    Typed {
        /// The principal type.
        kind: String,
        /// The value (ARN, account ID, service name).
        value: PolicyString,
    },
}

/// One condition test: `operator` (e.g. `StringEquals`), context `key`, `values`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionEntry {
    /// The operator, e.g. `StringLike`.
    pub operator: String,
    /// The context key, e.g. `kms:ViaService`.
    pub key: String,
    /// The values tested against.
    pub values: Vec<PolicyString>,
    /// Where the condition is written.
    pub span: Span,
}

/// A policy statement. `None` for a list means the element is absent.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The `Sid`, if any.
    pub sid: Option<String>,
    /// The effect; `None` when it could not be resolved (the statement then decides nothing).
    pub effect: Option<Effect>,
    /// `Action`.
    pub actions: Option<Vec<PolicyString>>,
    /// `NotAction`.
    pub not_actions: Option<Vec<PolicyString>>,
    /// `Resource`.
    pub resources: Option<Vec<PolicyString>>,
    /// `NotResource`.
    pub not_resources: Option<Vec<PolicyString>>,
    /// `Principal`.
    pub principals: Option<Vec<PrincipalEntry>>,
    /// `NotPrincipal`.
    pub not_principals: Option<Vec<PrincipalEntry>>,
    /// `Condition` entries (empty when none).
    pub conditions: Vec<ConditionEntry>,
    /// True when some part of the statement could not be resolved (it may or may not apply).
    pub has_unknowns: bool,
    /// The whole statement.
    pub span: Span,
}

/// A policy document with the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The statements.
    pub statements: Vec<Statement>,
    /// True when the document could be read completely; false when parts are unknown
    /// (a statement list built by an expression the linter cannot evaluate).
    pub complete: bool,
    /// The document (or the attribute that holds it).
    pub span: Span,
    /// The resource that defines it, e.g. `aws_iam_role_policy.replication`.
    pub origin: String,
}
