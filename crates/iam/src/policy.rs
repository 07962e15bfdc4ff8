//! IAM policy documents as the evaluator sees them: statements whose strings are symbolic
//! ([`SymStr`]) and keep the span of their own text.

use repl_lint_source::Span;

/// A string that may contain opaque symbols (unresolved variables, attributes of resources whose
/// value is not in the files). Two equal symbols stand for the same unknown text.
///
/// Equality and hashing compare the pieces only: how a string is shown does not change what it
/// stands for.
#[derive(Debug, Clone, Default)]
pub struct SymStr {
    /// The pieces, in order. Adjacent literals are merged by [`SymStr::push_lit`].
    pub pieces: Vec<Piece>,
    /// True when the first piece is a prefix the linter added (`arn:aws:s3:::` before a value
    /// that may already be an ARN): messages leave it out and show the value as written.
    pub hidden_prefix: bool,
}

impl PartialEq for SymStr {
    fn eq(&self, other: &SymStr) -> bool {
        self.pieces == other.pieces
    }
}

impl Eq for SymStr {}

impl std::hash::Hash for SymStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.pieces.hash(state);
    }
}

/// One piece of a [`SymStr`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Piece {
    /// Known text.
    Lit(String),
    /// Unknown text.
    Symbol(Symbol),
}

/// Unknown text: a stable `key` (e.g. `var.bucket` or `aws_s3_bucket.src.bucket`) that decides
/// equality, and the expression the user wrote for it, which messages show.
#[derive(Debug, Clone, Eq)]
pub struct Symbol {
    /// What the symbol stands for: two symbols with the same key are the same text.
    pub key: String,
    /// The source expression (`var.bucket`, `${AWS::StackName}`, `try(var.x, "")`).
    pub shown: String,
}

impl PartialEq for Symbol {
    fn eq(&self, other: &Symbol) -> bool {
        self.key == other.key
    }
}

impl std::hash::Hash for Symbol {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
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
            self.push_owned(Piece::Lit(s.to_string()));
        }
    }

    /// Appends a piece. The first gets room for itself only: most names and ARNs are one
    /// literal, and the model keeps one per bucket.
    fn push_owned(&mut self, piece: Piece) {
        if self.pieces.capacity() == 0 {
            self.pieces.reserve_exact(1);
        }
        self.pieces.push(piece);
    }

    /// Appends an opaque symbol shown as its key.
    pub fn push_symbol(&mut self, key: &str) {
        self.push_shown_symbol(key, key);
    }

    /// Appends an opaque symbol `key` that messages show as `shown`, the user's expression.
    pub fn push_shown_symbol(&mut self, key: &str, shown: &str) {
        self.push_owned(Piece::Symbol(Symbol {
            key: key.to_string(),
            shown: shown.to_string(),
        }));
    }

    /// Appends the name or ARN that AWS generates for one resource: unknown text, but never the
    /// text of another resource's generated identity of the same kind (two resources are two
    /// buckets, roles or keys). `unit` and `key` (`address.attribute`, e.g.
    /// `aws_s3_bucket.b.bucket`) name the resource; see [`identity_kind`]. Messages show it as
    /// `shown`, the expression that reads the identity in the resource's language.
    pub fn push_identity(&mut self, unit: usize, key: &str, shown: &str) {
        self.push_shown_symbol(&format!("{IDENTITY}{unit}{IDENTITY}{key}"), shown);
    }

    /// Appends all pieces of another symbolic string.
    pub fn push_sym(&mut self, other: &SymStr) {
        for p in &other.pieces {
            self.push_piece(p);
        }
    }

    /// Appends one piece (a literal merges with a preceding literal).
    pub fn push_piece(&mut self, piece: &Piece) {
        match piece {
            Piece::Lit(s) => self.push_lit(s),
            Piece::Symbol(symbol) => self.push_owned(Piece::Symbol(symbol.clone())),
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

    /// A symbolic string written with `${key}` for each symbol (tests build them this way).
    pub fn from_template(text: &str) -> SymStr {
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
    /// Shows the string as the user wrote it: a lone symbol as its expression, symbols inside
    /// text as `${expression}` (Terraform and `Fn::Sub` interpolation), without a hidden prefix.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pieces = match (self.hidden_prefix, self.pieces.as_slice()) {
            (true, [_, rest @ ..]) if !rest.is_empty() => rest,
            (_, all) => all,
        };
        if let [Piece::Symbol(symbol)] = pieces {
            return f.write_str(&symbol.shown);
        }
        for p in pieces {
            match p {
                Piece::Lit(s) => f.write_str(s)?,
                Piece::Symbol(symbol) => f.write_str(&interpolated(&symbol.shown))?,
            }
        }
        Ok(())
    }
}

/// An expression as it reads inside a string: `${expression}` (Terraform and `Fn::Sub`
/// interpolation) unless it is one already; a CloudFormation intrinsic, which no string can
/// interpolate, in parentheses (`(!ImportValue shared-arn)/*`).
fn interpolated(shown: &str) -> String {
    let braced =
        shown.starts_with("${") && shown.ends_with('}') && shown.matches("${").count() == 1;
    let intrinsic =
        shown.starts_with(['!', '{']) || shown.starts_with("Fn::") || shown.starts_with("Ref:");
    if braced {
        shown.to_string()
    } else if intrinsic {
        format!("({shown})")
    } else {
        format!("${{{shown}}}")
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

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
