//! Checking a statement's `Condition` block against the context keys a request is known to carry.
//!
//! The general evaluator treats any condition as "may not apply". Some rules know the value a
//! key takes for the requests they care about (S3 calls KMS with `kms:ViaService` =
//! `s3.<region>.amazonaws.com` and `kms:EncryptionContext:aws:s3:arn` = the object or bucket
//! ARN); [`conditions_hold`] answers for those keys and leaves every other key at `Maybe`.

use super::Tri;
use super::glob::{glob_match, sym_equals};
use super::policy::{ConditionEntry, Statement, SymStr};

/// A context key and the value a request carries for it (symbols stand for unknown text, e.g.
/// any object key).
pub type ContextValue<'a> = (&'a str, &'a SymStr);

/// Whether every condition of `stmt` holds for a request carrying `context`, with the first
/// condition that certainly fails. Keys absent from `context`, and operators other than the
/// string, ARN and `Bool` comparisons, answer `Maybe`. A statement without conditions holds.
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

/// Whether one condition entry holds for a request carrying `context`.
pub fn condition_holds(condition: &ConditionEntry, context: &[ContextValue<'_>]) -> Tri {
    let Some((_, value)) = context
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(&condition.key))
    else {
        return Tri::Maybe;
    };
    // A present key makes `...IfExists` behave as the plain operator.
    let operator = condition
        .operator
        .strip_suffix("IfExists")
        .unwrap_or(&condition.operator);
    let (negated, glob, ignore_case) = match operator {
        // `true` / `false`, compared as IAM does, without regard to case.
        "Bool" => (false, false, true),
        "StringEquals" | "ArnEquals" => (false, false, false),
        "StringEqualsIgnoreCase" => (false, false, true),
        "StringLike" | "ArnLike" => (false, true, false),
        "StringNotEquals" | "ArnNotEquals" => (true, false, false),
        "StringNotEqualsIgnoreCase" => (true, false, true),
        "StringNotLike" | "ArnNotLike" => (true, true, false),
        _ => return Tri::Maybe,
    };
    let any = Tri::any(condition.values.iter().map(|v| {
        if glob {
            glob_match(&v.text, value, ignore_case)
        } else {
            sym_equals(&v.text, value, ignore_case)
        }
    }));
    if negated { any.not() } else { any }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{allow_nothing, span, string};
    use Tri::{Maybe, No, Yes};

    fn condition(operator: &str, key: &str, values: &[&str]) -> ConditionEntry {
        ConditionEntry {
            operator: operator.to_string(),
            key: key.to_string(),
            values: values.iter().map(|v| string(v)).collect(),
            span: span(),
        }
    }

    fn statement(conditions: Vec<ConditionEntry>) -> Statement {
        Statement {
            conditions,
            ..allow_nothing()
        }
    }

    const VIA: &str = "kms:ViaService";
    const CONTEXT: &str = "kms:EncryptionContext:aws:s3:arn";

    #[test]
    fn via_service_compares_the_service_name() {
        let region = SymStr::lit("s3.eu-west-1.amazonaws.com");
        let symbolic = SymStr::from_template("s3.${region}.amazonaws.com");
        let ok = condition("StringEquals", VIA, &["s3.eu-west-1.amazonaws.com"]);
        let other = condition("StringEquals", VIA, &["s3.us-east-1.amazonaws.com"]);
        let global = condition("StringEquals", VIA, &["s3.amazonaws.com"]);
        let like = condition("StringLike", VIA, &["s3.*.amazonaws.com"]);
        assert_eq!(condition_holds(&ok, &[(VIA, &region)]), Yes);
        assert_eq!(condition_holds(&other, &[(VIA, &region)]), No);
        assert_eq!(condition_holds(&other, &[(VIA, &symbolic)]), Maybe);
        assert_eq!(condition_holds(&global, &[(VIA, &symbolic)]), No);
        assert_eq!(condition_holds(&like, &[(VIA, &symbolic)]), Yes);
        // Key names are case-insensitive; absent keys are unknown.
        assert_eq!(condition_holds(&ok, &[("KMS:VIASERVICE", &region)]), Yes);
        assert_eq!(condition_holds(&ok, &[]), Maybe);
    }

    #[test]
    fn encryption_context_covers_objects_or_the_bucket() {
        let objects = SymStr::from_template("arn:aws:s3:::src/data/${key}");
        let bucket = SymStr::lit("arn:aws:s3:::src");
        let all = condition("StringLike", CONTEXT, &["arn:aws:s3:::src/*"]);
        let logs = condition("StringLike", CONTEXT, &["arn:aws:s3:::src/logs/*"]);
        let exact = condition("StringEquals", CONTEXT, &["arn:aws:s3:::src"]);
        assert_eq!(condition_holds(&all, &[(CONTEXT, &objects)]), Yes);
        assert_eq!(condition_holds(&logs, &[(CONTEXT, &objects)]), No);
        assert_eq!(condition_holds(&all, &[(CONTEXT, &bucket)]), No);
        assert_eq!(condition_holds(&exact, &[(CONTEXT, &bucket)]), Yes);
        let not_like = condition("StringNotLikeIfExists", CONTEXT, &["arn:aws:s3:::src/*"]);
        assert_eq!(condition_holds(&not_like, &[(CONTEXT, &objects)]), No);
        let numeric = condition("NumericLessThan", CONTEXT, &["1"]);
        assert_eq!(condition_holds(&numeric, &[(CONTEXT, &objects)]), Maybe);
    }

    #[test]
    fn bool_compares_without_regard_to_case() {
        const TLS: &str = "aws:SecureTransport";
        let secure = SymStr::lit("true");
        let insecure_only = condition("Bool", TLS, &["false"]);
        let secure_only = condition("Bool", "AWS:SECURETRANSPORT", &["True"]);
        assert_eq!(condition_holds(&insecure_only, &[(TLS, &secure)]), No);
        assert_eq!(condition_holds(&secure_only, &[(TLS, &secure)]), Yes);
        let if_exists = condition("BoolIfExists", TLS, &["false"]);
        assert_eq!(condition_holds(&if_exists, &[(TLS, &secure)]), No);
        assert_eq!(condition_holds(&insecure_only, &[]), Maybe);
    }

    #[test]
    fn every_condition_must_hold_and_the_failing_one_is_named() {
        let region = SymStr::lit("s3.eu-west-1.amazonaws.com");
        let objects = SymStr::from_template("arn:aws:s3:::src/${key}");
        let context = [(VIA, &region), (CONTEXT, &objects)];
        let good = statement(vec![
            condition("StringEquals", VIA, &["s3.eu-west-1.amazonaws.com"]),
            condition("StringLike", CONTEXT, &["arn:aws:s3:::src/*"]),
        ]);
        assert_eq!(conditions_hold(&good, &context).0, Yes);
        let bad = statement(vec![
            condition("StringEquals", VIA, &["s3.eu-west-1.amazonaws.com"]),
            condition("StringLike", CONTEXT, &["arn:aws:s3:::other/*"]),
        ]);
        let (holds, failing) = conditions_hold(&bad, &context);
        assert_eq!(holds, No);
        assert_eq!(failing.map(|c| c.key.as_str()), Some(CONTEXT));
        let other_key = statement(vec![condition(
            "StringEquals",
            "aws:SourceVpce",
            &["vpce-1"],
        )]);
        assert_eq!(conditions_hold(&other_key, &context).0, Maybe);
        assert_eq!(conditions_hold(&statement(vec![]), &context).0, Yes);
    }
}
