//! RL101 / RL102: a reference to a resource's name where its ARN is needed becomes a reference to
//! its ARN.

use super::text::is_hcl;
use super::{Edit, Fix};
use repl_lint_source::{SourceFile, Span};
use repl_lint_syntax::value::ValueKind;

/// The fix for a reference to `target`'s attribute `attr` (Terraform) or a `Ref` of `target`
/// (CloudFormation, `attr` empty) written at `reference`.
pub fn use_arn(file: &SourceFile, reference: Span, target: &str, attr: &str) -> Option<Fix> {
    if attr.is_empty() {
        get_att(file, reference, target)
    } else {
        terraform_arn(file, reference, target, attr)
    }
}

/// `aws_iam_role.x.name` (or `"${aws_iam_role.x.name}"`) → `aws_iam_role.x.arn`: only the
/// attribute's bytes change. The text must name the resource itself: a variable or local that
/// holds the name is not rewritten.
fn terraform_arn(file: &SourceFile, reference: Span, target: &str, attr: &str) -> Option<Fix> {
    if !is_hcl(file) {
        return None;
    }
    let written = file.get(reference)?;
    let (inner, offset) = match written
        .strip_prefix("\"${")
        .and_then(|s| s.strip_suffix("}\""))
    {
        Some(inner) => (inner, 3),
        None => (written, 0),
    };
    let base = local_address(target);
    let names_target = inner
        .strip_prefix(base)
        .is_some_and(|rest| rest.starts_with(['.', '[']));
    let plain = !inner.contains(|c: char| c.is_whitespace() || "(){}$\"".contains(c));
    let head = inner.strip_suffix(attr)?.strip_suffix('.')?;
    if !names_target || !plain {
        return None;
    }
    let at = reference.start as usize + offset + head.len() + 1;
    Some(Fix {
        title: format!("Use `{head}.arn`"),
        edits: vec![Edit {
            span: Span::new(reference.file, at, at + attr.len()),
            text: "arn".to_string(),
        }],
    })
}

/// A resource address as written inside its own module: without the `module.NAME.` prefixes a
/// module's resources get, and without instance keys (`aws_iam_role.x[0]` → `aws_iam_role.x`).
fn local_address(target: &str) -> &str {
    let mut rest = target;
    while let Some(after) = rest.strip_prefix("module.") {
        // The module name and its keys end at the first `.` outside brackets.
        let mut depth = 0usize;
        let dot = after.char_indices().find(|&(_, c)| {
            match c {
                '[' => depth += 1,
                ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            c == '.' && depth == 0
        });
        match dot {
            Some((i, _)) => rest = &after[i + 1..],
            None => return rest,
        }
    }
    rest.split('[').next().unwrap_or(rest)
}

/// `!Ref X` → `!GetAtt X.Arn`; `{"Ref": "X"}` → `{"Fn::GetAtt": ["X", "Arn"]}`.
fn get_att(file: &SourceFile, reference: Span, target: &str) -> Option<Fix> {
    let written = file.get(reference)?;
    let short = written
        .strip_prefix("!Ref")
        .filter(|rest| rest.starts_with([' ', '\t']))
        .is_some_and(|rest| rest.trim() == target);
    let text = if short {
        format!("!GetAtt {target}.Arn")
    } else if is_json_ref(written, target) {
        format!("{{\"Fn::GetAtt\": [\"{target}\", \"Arn\"]}}")
    } else {
        return None;
    };
    Some(Fix {
        title: format!("Use `{text}`"),
        edits: vec![Edit {
            span: reference,
            text,
        }],
    })
}

/// True when `written` is the JSON object `{"Ref": "<target>"}` (any spacing).
fn is_json_ref(written: &str, target: &str) -> bool {
    let Ok(value) = repl_lint_syntax::json::parse_json(written, repl_lint_source::FileId(0), 0)
    else {
        return false;
    };
    match value.entries() {
        [entry] => {
            entry.key == "Ref" && matches!(&entry.value.kind, ValueKind::Str(s) if s == target)
        }
        _ => false,
    }
}

#[cfg(test)]
#[path = "arn_tests.rs"]
mod tests;
