//! RL101 role-not-arn: the replication role is not an IAM role ARN.

use crate::prelude::*;
use repl_lint_model::resolve::{AttrMeaning, RoleLink};
use repl_lint_model::{Model, NodeKind, Replication};
use repl_lint_syntax::resource::Dialect;
use repl_lint_syntax::value::{TextPart, Value, ValueKind};

declare_rule! {
    id: RL101,
    name: "role-not-arn",
    severity: Error,
    default_enabled: true,
    summary: "The replication role is not an IAM role ARN (arn:<partition>:iam::<account>:role/...).",
    check: Some(check),
}

/// Flags role values that are names (a reference to a role's name/id, or a literal) instead of ARNs.
pub fn check(model: &Context, sink: &mut Sink) {
    for replication in &model.replications {
        let Some(role) = &replication.role else {
            continue;
        };
        let problem = match &role.kind {
            ValueKind::Ref(r) => match model.resolve_role(replication.unit, role) {
                RoleLink::Found(_, meaning) if meaning != AttrMeaning::Arn => {
                    let what = if meaning == AttrMeaning::Name {
                        "the role's name"
                    } else {
                        "an attribute"
                    };
                    Some((
                        format!("`{}` is {what}, not its ARN", r.display()),
                        role_arn_help(model, replication.unit, r),
                        use_arn(model, replication, role, NodeKind::Role),
                    ))
                }
                _ => None,
            },
            ValueKind::Str(s) if !is_role_arn(s) => Some((
                format!("role `{s}` is not an IAM role ARN"),
                "use the role's ARN: arn:aws:iam::<account-id>:role/<name>".to_string(),
                None,
            )),
            ValueKind::Template(parts) => match parts.first() {
                Some(TextPart::Lit(head)) if !could_start_arn(head) => Some((
                    format!("role `{head}…` is not an IAM role ARN"),
                    "use the role's ARN: arn:aws:iam::<account-id>:role/<name>".to_string(),
                    None,
                )),
                _ => None,
            },
            _ => None,
        };
        if let Some((message, help, fix)) = problem {
            let report = sink
                .report(&META, role.span, message)
                .resource(&replication.address)
                .help(&help)
                .fix(fix);
            if let RoleLink::Found(i, _) = model.resolve_role(replication.unit, role)
                && let Some(found) = model.roles.get(i)
            {
                report.related(found.header, "role defined here");
            }
        }
    }
}

/// The fix that turns `value`, a reference to the name of a resource of `kind`, into a reference
/// to its ARN, when that is certain: the reference names the resource itself (not a resource that
/// configures it) by the attribute that yields its name (`aws_iam_role.x.name`, `!Ref X`), and
/// is not a plan value.
pub(super) fn use_arn(
    model: &Model,
    replication: &Replication,
    value: &Value,
    kind: NodeKind,
) -> Option<FixIntent> {
    let ValueKind::Ref(r) = &value.kind else {
        return None;
    };
    let resolved = model.resolve(replication.unit, r)?;
    let node = resolved.node;
    let certain = !replication.from_plan
        && node.kind == kind
        && node.address == r.target
        && resolved.meaning == AttrMeaning::Name;
    let attr = match (node.dialect, r.attr.as_slice()) {
        (Dialect::Terraform, [attr]) => attr.clone(),
        (Dialect::CloudFormation, []) => String::new(),
        _ => return None,
    };
    certain.then(|| FixIntent::UseArn {
        reference: value.span,
        target: r.target.clone(),
        attr,
    })
}

fn role_arn_help(model: &Model, unit: usize, r: &repl_lint_syntax::value::Reference) -> String {
    match model.resolve(unit, r).map(|x| x.node.dialect) {
        Some(Dialect::CloudFormation) => {
            format!("use `!GetAtt {}.Arn`", r.target)
        }
        _ => format!("use `{}.arn`", r.target),
    }
}

/// `arn:<partition>:iam::<12 digits>:role/<name>`.
fn is_role_arn(s: &str) -> bool {
    let mut parts = s.splitn(6, ':');
    let fields: [Option<&str>; 6] = std::array::from_fn(|_| parts.next());
    match fields {
        [
            Some("arn"),
            Some(partition),
            Some("iam"),
            Some(""),
            Some(account),
            Some(resource),
        ] => {
            partition.starts_with("aws")
                && account.len() == 12
                && account.bytes().all(|b| b.is_ascii_digit())
                && resource
                    .strip_prefix("role/")
                    .is_some_and(|name| !name.is_empty())
        }
        _ => false,
    }
}

/// Whether a literal head of a template can still begin an ARN (`arn:` or a prefix of it).
fn could_start_arn(head: &str) -> bool {
    head.starts_with("arn:") || "arn:".starts_with(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_arn_shape() {
        assert!(is_role_arn("arn:aws:iam::123456789012:role/replication"));
        assert!(is_role_arn(
            "arn:aws-us-gov:iam::123456789012:role/path/replication"
        ));
        assert!(!is_role_arn("replication"));
        assert!(!is_role_arn("arn:aws:iam::12345:role/replication"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:user/replication"));
        assert!(!is_role_arn("arn:aws:iam::123456789012:role/"));
    }
}
