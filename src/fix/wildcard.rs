//! RL306: a resource that names a bucket where its objects were meant gets `/*`.

use super::text::{is_hcl, quote_of};
use super::{Edit, Fix};
use repl_lint_source::{SourceFile, Span};
use repl_lint_syntax::value::ValueKind;

/// The edit that makes the resource written at `resource` match the bucket's objects.
pub fn object_wildcard(file: &SourceFile, resource: Span) -> Option<Fix> {
    let written = file.get(resource)?;
    let append = |inner: &str| if inner.ends_with('/') { "*" } else { "/*" };
    let string = written
        .strip_prefix("!Sub ")
        .map_or(written, str::trim_start);
    let (span, text) = if !quote_of(string).is_empty() {
        // `"arn:aws:s3:::b"`, `"${aws_s3_bucket.b.arn}"`, `!Sub "${B.Arn}"`: before the quote.
        let inner = &written[..written.len() - 1];
        let at = resource.end as usize - 1;
        (Span::new(resource.file, at, at), append(inner).to_string())
    } else if let Some(target) = get_att_arn(written) {
        let sub = if written.starts_with('!') {
            format!("!Sub \"${{{target}.Arn}}/*\"")
        } else {
            format!("{{\"Fn::Sub\": \"${{{target}.Arn}}/*\"}}")
        };
        (resource, sub)
    } else if is_hcl(file) && is_traversal(written) {
        (resource, format!("\"${{{written}}}/*\""))
    } else if !is_hcl(file) && is_plain_arn(written) {
        let at = resource.end as usize;
        (
            Span::new(resource.file, at, at),
            append(written).to_string(),
        )
    } else {
        return None;
    };
    let mut fixed = written.to_string();
    let offset = (span.start - resource.start) as usize;
    fixed.replace_range(offset..offset + (span.end - span.start) as usize, &text);
    Some(Fix {
        title: format!("Grant on the objects: `{fixed}`"),
        edits: vec![Edit { span, text }],
    })
}

/// The logical ID of `!GetAtt X.Arn` or `{"Fn::GetAtt": ["X", "Arn"]}`.
fn get_att_arn(written: &str) -> Option<String> {
    if let Some(rest) = written.strip_prefix("!GetAtt") {
        let target = rest.trim().strip_suffix(".Arn")?;
        let word = !target.is_empty() && target.chars().all(|c| c.is_ascii_alphanumeric());
        return (rest.starts_with([' ', '\t']) && word).then(|| target.to_string());
    }
    let value = repl_lint_syntax::json::parse_json(written, repl_lint_source::FileId(0), 0).ok()?;
    let [entry] = value.entries() else {
        return None;
    };
    match (entry.key.as_str(), &entry.value.kind) {
        ("Fn::GetAtt", ValueKind::List(items)) => match items.as_slice() {
            [target, attr] if attr.as_str() == Some("Arn") => target.as_str().map(str::to_string),
            _ => None,
        },
        _ => None,
    }
}

/// A Terraform reference written bare: `aws_s3_bucket.b.arn`, `module.m.bucket_arn`.
fn is_traversal(written: &str) -> bool {
    written.contains('.')
        && written.starts_with(|c: char| c.is_ascii_alphabetic())
        && written
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-[]\"".contains(c))
}

/// A YAML plain scalar that is a literal S3 ARN.
fn is_plain_arn(written: &str) -> bool {
    written.starts_with("arn:")
        && !written.contains(|c: char| c.is_whitespace() || "#,[]{}".contains(c))
}

#[cfg(test)]
#[path = "wildcard_tests.rs"]
mod tests;
