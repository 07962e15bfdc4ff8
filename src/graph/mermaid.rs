//! The topology as a Mermaid `flowchart LR`, as GitHub renders it in Markdown: ids `n0`, `n1`...,
//! quoted labels with Mermaid's `#…;` entity codes for characters that would end or change
//! them, findings in red.

use std::io::Write;

use super::{NodeKind, Topology, escape_with, label};

/// Red for findings (GitHub's danger colour), dashed outlines for buckets outside the files.
const CLASSES: &str = "  classDef finding stroke:#d1242f,stroke-width:2px,color:#d1242f\n  classDef outside stroke-dasharray:4 4\n";

/// Writes the flowchart.
pub(super) fn write(out: &mut dyn Write, topology: &Topology) -> std::io::Result<()> {
    writeln!(out, "flowchart LR")?;
    if topology.nodes.is_empty() {
        return writeln!(out, "  %% no replication configuration found");
    }
    for node in &topology.nodes {
        let label = label(&node.lines, &node.findings, escape, "<br/>");
        let (open, close) = match node.kind {
            NodeKind::Bucket => ("[", "]"),
            NodeKind::External => ("([", "])"),
            NodeKind::Missing => ("{{", "}}"),
        };
        writeln!(out, "  {}{open}\"{label}\"{close}", node.id)?;
    }
    for edge in &topology.edges {
        let arrow = if edge.disabled { "-.->" } else { "-->" };
        let (from, to) = (&topology.nodes[edge.from].id, &topology.nodes[edge.to].id);
        let label = label(&edge.lines, &edge.findings, escape, "<br/>");
        writeln!(out, "  {from} {arrow}|\"{label}\"| {to}")?;
    }
    out.write_all(CLASSES.as_bytes())?;
    let ids = |pick: &dyn Fn(&super::Node) -> bool| -> Vec<&str> {
        topology
            .nodes
            .iter()
            .filter(|n| pick(n))
            .map(|n| n.id.as_str())
            .collect()
    };
    let outside = ids(&|n| n.kind != NodeKind::Bucket);
    if !outside.is_empty() {
        writeln!(out, "  class {} outside", outside.join(","))?;
    }
    let marked = ids(&|n| !n.findings.is_empty());
    if !marked.is_empty() {
        writeln!(out, "  class {} finding", marked.join(","))?;
    }
    let links: Vec<String> = (topology.edges.iter().enumerate())
        .filter(|(_, e)| !e.findings.is_empty())
        .map(|(i, _)| i.to_string())
        .collect();
    if !links.is_empty() {
        writeln!(
            out,
            "  linkStyle {} stroke:#d1242f,stroke-width:2px,color:#d1242f",
            links.join(",")
        )?;
    }
    Ok(())
}

/// Escapes text for a quoted Mermaid label: quotes, `#` (which starts an entity code), HTML
/// metacharacters, the edge-label delimiter `|` and backticks (Markdown strings) become entity
/// codes; control characters become spaces.
fn escape(text: &str) -> String {
    escape_with(text, |c| match c {
        '"' => Some("#quot;"),
        '#' => Some("#35;"),
        '<' => Some("#lt;"),
        '>' => Some("#gt;"),
        '&' => Some("#amp;"),
        '|' => Some("#124;"),
        '`' => Some("#96;"),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_label_text() {
        assert_eq!(
            escape("a \"b\" #1 <c> & d|e `f`\ng"),
            "a #quot;b#quot; #35;1 #lt;c#gt; #amp; d#124;e #96;f#96; g"
        );
        assert_eq!(
            super::super::label(
                &["x".into(), "${var.y}".into()],
                &["RL202", "RL203"],
                escape,
                "<br/>"
            ),
            "x<br/>${var.y}<br/>findings: RL202 RL203"
        );
    }
}
