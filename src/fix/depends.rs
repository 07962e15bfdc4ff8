//! RL203 (and the versioning a fix adds): an address added to a Terraform resource's
//! `depends_on`, appended to the list or in a new attribute at the top of the resource's body.

use super::text::{indentation, is_hcl, line_end, line_start, newline, next_line};
use super::{Edit, Fix};
use repl_lint_source::diagnostic::DependsOn;
use repl_lint_source::{SourceFile, Span};

/// The fix that makes the resource of `depends` list `depends.address` in its `depends_on`.
pub fn add_depends_on(file: &SourceFile, depends: &DependsOn) -> Option<Fix> {
    Some(Fix {
        title: format!("Add `{}` to depends_on", depends.address),
        edits: vec![depends_on_edit(file, depends)?],
    })
}

/// The one edit that adds the address; `None` when the text is not in a shape to edit with
/// certainty (not native Terraform, an empty or unusual list).
pub fn depends_on_edit(file: &SourceFile, depends: &DependsOn) -> Option<Edit> {
    if !is_hcl(file) {
        return None;
    }
    match depends.listed.iter().max_by_key(|s| s.end) {
        Some(last) => append(file, *last, &depends.address),
        None => new_attribute(file, depends.resource, &depends.address),
    }
}

/// After the last entry of the list: `, address` on one line, or a new line indented as the
/// last entry (after its comma when the list keeps a trailing one).
fn append(file: &SourceFile, last: Span, address: &str) -> Option<Edit> {
    let text = file.text.as_str();
    let end = last.end as usize;
    let rest = &text[end..];
    let after_entry = rest.trim_start();
    let gap = &rest[..rest.len() - after_entry.len()];
    let nl = newline(text);
    let indent = indentation(&text[line_start(text, last.start as usize)..]);
    let (at, insert) = if after_entry.starts_with(']') {
        if gap.contains('\n') {
            (end, format!(",{nl}{indent}{address}"))
        } else {
            (end, format!(", {address}"))
        }
    } else if let Some(after_comma) = after_entry.strip_prefix(',') {
        let closing = after_comma.trim_start();
        if !closing.starts_with(']')
            || !after_comma[..after_comma.len() - closing.len()].contains('\n')
        {
            return None;
        }
        let comma = end + gap.len() + 1;
        (comma, format!("{nl}{indent}{address},"))
    } else {
        return None;
    };
    Some(Edit {
        span: Span::new(last.file, at, at),
        text: insert,
    })
}

/// `depends_on = [address]` as the first line of the resource's body, followed by a blank line,
/// indented as the body. The resource must not mention `depends_on` (an empty list, a comment)
/// and its opening brace must end the header line.
fn new_attribute(file: &SourceFile, resource: Span, address: &str) -> Option<Edit> {
    let text = file.text.as_str();
    let block = file.get(resource)?;
    if block.contains("depends_on") {
        return None;
    }
    let brace = resource.start as usize + block.find('{')?;
    let end = line_end(text, brace);
    if !text[brace + 1..end].trim().is_empty() {
        return None;
    }
    let own = indentation(&text[line_start(text, resource.start as usize)..]);
    let body = next_line(text, brace)
        .filter(|l| !l.trim().is_empty())
        .map(indentation)
        .filter(|i| i.len() > own.len())
        .map_or_else(|| format!("{own}  "), str::to_string);
    let nl = newline(text);
    Some(Edit {
        span: Span::new(resource.file, end, end),
        text: format!("{nl}{body}depends_on = [{address}]{nl}"),
    })
}

#[cfg(test)]
#[path = "depends_tests.rs"]
mod tests;
