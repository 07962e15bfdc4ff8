//! RL201 / RL202: versioning Enabled added to a bucket that has none: a Terraform
//! `aws_s3_bucket_versioning` resource after the bucket's block (with the replication resource's
//! `depends_on` naming it), or CloudFormation `VersioningConfiguration` under `Properties`.

use super::depends::depends_on_edit;
use super::text::{indentation, is_hcl, line_end, line_start, newline};
use super::{Edit, Fix};
use repl_lint_source::diagnostic::DependsOn;
use repl_lint_source::{SourceDb, SourceFile, Span};
use repl_lint_syntax::value::Value;

/// The fix that adds versioning Enabled to the bucket written at `bucket`: Terraform when
/// `versioning` names the new resource, CloudFormation otherwise.
pub fn add_versioning(
    db: &SourceDb,
    bucket: Span,
    address: &str,
    versioning: Option<&str>,
    depends_on: Option<&DependsOn>,
) -> Option<Fix> {
    let file = db.file(bucket.file);
    match versioning {
        Some(versioning) => {
            let mut edits = vec![terraform_resource(file, bucket, address, versioning)?];
            if let Some(depends) = depends_on {
                edits.push(depends_on_edit(db.file(depends.resource.file), depends)?);
            }
            Some(Fix {
                title: format!("Add `{versioning}` with status Enabled"),
                edits,
            })
        }
        None => Some(Fix {
            title: "Add `VersioningConfiguration: {Status: Enabled}`".to_string(),
            edits: vec![if file.text.trim_start().starts_with('{') {
                cloudformation_json(file, bucket)?
            } else {
                cloudformation_yaml(file, bucket)?
            }],
        }),
    }
}

/// The new resource after the bucket's closing brace, separated by a blank line.
fn terraform_resource(
    file: &SourceFile,
    bucket: Span,
    address: &str,
    versioning: &str,
) -> Option<Edit> {
    let block = file.get(bucket)?;
    let (kind, name) = versioning.split_once('.')?;
    if !is_hcl(file) || !block.ends_with('}') {
        return None;
    }
    let text = file.text.as_str();
    let own = indentation(&text[line_start(text, bucket.start as usize)..]);
    let nl = newline(text);
    let lines = [
        format!("resource \"{kind}\" \"{name}\" {{"),
        format!("  bucket = {address}.id"),
        "  versioning_configuration {".to_string(),
        "    status = \"Enabled\"".to_string(),
        "  }".to_string(),
        "}".to_string(),
    ];
    let mut insert = String::from(nl);
    for line in lines {
        insert.push_str(nl);
        insert.push_str(own);
        insert.push_str(&line);
    }
    Some(Edit {
        span: Span::new(bucket.file, bucket.end as usize, bucket.end as usize),
        text: insert,
    })
}

/// A YAML template in block style: the entry on a new line right below `Properties:`, or a new
/// `Properties` right below `Type:`, indented as the resource's own entries.
fn cloudformation_yaml(file: &SourceFile, bucket: Span) -> Option<Edit> {
    let text = file.text.as_str();
    let start = line_start(text, bucket.start as usize);
    let own = indentation(&text[start..]);
    let block = &text[start..bucket.end as usize];
    let mut lines = block.split('\n').skip(1).filter(|l| !l.trim().is_empty());
    let child = indentation(lines.next()?);
    if child.len() <= own.len() || !child.starts_with(own) {
        return None;
    }
    let step = &child[own.len()..];
    // The resource's own entries (one indentation level below the logical ID), with offsets.
    let mut offset = start;
    let mut entries: Vec<(usize, &str)> = Vec::new();
    for line in block.split('\n') {
        if indentation(line) == child && !line.trim_start().starts_with('#') {
            entries.push((offset, line.trim()));
        }
        offset += line.len() + 1;
    }
    let nl = newline(text);
    let (at, insert) = if let Some((at, line)) =
        entries.iter().find(|(_, l)| l.starts_with("Properties"))
    {
        if line.trim_end_matches('\r') != "Properties:" {
            return None;
        }
        let grandchild = format!("{child}{step}");
        (
            line_end(text, *at),
            format!(
                "{nl}{grandchild}VersioningConfiguration:{nl}{grandchild}{step}Status: Enabled"
            ),
        )
    } else {
        let (at, _) = entries.iter().find(|(_, l)| l.starts_with("Type:"))?;
        (
            line_end(text, *at),
            format!(
                "{nl}{child}Properties:{nl}{child}{step}VersioningConfiguration:{nl}{child}{step}{step}Status: Enabled"
            ),
        )
    };
    Some(Edit {
        span: Span::new(bucket.file, at, at),
        text: insert,
    })
}

/// A JSON template: the member first in `Properties` (which gets it as its only member when
/// empty), or a new `Properties` member after `Type`.
fn cloudformation_json(file: &SourceFile, bucket: Span) -> Option<Edit> {
    let text = file.text.as_str();
    let block = file.get(bucket)?;
    let open = bucket.start as usize + block.find('{')?;
    let resource =
        repl_lint_syntax::json::parse_json(&text[open..bucket.end as usize], bucket.file, open)
            .ok()?;
    const MEMBER: &str = "\"VersioningConfiguration\": {\"Status\": \"Enabled\"}";
    let separator = |entry_start: usize| {
        let before = &text[line_start(text, entry_start)..entry_start];
        if before.trim().is_empty() {
            format!("{}{before}", newline(text))
        } else {
            " ".to_string()
        }
    };
    let (at, end, insert) = match resource.entries().iter().find(|e| e.key == "Properties") {
        Some(properties) => match properties.value.entries().first() {
            Some(first) => {
                let at = first.span.start as usize;
                (at, at, format!("{MEMBER},{}", separator(at)))
            }
            None if is_empty_object(&properties.value) => (
                properties.value.span.start as usize,
                properties.value.span.end as usize,
                format!("{{{MEMBER}}}"),
            ),
            None => return None,
        },
        None => {
            let kind = resource.entries().iter().find(|e| e.key == "Type")?;
            let at = kind.span.end as usize;
            (
                at,
                at,
                format!(
                    ",{}\"Properties\": {{{MEMBER}}}",
                    separator(kind.span.start as usize)
                ),
            )
        }
    };
    Some(Edit {
        span: Span::new(bucket.file, at, end),
        text: insert,
    })
}

/// True for a `{}` object.
fn is_empty_object(value: &Value) -> bool {
    matches!(&value.kind, repl_lint_syntax::value::ValueKind::Map(entries) if entries.is_empty())
}

#[cfg(test)]
#[path = "versioning_tests.rs"]
mod tests;
