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

/// Whether `operator` on `key` with `values` holds for a request carrying `sent` for `key`.
fn holds(operator: &str, key: &str, values: &[&str], sent: &[SymStr]) -> Tri {
    condition_holds(&condition(operator, key, values), &[(key, sent)])
}

fn one(text: &str) -> [SymStr; 1] {
    [SymStr::from_template(text)]
}

const VIA: &str = "kms:ViaService";
const CONTEXT: &str = "kms:EncryptionContext:aws:s3:arn";
const ACCOUNT: &str = "aws:SourceAccount";
const SOURCE: &str = "aws:SourceArn";

#[test]
fn via_service_compares_the_service_name() {
    let region = one("s3.eu-west-1.amazonaws.com");
    let symbolic = one("s3.${region}.amazonaws.com");
    let ok = condition("StringEquals", VIA, &["s3.eu-west-1.amazonaws.com"]);
    let other = condition("StringEquals", VIA, &["s3.us-east-1.amazonaws.com"]);
    let global = condition("StringEquals", VIA, &["s3.amazonaws.com"]);
    let like = condition("StringLike", VIA, &["s3.*.amazonaws.com"]);
    assert_eq!(condition_holds(&ok, &[(VIA, &region)]), Yes);
    assert_eq!(condition_holds(&other, &[(VIA, &region)]), No);
    assert_eq!(condition_holds(&other, &[(VIA, &symbolic)]), Maybe);
    assert_eq!(condition_holds(&global, &[(VIA, &symbolic)]), No);
    assert_eq!(condition_holds(&like, &[(VIA, &symbolic)]), Yes);
    // Key names are case-insensitive; keys not in the context are unknown.
    assert_eq!(condition_holds(&ok, &[("KMS:VIASERVICE", &region)]), Yes);
    assert_eq!(condition_holds(&ok, &[]), Maybe);
}

#[test]
fn encryption_context_covers_objects_or_the_bucket() {
    let objects = one("arn:aws:s3:::src/data/${key}");
    let bucket = one("arn:aws:s3:::src");
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
    let secure = one("true");
    assert_eq!(holds("Bool", TLS, &["false"], &secure), No);
    assert_eq!(
        condition_holds(
            &condition("Bool", "AWS:SECURETRANSPORT", &["True"]),
            &[(TLS, &secure)]
        ),
        Yes
    );
    assert_eq!(holds("BoolIfExists", TLS, &["false"], &secure), No);
    assert_eq!(
        condition_holds(&condition("Bool", TLS, &["false"]), &[]),
        Maybe
    );
}

#[test]
fn string_operators_are_case_sensitive_unless_told() {
    let account = one("111122223333");
    let bucket = one("arn:aws:s3:::Src");
    assert_eq!(
        holds("StringEquals", SOURCE, &["arn:aws:s3:::src"], &bucket),
        No
    );
    assert_eq!(
        holds(
            "StringEqualsIgnoreCase",
            SOURCE,
            &["arn:aws:s3:::src"],
            &bucket
        ),
        Yes
    );
    assert_eq!(
        holds(
            "StringNotEqualsIgnoreCase",
            SOURCE,
            &["ARN:AWS:S3:::SRC"],
            &bucket
        ),
        No
    );
    assert_eq!(
        holds("StringLike", SOURCE, &["arn:aws:s3:::s*"], &bucket),
        No
    );
    assert_eq!(
        holds("StringLike", SOURCE, &["arn:aws:s3:::?rc"], &bucket),
        Yes
    );
    // `*` and `?` are plain characters for StringEquals.
    assert_eq!(holds("StringEquals", ACCOUNT, &["*"], &account), No);
    assert_eq!(holds("StringLike", ACCOUNT, &["*"], &account), Yes);
    assert_eq!(
        holds("StringLike", ACCOUNT, &["1111?2223333"], &account),
        Yes
    );
}

