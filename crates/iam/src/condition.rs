//! Checking a statement's `Condition` block against the context keys a request is known to carry.
//!
//! The general evaluator treats any condition as "may not apply". The rules know much of the
//! context S3 sends for replication (`kms:ViaService` = `s3.<region>.amazonaws.com`, the
//! encryption context, `aws:SourceAccount` and `aws:SourceArn` when S3 assumes the role, ...);
//! [`conditions_hold`] answers for those keys and leaves every other key at `Maybe`.
//!
//! The semantics are those of the IAM User Guide ("IAM JSON policy elements: Condition
//! operators", "Single-valued vs. multivalued context keys"):
//! - the values of one condition key are OR-ed; the keys and operators of a block are AND-ed;
//! - a key the request lacks fails every operator but the negated ones (`StringNotEquals`, ...),
//!   `...IfExists` (which then holds) and `Null` (which tests just that);
//! - `ForAnyValue:` holds when some value of the request matches, `ForAllValues:` when every one
//!   does (also when the request has none); without a set operator a key has one value;
//! - `String*` compare case-sensitively (`StringEqualsIgnoreCase` folds case), `StringLike` and
//!   the `Arn*` operators know `*` and `?`, `Bool` compares `true`/`false` without regard to case;
//! - a condition value holding a policy variable (`${aws:username}`) is not known text.

use super::Tri;
use super::glob::{glob_match, glob_match_str, sym_equals};
use super::policy::{ConditionEntry, Piece, Statement, SymStr};

/// A context key and the values a request carries for it: one for a single-valued key, none when
/// the request certainly lacks the key, several for a multivalued key. Symbols stand for
/// unknown text (e.g. any object key). A key not listed at all is unknown.
pub type ContextValue<'a> = (&'a str, &'a [SymStr]);

/// Whether every condition of `stmt` holds for a request carrying `context`, with the first
/// condition that certainly fails. Keys absent from `context`, and operators other than the
/// string, ARN, `Bool` and `Null` ones, answer `Maybe`. A statement without conditions holds.
pub fn conditions_hold<'s>(
    stmt: &'s Statement,
    context: &[ContextValue<'_>],
) -> (Tri, Option<&'s ConditionEntry>) {
    let mut result = Tri::Yes;
    for condition in &stmt.conditions {
        let holds = condition_holds(condition, context);
        if holds == Tri::No {
            return (Tri::No, Some(condition));
        }
        result = result.and(holds);
    }
    (result, None)
}

/// Whether one condition entry (an operator on one key, with its values) holds for a request
/// carrying `context`.
pub fn condition_holds(condition: &ConditionEntry, context: &[ContextValue<'_>]) -> Tri {
    let Some(&(_, sent)) = context
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(&condition.key))
    else {
        return Tri::Maybe;
    };
    let Some(operator) = Operator::parse(&condition.operator) else {
        return Tri::Maybe;
    };
    let patterns = condition.values.iter().map(|v| &v.text);
    if operator.compare == Compare::Null {
        // `"true"`: the request lacks the key; `"false"`: it carries it.
        return Tri::any(patterns.map(|p| match p.as_literal() {
            Some(t) if t.eq_ignore_ascii_case("true") => Tri::from_bool(sent.is_empty()),
            Some(t) if t.eq_ignore_ascii_case("false") => Tri::from_bool(!sent.is_empty()),
            _ => Tri::Maybe,
        }));
    }
    let matches = |value: &SymStr| {
        let any = Tri::any(
            condition
                .values
                .iter()
                .map(|p| operator.compare.test(&p.text, value)),
        );
        if operator.negated { any.not() } else { any }
    };
    match (operator.set, sent) {
        (_, []) if operator.if_exists => Tri::Yes,
        (Set::AllValues, []) => Tri::Yes,
        (Set::AnyValue, []) => Tri::No,
        (Set::Single, []) => Tri::from_bool(operator.negated),
        (Set::Single, [value]) => matches(value),
        (Set::Single, _) => Tri::Maybe,
        (Set::AnyValue, values) => Tri::any(values.iter().map(matches)),
        (Set::AllValues, values) => Tri::any(values.iter().map(|v| matches(v).not())).not(),
    }
}

/// A condition operator taken apart: `ForAnyValue:StringNotLikeIfExists` is a set qualifier,
/// a negation, a comparison and `IfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Operator {
    /// `ForAnyValue:` / `ForAllValues:` or neither.
    set: Set,
    /// The comparison.
    compare: Compare,
    /// `StringNotEquals`, `ArnNotLike`, ...: the comparison must fail for every value.
    negated: bool,
    /// `...IfExists`: holds when the request lacks the key.
    if_exists: bool,
}

