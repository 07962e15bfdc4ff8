//! RL107 / RL108: an element added to a replication rule, right after its filter, in the style of
//! the rule: a Terraform block, a YAML block or flow mapping entry, or a JSON member.

use super::text::{
    indentation, is_hcl, line_end, line_start, newline, next_line, previous_non_space,
};
use super::{Edit, Fix};
use repl_lint_source::diagnostic::RuleElement;
use repl_lint_source::{SourceFile, Span};

/// How the rule is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Terraform: one block or attribute per line.
    Hcl,
    /// A YAML block mapping: one key per line.
    YamlBlock,
    /// A YAML flow mapping (`{Key: value, ...}`).
    YamlFlow,
    /// JSON (quoted keys, commas).
    Json,
}

/// The edit that adds `element` to the rule whose filter is written at `filter`.
pub fn add_to_rule(
    file: &SourceFile,
    rule: Span,
    filter: Span,
    element: RuleElement,
) -> Option<Fix> {
    let text = file.text.as_str();
    let key = file.get(filter)?;
    let start = filter.start as usize;
    let before = &text[line_start(text, start)..start];
    let own_line = before.trim_start_matches([' ', '\t', '-']).is_empty();
    let flow = matches!(previous_non_space(text, start), Some((_, ',' | '{')));
    let style = match (is_hcl(file), element) {
        (true, RuleElement::DeleteMarkerReplicationDisabled) if before.trim().is_empty() => {
            Style::Hcl
        }
        (true, _) => return None,
        _ if flow && key.starts_with('"') => Style::Json,
        _ if flow => Style::YamlFlow,
        _ if own_line => Style::YamlBlock,
        _ => return None,
    };
    // The column of the filter key, where the new element's key goes.
    let indent: String = if before.trim().is_empty() {
        before.to_string()
    } else {
        " ".repeat(before.chars().count())
    };
    let nl = newline(text);
    let (at, insert) = match style {
        Style::Hcl | Style::YamlBlock => {
            let end = line_end(text, filter.end as usize);
            let rest = text[filter.end as usize..end].trim();
            if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with("//")) {
                return None;
            }
            let step = nested_step(text, rule, filter, &indent);
            // Elements separated by blank lines get one too.
            let blank = next_line(text, end).is_some_and(|l| l.trim().is_empty());
            let mut insert = String::from(if blank { nl } else { "" });
            for line in render_block(style, element, &step) {
                insert.push_str(nl);
                insert.push_str(&indent);
                insert.push_str(&line);
            }
            (end, insert)
        }
        Style::YamlFlow | Style::Json => {
            let separator = if own_line {
                format!(",{nl}{indent}")
            } else {
                ", ".to_string()
            };
            let inline = render_inline(element, style == Style::Json);
            (filter.end as usize, format!("{separator}{inline}"))
        }
    };
    let title = match style {
        Style::Hcl => "Add `delete_marker_replication { status = \"Disabled\" }`".to_string(),
        _ => format!("Add `{}`", render_inline(element, false)),
    };
    Some(Fix {
        title,
        edits: vec![Edit {
            span: Span::new(filter.file, at, at),
            text: insert,
        }],
    })
}

/// One indentation step of the file: how much deeper the filter's own content is indented than
/// the filter, else how much deeper the filter is than the rule, else two spaces.
fn nested_step(text: &str, rule: Span, filter: Span, indent: &str) -> String {
    let deeper = |line: &str| {
        let own = indentation(line);
        (own.len() > indent.len() && own.starts_with(indent) && !line.trim().is_empty())
            .then(|| own[indent.len()..].to_string())
    };
    let inside = next_line(text, filter.start as usize)
        .filter(|_| text[filter.start as usize..filter.end as usize].contains('\n'))
        .and_then(deeper);
    let rule_line = &text[line_start(text, rule.start as usize)..rule.start as usize];
    let rule_indent = indentation(rule_line);
    let below_rule = (indent.len() > rule_indent.len() && indent.starts_with(rule_indent))
        .then(|| indent[rule_indent.len()..].to_string());
    inside.or(below_rule).unwrap_or_else(|| "  ".to_string())
}

/// The element as lines of a block style (each to be prefixed by the filter's indentation).
fn render_block(style: Style, element: RuleElement, step: &str) -> Vec<String> {
    match (style, element) {
        (Style::Hcl, _) => vec![
            "delete_marker_replication {".to_string(),
            format!("{step}status = \"Disabled\""),
            "}".to_string(),
        ],
        (_, RuleElement::DeleteMarkerReplicationDisabled) => vec![
            "DeleteMarkerReplication:".to_string(),
            format!("{step}Status: Disabled"),
        ],
        (_, RuleElement::Priority(n)) => vec![format!("Priority: {n}")],
    }
}

/// The element as one flow mapping entry: YAML, or JSON with quoted strings.
fn render_inline(element: RuleElement, json: bool) -> String {
    let q = |s: &str| {
        if json {
            format!("\"{s}\"")
        } else {
            s.to_string()
        }
    };
    match element {
        RuleElement::DeleteMarkerReplicationDisabled => format!(
            "{}: {{{}: {}}}",
            q("DeleteMarkerReplication"),
            q("Status"),
            q("Disabled")
        ),
        RuleElement::Priority(n) => format!("{}: {n}", q("Priority")),
    }
}

#[cfg(test)]
#[path = "rule_tests.rs"]
mod tests;