#[test]
fn the_values_of_a_key_are_ored() {
    let account = one("111122223333");
    let either = ["444455556666", "111122223333"];
    assert_eq!(holds("StringEquals", ACCOUNT, &either, &account), Yes);
    assert_eq!(
        holds(
            "StringEquals",
            ACCOUNT,
            &["444455556666", "777788889999"],
            &account
        ),
        No
    );
    // A negated operator holds only when no value matches.
    assert_eq!(holds("StringNotEquals", ACCOUNT, &either, &account), No);
    assert_eq!(
        holds("StringNotEquals", ACCOUNT, &["444455556666"], &account),
        Yes
    );
    // An unknown value among them: the others decide when one matches.
    assert_eq!(
        holds(
            "StringEquals",
            ACCOUNT,
            &["${var.a}", "111122223333"],
            &account
        ),
        Yes
    );
    assert_eq!(
        holds(
            "StringEquals",
            ACCOUNT,
            &["${var.a}", "444455556666"],
            &account
        ),
        Maybe
    );
}

#[test]
fn arn_operators_match_field_by_field() {
    let bucket = one("arn:aws:s3:::src");
    let symbolic = one("arn:aws:s3:::${bucket}");
    for operator in ["ArnEquals", "ArnLike"] {
        assert_eq!(holds(operator, SOURCE, &["arn:aws:s3:::src"], &bucket), Yes);
        assert_eq!(holds(operator, SOURCE, &["arn:aws:s3:::sr*"], &bucket), Yes);
        assert_eq!(
            holds(operator, SOURCE, &["arn:aws:s3:::other"], &bucket),
            No
        );
        assert_eq!(holds(operator, SOURCE, &["arn:aws:s3:::SRC"], &bucket), No);
        assert_eq!(holds(operator, SOURCE, &["arn:*:s3:::src"], &bucket), Yes);
        assert_eq!(holds(operator, SOURCE, &["arn:aws:s3:::*"], &symbolic), Yes);
        assert_eq!(
            holds(operator, SOURCE, &["arn:aws:s3:::src"], &symbolic),
            Maybe
        );
    }
    // A wildcard does not span the separators: a pattern of fewer than six fields, which
    // matches only as a glob over the whole, is not decided.
    assert_eq!(holds("ArnLike", SOURCE, &["arn:aws:*"], &bucket), Maybe);
    assert_eq!(
        holds("ArnLike", SOURCE, &["arn:aws:s3:*:src"], &bucket),
        Maybe
    );
    assert_eq!(holds("ArnLike", SOURCE, &["arn:aws:s3:::*:x"], &bucket), No);
    // The resource field may hold `:` (an object key).
    let object = one("arn:aws:s3:::src/a:b");
    assert_eq!(
        holds("ArnLike", CONTEXT, &["arn:aws:s3:::src/*"], &object),
        Yes
    );
    assert_eq!(
        holds("ArnNotLike", SOURCE, &["arn:aws:s3:::other"], &bucket),
        Yes
    );
    assert_eq!(
        holds("ArnNotEquals", SOURCE, &["arn:aws:s3:::src"], &bucket),
        No
    );
    // Not an ARN at all: no field matches.
    assert_eq!(holds("ArnEquals", SOURCE, &["src"], &bucket), No);
}

#[test]
fn if_exists_holds_without_the_key_and_tests_it_when_present() {
    let account = one("111122223333");
    let absent: [SymStr; 0] = [];
    assert_eq!(
        holds("StringEqualsIfExists", ACCOUNT, &["444455556666"], &absent),
        Yes
    );
    assert_eq!(
        holds("StringEqualsIfExists", ACCOUNT, &["444455556666"], &account),
        No
    );
    assert_eq!(
        holds(
            "ArnLikeIfExists",
            SOURCE,
            &["arn:aws:s3:::*"],
            &one("arn:aws:s3:::src")
        ),
        Yes
    );
    // Without IfExists a missing key fails, except for negated operators.
    assert_eq!(holds("StringEquals", ACCOUNT, &["1"], &absent), No);
    assert_eq!(holds("StringNotEquals", ACCOUNT, &["1"], &absent), Yes);
    assert_eq!(holds("StringNotLike", ACCOUNT, &["*"], &absent), Yes);
}

