//! Matching the `Principal` / `NotPrincipal` element of a statement against who is asking.
//!
//! Principals support no wildcards except a lone `*`, so values are compared for symbolic
//! equality ([`sym_equals`]), never as globs.

use super::Tri;
use super::glob::{glob_match, sym_equals};
use super::policy::{Piece, PrincipalEntry, Statement, SymStr};

/// Who is asking: used for trust policies and resource-based (bucket/key) policies.
/// Identity policies are evaluated without a principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal<'a> {
    /// An AWS service, e.g. `s3.amazonaws.com`.
    Service(&'a str),
    /// An IAM role (or other IAM identity) by ARN, with its account ID when known.
    Aws {
        /// The identity's ARN.
        arn: &'a SymStr,
        /// Its 12-digit account ID, when known. When `None` it is read from a literal `arn`.
        account: Option<&'a SymStr>,
    },
}

/// Whether the statement's `Principal` / `NotPrincipal` covers `principal`.
///
/// * No `Principal` and no `NotPrincipal` (identity policies): `Yes`.
/// * `Principal`: `Yes` when some entry matches for sure, `Maybe` when one may match.
///   An empty list matches nothing.
/// * `NotPrincipal`: the inverse (`Yes` when no entry can match).
/// * Both present (invalid in IAM): both must hold.
///
/// Entries: `*` (and `{"AWS": "*"}`) match everyone, services included. A `Service` entry
/// matches a service principal of the same name (ASCII case-insensitive). An `AWS` entry matches
/// an AWS principal when it equals its ARN, or names its account (12-digit ID or
/// `arn:<partition>:iam::<account>:root`); naming the account only delegates to the account's
/// own IAM policies, which callers check separately. Other types (`Federated`,
/// `CanonicalUser`) never match.
pub fn principal_matches(stmt: &Statement, principal: &Principal<'_>) -> Tri {
    let account = effective_account(principal);
    let account = account.as_ref();
    let mut result = Tri::Yes;
    if let Some(entries) = &stmt.principals {
        result = result.and(Tri::any(
            entries.iter().map(|e| entry_matches(e, principal, account)),
        ));
    }
    if let Some(entries) = &stmt.not_principals {
        result = result
            .and(Tri::any(entries.iter().map(|e| entry_matches(e, principal, account))).not());
    }
    result
}

/// The account of an AWS principal: given, or read from a literal IAM ARN.
fn effective_account(principal: &Principal<'_>) -> Option<SymStr> {
    match principal {
        Principal::Service(_) => None,
        Principal::Aws {
            account: Some(acct),
            ..
        } => Some((*acct).clone()),
        Principal::Aws { arn, account: None } => {
            let text = arn.as_literal()?;
            let mut parts = text.split(':');
            let (Some("arn"), Some(_), Some("iam"), Some(""), Some(acct)) = (
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
            ) else {
                return None;
            };
            is_account_id(acct).then(|| SymStr::lit(acct))
        }
    }
}

/// True for a 12-digit account ID.
fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether one principal entry names `principal`.
fn entry_matches(
    entry: &PrincipalEntry,
    principal: &Principal<'_>,
    account: Option<&SymStr>,
) -> Tri {
    let (kind, value) = match entry {
        PrincipalEntry::Everyone(_) => return Tri::Yes,
        PrincipalEntry::Typed { kind, value } => (kind.as_str(), &value.text),
    };
    let is_aws = kind.eq_ignore_ascii_case("AWS");
    // `{"AWS": "*"}` is the same as `"*"`.
    let everyone = if is_aws {
        sym_equals(value, &SymStr::lit("*"), false)
    } else {
        Tri::No
    };
    let specific = match principal {
        Principal::Service(name) if kind.eq_ignore_ascii_case("Service") => {
            sym_equals(value, &SymStr::lit(name), true)
        }
        Principal::Aws { arn, .. } if is_aws => {
            sym_equals(value, arn, false).or(names_account(value, account))
        }
        _ => Tri::No,
    };
    everyone.or(specific)
}

