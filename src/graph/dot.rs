//! The topology as a Graphviz `digraph`: quoted ids and labels, findings in red, buckets
//! outside the files dashed, disabled rules as dashed edges.

use std::io::Write;

use super::{NodeKind, Topology, escape_with, label};

/// GitHub's danger colour, as in the Mermaid output.
const RED: &str = "#d1242f";

/// Writes the digraph.
pub(super) fn write(out: &mut dyn Write, topology: &Topology) -> std::io::Result<()> {
    writeln!(out, "digraph replication {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [shape=box, style=rounded];")?;
    for node in &topology.nodes {
        let style = match node.kind {
            NodeKind::Bucket => "rounded",
            NodeKind::External => "rounded,dashed",
            NodeKind::Missing => "dashed",
        };
        write!(
            out,
            "  \"{}\" [label=\"{}\", style=\"{style}\"",
            node.id,
            label(&node.lines, &node.findings, escape, "\\n")
        )?;
        if !node.findings.is_empty() {
            write!(out, ", color=\"{RED}\", fontcolor=\"{RED}\", penwidth=2")?;
        }
        writeln!(out, "];")?;
    }
    for edge in &topology.edges {
        let (from, to) = (&topology.nodes[edge.from].id, &topology.nodes[edge.to].id);
        write!(
            out,
            "  \"{from}\" -> \"{to}\" [label=\"{}\"",
            label(&edge.lines, &edge.findings, escape, "\\n")
        )?;
        if edge.disabled {
            write!(out, ", style=dashed")?;
        }
        if !edge.findings.is_empty() {
            write!(out, ", color=\"{RED}\", fontcolor=\"{RED}\", penwidth=2")?;
        }
        writeln!(out, "];")?;
    }
    writeln!(out, "}}")
}

/// Escapes text for a double-quoted DOT string: backslashes (which start DOT escapes such as
/// `\n`) and quotes; control characters become spaces.
fn escape(text: &str) -> String {
    escape_with(text, |c| match c {
        '\\' => Some("\\\\"),
        '"' => Some("\\\""),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_label_text() {
        assert_eq!(escape("a \"b\" \\n c\td"), "a \\\"b\\\" \\\\n c d");
        assert_eq!(
            super::super::label(&["x".into(), "y".into()], &["RL202"], escape, "\\n"),
            "x\\ny\\nfindings: RL202"
        );
    }
}
