//! Unit tests of `link.rs`.

use super::*;

fn alias(sym: &SymStr) -> Option<(String, bool, Option<String>, Option<String>)> {
    alias_ref(sym).map(|a| (a.name, a.is_arn, a.region, a.account))
}

#[test]
fn alias_names_and_alias_arns_are_read() {
    assert_eq!(
        alias(&SymStr::lit("alias/replica")),
        Some(("alias/replica".into(), false, None, None))
    );
    assert_eq!(
        alias(&SymStr::lit(
            "arn:aws:kms:eu-west-1:123456789012:alias/replica"
        )),
        Some((
            "alias/replica".into(),
            true,
            Some("eu-west-1".into()),
            Some("123456789012".into())
        ))
    );
    // Symbolic region and account (`!Sub` with pseudo parameters) are not literal.
    let symbolic = SymStr::from_template("arn:aws:kms:${AWS::Region}:${AWS::AccountId}:alias/r");
    assert_eq!(alias(&symbolic), Some(("alias/r".into(), true, None, None)));
}

#[test]
fn key_arns_key_ids_and_symbolic_alias_names_are_not_aliases() {
    for text in [
        "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:s3:::alias/bucket",
    ] {
        assert_eq!(alias(&SymStr::lit(text)), None, "{text}");
    }
    let name = SymStr::from_template("arn:aws:kms:eu-west-1:123456789012:alias/${var.name}");
    assert_eq!(alias(&name), None);
}