#[test]
fn null_tests_whether_the_key_is_present() {
    let account = one("111122223333");
    let absent: [SymStr; 0] = [];
    assert_eq!(holds("Null", ACCOUNT, &["false"], &account), Yes);
    assert_eq!(holds("Null", ACCOUNT, &["true"], &account), No);
    assert_eq!(holds("Null", ACCOUNT, &["TRUE"], &absent), Yes);
    assert_eq!(holds("Null", ACCOUNT, &["false"], &absent), No);
    assert_eq!(holds("Null", ACCOUNT, &["${var.flag}"], &account), Maybe);
    // A present key whose value is unknown is still present.
    assert_eq!(holds("Null", ACCOUNT, &["false"], &one("${acct}")), Yes);
}

#[test]
fn set_operators_combine_the_request_values() {
    const TAGS: &str = "aws:TagKeys";
    let tags = [SymStr::lit("team"), SymStr::lit("cost")];
    let absent: [SymStr; 0] = [];
    assert_eq!(
        holds("ForAnyValue:StringEquals", TAGS, &["cost"], &tags),
        Yes
    );
    assert_eq!(holds("ForAnyValue:StringEquals", TAGS, &["env"], &tags), No);
    assert_eq!(
        holds("ForAllValues:StringEquals", TAGS, &["cost"], &tags),
        No
    );
    assert_eq!(
        holds("ForAllValues:StringEquals", TAGS, &["cost", "team"], &tags),
        Yes
    );
    assert_eq!(holds("ForAllValues:StringLike", TAGS, &["*"], &tags), Yes);
    // Negated: some value (ForAnyValue) or every value (ForAllValues) matches none.
    assert_eq!(
        holds("ForAnyValue:StringNotEquals", TAGS, &["cost"], &tags),
        Yes
    );
    assert_eq!(
        holds("ForAllValues:StringNotEquals", TAGS, &["cost"], &tags),
        No
    );
    // No value: ForAllValues holds, ForAnyValue does not.
    assert_eq!(
        holds("ForAllValues:StringEquals", TAGS, &["cost"], &absent),
        Yes
    );
    assert_eq!(
        holds("ForAnyValue:StringEquals", TAGS, &["cost"], &absent),
        No
    );
    // A single-valued key is a set of one.
    let account = one("111122223333");
    assert_eq!(
        holds(
            "ForAnyValue:StringEquals",
            ACCOUNT,
            &["111122223333"],
            &account
        ),
        Yes
    );
    // Several values without a set operator: not decided here.
    assert_eq!(holds("StringEquals", TAGS, &["cost"], &tags), Maybe);
    // An unknown request value: ForAnyValue may or may not match.
    let unknown = [SymStr::lit("team"), SymStr::from_template("${tag}")];
    assert_eq!(
        holds("ForAnyValue:StringEquals", TAGS, &["cost"], &unknown),
        Maybe
    );
}

#[test]
fn unknown_operators_and_policy_variables_are_not_decided() {
    let account = one("111122223333");
    assert_eq!(holds("NumericEquals", ACCOUNT, &["1"], &account), Maybe);
    assert_eq!(
        holds("IpAddress", ACCOUNT, &["10.0.0.0/8"], &account),
        Maybe
    );
    assert_eq!(holds("NullIfExists", ACCOUNT, &["true"], &account), Maybe);
    assert_eq!(
        holds(
            "StringEquals",
            ACCOUNT,
            &["${aws:PrincipalAccount}"],
            &account
        ),
        Maybe
    );
    assert_eq!(
        holds(
            "StringEquals",
            ACCOUNT,
            &["&{aws:PrincipalAccount}"],
            &account
        ),
        Maybe
    );
    // A value that is a symbol (a variable without default) is unknown text.
    assert_eq!(
        holds("StringEquals", ACCOUNT, &["${var.account}"], &account),
        Maybe
    );
}

#[test]
fn every_condition_must_hold_and_the_failing_one_is_named() {
    let region = one("s3.eu-west-1.amazonaws.com");
    let objects = one("arn:aws:s3:::src/${key}");
    let context = [(VIA, &region[..]), (CONTEXT, &objects[..])];
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
