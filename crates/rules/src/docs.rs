//! The documentation of every rule (`rules/RLxxx.md`, listed by `build.rs`), built into the
//! binary for `repl-lint explain`, and where it is published.

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// The documentation of a rule by ID (case-insensitive) or name.
pub fn doc(id_or_name: &str) -> Option<&'static str> {
    let meta = super::find(id_or_name)?;
    DOCS.iter()
        .find(|(id, _)| *id == meta.id)
        .map(|(_, text)| *text)
}

/// A rule's documentation as its users read it: the Markdown without the test scaffolding (the
/// ```` ```expected ```` blocks that `tests/rule_docs.rs` checks the examples against).
pub fn user_doc(id_or_name: &str) -> Option<String> {
    let text = doc(id_or_name)?;
    let mut out = String::with_capacity(text.len());
    let mut skipping = false;
    for line in text.lines() {
        if skipping {
            skipping = line.trim_end() != "```";
            continue;
        }
        if line.trim_end() == "```expected" {
            skipping = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    Some(out)
}

/// A rule's documentation for a terminal: headings as plain lines, code blocks indented, no
/// Markdown fences and no test scaffolding.
pub fn terminal_doc(id_or_name: &str) -> Option<String> {
    let markdown = user_doc(id_or_name)?;
    let mut out = String::with_capacity(markdown.len());
    let mut in_code = false;
    for line in markdown.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str("    ");
            out.push_str(line);
        } else if let Some(heading) = line.strip_prefix("## ") {
            out.push_str(&heading.to_uppercase());
        } else if let Some(title) = line.strip_prefix("# ") {
            out.push_str(title);
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    Some(out)
}

/// What fits a hover: the rule's title and its "What it does" and "Why it breaks replication"
/// sections, then a link to the whole document.
pub fn hover_doc(id_or_name: &str) -> Option<String> {
    let meta = super::find(id_or_name)?;
    let markdown = user_doc(meta.id)?;
    let mut out = String::new();
    let mut keep = true;
    for line in markdown.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            keep = matches!(heading.trim(), "What it does" | "Why it breaks replication");
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    let url = rule_url(meta.id);
    out.push_str(&format!(
        "\n[Examples and the whole documentation]({url})\n"
    ));
    Some(out)
}

/// The documentation URL of a rule.
pub fn rule_url(rule: &str) -> String {
    format!("https://github.com/repl-lint/repl-lint/blob/main/rules/{rule}.md")
}

#[cfg(test)]
mod tests {
    #[test]
    fn rule_url_points_at_rule_docs() {
        assert_eq!(
            super::rule_url("RL202"),
            "https://github.com/repl-lint/repl-lint/blob/main/rules/RL202.md"
        );
    }

    #[test]
    fn user_documentation_has_no_test_scaffolding() {
        for (id, text) in super::DOCS {
            assert!(text.contains("```expected"), "{id} has no checked example");
            let user = super::user_doc(id).unwrap();
            assert!(!user.contains("```expected"), "{id}");
            assert!(user.contains("## Example"), "{id}");
            let terminal = super::terminal_doc(id).unwrap();
            assert!(!terminal.contains("```"), "{id}");
            assert!(!terminal.contains("\n## "), "{id}");
            let hover = super::hover_doc(id).unwrap();
            assert!(hover.contains("## What it does"), "{id}");
            assert!(!hover.contains("## Example"), "{id}");
            assert!(hover.ends_with(&format!("rules/{id}.md)\n")), "{id}");
        }
        let user = super::user_doc("RL202").unwrap();
        assert!(!user.contains("RL202 80:7"));
        assert!(user.contains("status = \"Suspended\"") || user.contains("Suspended"));
    }
}