/// Whether an `AWS` principal value names `account` (as an ID or a `:root` ARN).
fn names_account(value: &SymStr, account: Option<&SymStr>) -> Tri {
    // An account ID or root ARN has no `/`: a value with one (a role or user ARN, whatever its
    // symbols stand for) never names an account.
    if value
        .pieces
        .iter()
        .any(|p| matches!(p, Piece::Lit(text) if text.contains('/')))
    {
        return Tri::No;
    }
    match account {
        Some(acct) => {
            let mut root = SymStr::lit("arn:*:iam::");
            root.push_sym(acct);
            root.push_lit(":root");
            // An account ID is digits only: text with other characters never names it.
            let digits_only = value.pieces.iter().all(|p| match p {
                Piece::Lit(text) => text.bytes().all(|b| b.is_ascii_digit()),
                Piece::Symbol(_) => true,
            });
            let as_id = if digits_only {
                sym_equals(value, acct, false)
            } else {
                Tri::No
            };
            as_id.or(glob_match(&root, value, false))
        }
        // The account is unknown: any account-shaped value may be it.
        None => {
            let any_root = glob_match(&SymStr::lit("arn:*:iam::*:root"), value, false);
            let any_id = match value.as_literal() {
                Some(text) => Tri::from_bool(is_account_id(text)),
                None => glob_match(&SymStr::lit("????????????"), value, false),
            };
            any_root.or(any_id).cap_maybe()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{allow_nothing, s, span, typed};
    use Tri::{Maybe, No, Yes};

    fn stmt(
        principals: Option<Vec<PrincipalEntry>>,
        not: Option<Vec<PrincipalEntry>>,
    ) -> Statement {
        Statement {
            principals,
            not_principals: not,
            ..allow_nothing()
        }
    }

    fn p(entries: Vec<PrincipalEntry>) -> Statement {
        stmt(Some(entries), None)
    }

    const S3: Principal<'static> = Principal::Service("s3.amazonaws.com");

    #[test]
    fn another_identity_of_a_symbolic_account_is_not_the_account() {
        let arn = s("arn:aws:iam::${acct}:role/replication");
        let acct = s("${acct}");
        let me = Principal::Aws {
            arn: &arn,
            account: Some(&acct),
        };
        let other = p(vec![typed("AWS", "arn:aws:iam::${acct}:role/admin")]);
        assert_eq!(principal_matches(&other, &me), No);
        let root = p(vec![typed("AWS", "arn:aws:iam::${acct}:root")]);
        assert_eq!(principal_matches(&root, &me), Yes);
        let literal = p(vec![typed("AWS", "111122223333")]);
        assert_eq!(principal_matches(&literal, &me), Maybe);
    }

    #[test]
    fn another_role_of_a_generated_name_is_neither_the_role_nor_the_account() {
        // `${#0#X.name}` is the generated identity of role `X` (`SymStr::push_identity`).
        let arn = s("arn:aws:iam::${acct}:role/${#0#ReplicationRole.name}");
        let acct = s("${acct}");
        let me = Principal::Aws {
            arn: &arn,
            account: Some(&acct),
        };
        let other = p(vec![typed(
            "AWS",
            "arn:aws:iam::${acct}:role/${#0#AuditRole.name}",
        )]);
        assert_eq!(principal_matches(&other, &me), No);
        let itself = p(vec![typed(
            "AWS",
            "arn:aws:iam::${acct}:role/${#0#ReplicationRole.name}",
        )]);
        assert_eq!(principal_matches(&itself, &me), Yes);
        // A role of an unknown name may be this one, but it is never the account.
        let unknown = p(vec![typed("AWS", "arn:aws:iam::${acct}:role/${var.audit}")]);
        assert_eq!(principal_matches(&unknown, &me), Maybe);
        let root = p(vec![typed("AWS", "arn:aws:iam::${acct}:root")]);
        assert_eq!(principal_matches(&root, &me), Yes);
    }

    #[test]
    fn absent_principal_matches() {
        assert_eq!(principal_matches(&stmt(None, None), &S3), Yes);
    }

    #[test]
    fn empty_list_matches_nothing() {
        assert_eq!(principal_matches(&p(vec![]), &S3), No);
        assert_eq!(principal_matches(&stmt(None, Some(vec![])), &S3), Yes);
    }

    #[test]
    fn services() {
        assert_eq!(
            principal_matches(&p(vec![typed("Service", "s3.amazonaws.com")]), &S3),
            Yes
        );
        assert_eq!(
            principal_matches(&p(vec![typed("Service", "S3.AmazonAWS.com")]), &S3),
            Yes
        );
        assert_eq!(
            principal_matches(&p(vec![typed("Service", "ec2.amazonaws.com")]), &S3),
            No
        );
        let list = p(vec![
            typed("Service", "ec2.amazonaws.com"),
            typed("Service", "s3.amazonaws.com"),
        ]);
        assert_eq!(principal_matches(&list, &S3), Yes);
        assert_eq!(
            principal_matches(&p(vec![typed("Service", "${var.svc}")]), &S3),
            Maybe
        );
        assert_eq!(
            principal_matches(&p(vec![typed("Service", "${var.r}.amazonaws.com")]), &S3),
            Maybe
        );
        assert_eq!(
            principal_matches(&p(vec![typed("Service", "${var.r}.example.com")]), &S3),
            No
        );
        // Another principal type never names a service.
        assert_eq!(
            principal_matches(&p(vec![typed("AWS", "s3.amazonaws.com")]), &S3),
            No
        );
        assert_eq!(
            principal_matches(&p(vec![typed("Federated", "s3.amazonaws.com")]), &S3),
            No
        );
    }

    #[test]
    fn everyone() {
        assert_eq!(
            principal_matches(&p(vec![PrincipalEntry::Everyone(span())]), &S3),
            Yes
        );
        assert_eq!(principal_matches(&p(vec![typed("AWS", "*")]), &S3), Yes);
        let arn = s("arn:aws:iam::111122223333:role/r");
        let role = Principal::Aws {
            arn: &arn,
            account: None,
        };
        assert_eq!(
            principal_matches(&p(vec![PrincipalEntry::Everyone(span())]), &role),
            Yes
        );
        assert_eq!(principal_matches(&p(vec![typed("AWS", "*")]), &role), Yes);
        // `Service: *` is not a wildcard.
        assert_eq!(principal_matches(&p(vec![typed("Service", "*")]), &S3), No);
    }

    #[test]
    fn aws_by_arn() {
        let arn = s("arn:aws:iam::111122223333:role/repl");
        let role = Principal::Aws {
            arn: &arn,
            account: None,
        };
        assert_eq!(
            principal_matches(
                &p(vec![typed("AWS", "arn:aws:iam::111122223333:role/repl")]),
                &role
            ),
            Yes
        );
        assert_eq!(
            principal_matches(
                &p(vec![typed("AWS", "arn:aws:iam::111122223333:role/other")]),
                &role
            ),
            No
        );
        // No wildcards in principals except a lone `*`.
        assert_eq!(
            principal_matches(
                &p(vec![typed("AWS", "arn:aws:iam::111122223333:role/*")]),
                &role
            ),
            No
        );
        assert_eq!(
            principal_matches(
                &p(vec![typed(
                    "Service",
                    "arn:aws:iam::111122223333:role/repl"
                )]),
                &role
            ),
            No
        );
    }

    #[test]
    fn aws_symbolic_arn() {
        let arn = s("${aws_iam_role.r.arn}");
        let role = Principal::Aws {
            arn: &arn,
            account: None,
        };
        assert_eq!(
            principal_matches(&p(vec![typed("AWS", "${aws_iam_role.r.arn}")]), &role),
            Yes
        );
        assert_eq!(
            principal_matches(&p(vec![typed("AWS", "${aws_iam_role.other.arn}")]), &role),
            Maybe
        );
        assert_eq!(
            principal_matches(
                &p(vec![typed("AWS", "arn:aws:iam::111122223333:role/x")]),
                &role
            ),
            Maybe
        );
    }

    #[test]
    fn aws_by_account() {
        let arn = s("arn:aws:iam::111122223333:role/repl");
        let acct = s("111122223333");
        let given = Principal::Aws {
            arn: &arn,
            account: Some(&acct),
        };
        let derived = Principal::Aws {
            arn: &arn,
            account: None,
        };
        for role in [given, derived] {
            assert_eq!(
                principal_matches(&p(vec![typed("AWS", "111122223333")]), &role),
                Yes
            );
            assert_eq!(
                principal_matches(
                    &p(vec![typed("AWS", "arn:aws:iam::111122223333:root")]),
                    &role
                ),
                Yes
            );
            assert_eq!(
                principal_matches(
                    &p(vec![typed("AWS", "arn:aws-cn:iam::111122223333:root")]),
                    &role
                ),
                Yes
            );
            assert_eq!(
                principal_matches(&p(vec![typed("AWS", "444455556666")]), &role),
                No
            );
            assert_eq!(
                principal_matches(
                    &p(vec![typed("AWS", "arn:aws:iam::444455556666:root")]),
                    &role
                ),
                No
            );
            assert_eq!(
                principal_matches(
                    &p(vec![typed("AWS", "arn:aws:iam::${var.acct}:root")]),
                    &role
                ),
                Maybe
            );
            assert_eq!(
                principal_matches(&p(vec![typed("AWS", "${var.acct}")]), &role),
                Maybe
            );
        }
    }

    #[test]
    fn aws_symbolic_account() {
        let arn = s("${aws_iam_role.r.arn}");
        let acct = s("${data.aws_caller_identity.c.account_id}");
        let role = Principal::Aws {
            arn: &arn,
            account: Some(&acct),
        };
        let same_root = "arn:aws:iam::${data.aws_caller_identity.c.account_id}:root";
        assert_eq!(
            principal_matches(&p(vec![typed("AWS", same_root)]), &role),
            Yes
        );
        assert_eq!(
            principal_matches(
                &p(vec![typed(
                    "AWS",
                    "${data.aws_caller_identity.c.account_id}"
                )]),
                &role
            ),
            Yes
        );
        assert_eq!(
            principal_matches(&p(vec![typed("AWS", "111122223333")]), &role),
            Maybe
        );
    }

    #[test]
    fn aws_unknown_account() {
        // Neither a known account nor an ARN to read it from.
        let arn = s("${var.role_arn}");
        let role = Principal::Aws {
            arn: &arn,
            account: None,
        };
        assert_eq!(
            principal_matches(&p(vec![typed("AWS", "111122223333")]), &role),
            Maybe
        );
        assert_eq!(
            principal_matches(
                &p(vec![typed("AWS", "arn:aws:iam::111122223333:root")]),
                &role
            ),
            Maybe
        );
        let lit_arn = s("arn:aws:iam::111122223333:role/repl");
        let no_acct = Principal::Aws {
            arn: &lit_arn,
            account: None,
        };
        // A user ARN of the same account is neither the role nor its account.
        assert_eq!(
            principal_matches(
                &p(vec![typed("AWS", "arn:aws:iam::111122223333:user/u")]),
                &no_acct
            ),
            No
        );
    }

    #[test]
    fn not_principal() {
        let not_s3 = stmt(None, Some(vec![typed("Service", "s3.amazonaws.com")]));
        assert_eq!(principal_matches(&not_s3, &S3), No);
        assert_eq!(
            principal_matches(&not_s3, &Principal::Service("ec2.amazonaws.com")),
            Yes
        );
        let not_sym = stmt(None, Some(vec![typed("Service", "${var.s}")]));
        assert_eq!(principal_matches(&not_sym, &S3), Maybe);
        let arn = s("arn:aws:iam::111122223333:role/repl");
        let role = Principal::Aws {
            arn: &arn,
            account: None,
        };
        let not_acct = stmt(
            None,
            Some(vec![typed("AWS", "arn:aws:iam::111122223333:root")]),
        );
        assert_eq!(principal_matches(&not_acct, &role), No);
        let not_other = stmt(
            None,
            Some(vec![typed("AWS", "arn:aws:iam::999999999999:root")]),
        );
        assert_eq!(principal_matches(&not_other, &role), Yes);
    }
}