/// How the request's values of a key combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    /// No qualifier: the key has one value.
    Single,
    /// `ForAnyValue:`: some value of the request matches.
    AnyValue,
    /// `ForAllValues:`: every value of the request matches.
    AllValues,
}

/// The comparison of an operator, without negation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Compare {
    /// `StringEquals`: exact, case-sensitive.
    Equals,
    /// `StringEqualsIgnoreCase`, `Bool`: exact, ASCII case folded.
    EqualsIgnoreCase,
    /// `StringLike`: `*` and `?` wildcards, case-sensitive.
    Like,
    /// `ArnEquals`, `ArnLike`: wildcards, case-sensitive, each of the six `:`-separated fields
    /// matched on its own.
    Arn,
    /// `Null`: whether the key is absent.
    Null,
}

impl Operator {
    /// Reads an operator name; `None` for the operators not evaluated here (numeric, date, IP,
    /// binary) and for unknown names.
    fn parse(name: &str) -> Option<Operator> {
        let (set, rest) = if let Some(rest) = name.strip_prefix("ForAnyValue:") {
            (Set::AnyValue, rest)
        } else if let Some(rest) = name.strip_prefix("ForAllValues:") {
            (Set::AllValues, rest)
        } else {
            (Set::Single, name)
        };
        let (base, if_exists) = match rest.strip_suffix("IfExists") {
            Some(base) => (base, true),
            None => (rest, false),
        };
        let (compare, negated) = match base {
            "StringEquals" => (Compare::Equals, false),
            "StringNotEquals" => (Compare::Equals, true),
            "StringEqualsIgnoreCase" | "Bool" => (Compare::EqualsIgnoreCase, false),
            "StringNotEqualsIgnoreCase" => (Compare::EqualsIgnoreCase, true),
            "StringLike" => (Compare::Like, false),
            "StringNotLike" => (Compare::Like, true),
            "ArnEquals" | "ArnLike" => (Compare::Arn, false),
            "ArnNotEquals" | "ArnNotLike" => (Compare::Arn, true),
            "Null" if !if_exists && set == Set::Single => (Compare::Null, false),
            _ => return None,
        };
        Some(Operator {
            set,
            compare,
            negated,
            if_exists,
        })
    }
}

impl Compare {
    /// Whether the policy's `pattern` matches the request's `value`.
    fn test(self, pattern: &SymStr, value: &SymStr) -> Tri {
        if has_policy_variable(pattern) {
            return Tri::Maybe;
        }
        match self {
            Compare::Equals => sym_equals(pattern, value, false),
            Compare::EqualsIgnoreCase => sym_equals(pattern, value, true),
            Compare::Like => glob_match(pattern, value, false),
            Compare::Arn => arn_like(pattern, value),
            Compare::Null => Tri::Maybe,
        }
    }
}

/// `ArnLike`: each of the six `:`-separated fields of the ARN matched on its own (the sixth,
/// the resource, is the rest and may hold `:`), so no wildcard spans a separator. When the first
/// five fields of either side are not known text, a glob match over the whole is only `Maybe`
/// (a wildcard may span a separator) and a glob mismatch stays certain.
fn arn_like(pattern: &SymStr, value: &SymStr) -> Tri {
    let (Some((pattern_fields, pattern_rest)), Some((value_fields, value_rest))) =
        (arn_fields(pattern), arn_fields(value))
    else {
        return glob_match(pattern, value, false).cap_maybe();
    };
    pattern_fields.iter().zip(&value_fields).fold(
        glob_match(&pattern_rest, &value_rest, false),
        |acc, (p, v)| acc.and(glob_match_str(&SymStr::lit(p), v, false)),
    )
}

/// The first five fields of an ARN (`arn`, partition, service, region, account) and the rest
/// (the resource), when the text up to the fifth `:` is known.
fn arn_fields(arn: &SymStr) -> Option<([String; 5], SymStr)> {
    let Some(Piece::Lit(first)) = arn.pieces.first() else {
        return None;
    };
    let mut parts = first.splitn(6, ':');
    let fields = [(); 5].map(|_| parts.next().unwrap_or_default().to_string());
    let tail = parts.next()?;
    let mut rest = SymStr::lit(tail);
    for piece in &arn.pieces[1..] {
        rest.push_piece(piece);
    }
    Some((fields, rest))
}

/// True when the text holds a policy variable (`${aws:username}`, or `&{...}` as Terraform
/// writes it in `aws_iam_policy_document`): IAM replaces it per request.
fn has_policy_variable(pattern: &SymStr) -> bool {
    pattern.pieces.iter().any(|p| match p {
        Piece::Lit(text) => text.contains("${") || text.contains("&{"),
        Piece::Symbol(_) => false,
    })
}

#[cfg(test)]
#[path = "condition_tests.rs"]
mod tests;
