//! `repl-lint graph`: the replication topology of the linked models (source bucket → destination
//! bucket per rule, with the rule's filter, the role and the replica KMS key), marked with the
//! findings that concern each bucket and configuration, written as Mermaid or Graphviz dot.
//!
//! One extraction ([`Topology::build`]) feeds both writers. Nodes and edges are keyed by what
//! they are (file and offset, or the external name), so the output is sorted and the same on
//! every run, and a configuration seen in several models (template conditions) appears once.

mod dot;
mod mermaid;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use repl_lint_model::resolve::RoleLink;
use repl_lint_model::{BucketLink, KeyLink, Model, Replication, ReplicationRule, UnitId};
use repl_lint_source::diagnostic::Diagnostic;
use repl_lint_source::{SourceDb, Span};
use repl_lint_syntax::value::Value;

/// Output syntax of the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A Mermaid `flowchart LR` (renders in GitHub Markdown).
    Mermaid,
    /// A Graphviz `digraph`.
    Dot,
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    /// A bucket defined in the linted files.
    Bucket,
    /// A bucket outside the files (or named by a value that cannot be resolved).
    External,
    /// A destination that is missing: a dangling reference, no destination, unreadable rules.
    Missing,
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// A safe identifier (`n0`, `n1`, ...), in output order.
    pub id: String,
    /// What it stands for.
    pub kind: NodeKind,
    /// Label lines (unescaped).
    pub lines: Vec<String>,
    /// IDs of the rules with findings about it, sorted.
    pub findings: Vec<&'static str>,
}

/// A replication rule from a source to a destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// Index of the source node.
    pub from: usize,
    /// Index of the destination node.
    pub to: usize,
    /// Label lines (unescaped): the rule and its filter, the role, the replica KMS key.
    pub lines: Vec<String>,
    /// True when the rule is disabled.
    pub disabled: bool,
    /// IDs of the rules with findings about the configuration or this rule, sorted.
    pub findings: Vec<&'static str>,
}

/// Every replication edge of a run and the buckets they connect.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Topology {
    /// Nodes, sorted.
    pub nodes: Vec<Node>,
    /// Edges, sorted by source, destination and label.
    pub edges: Vec<Edge>,
}

/// What identifies a node across models.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    /// A bucket in the files: display path, header offset, address.
    Bucket(String, u32, String),
    /// A bucket outside the files, by the text that names it.
    External(String),
    /// A stand-in for a missing destination.
    Missing(String),
}

/// Rule IDs of findings, sorted and without duplicates.
type Findings = BTreeSet<&'static str>;

/// An edge while it is collected: what identifies it (source, destination, label lines) and
/// whether the rule is disabled with its findings.
type Edges = BTreeMap<(Key, Key, Vec<String>), (bool, Findings)>;

/// Nodes and edges while they are collected.
#[derive(Default)]
struct Builder {
    nodes: BTreeMap<Key, (NodeKind, Vec<String>, Findings)>,
    edges: Edges,
}

impl Topology {
    /// Extracts the topology of `models` (see [`crate::lint_with_models`]) and marks it with
    /// `diagnostics`.
    pub fn build(db: &SourceDb, models: &[Model], diagnostics: &[Diagnostic]) -> Topology {
        let mut builder = Builder::default();
        for model in models {
            let run = Run {
                db,
                model,
                diagnostics,
                addresses: model
                    .replications
                    .iter()
                    .map(|r| r.address.as_str())
                    .collect(),
                spans: model.replications.iter().map(|r| r.span).collect(),
            };
            for replication in &model.replications {
                builder.add_replication(&run, replication);
            }
        }
        builder.finish()
    }
}

/// One model of the run, with what the builder looks up for each configuration.
struct Run<'a> {
    db: &'a SourceDb,
    model: &'a Model,
    diagnostics: &'a [Diagnostic],
    /// Addresses of the model's replication configurations.
    addresses: BTreeSet<&'a str>,
    /// Spans of the model's replication configurations (inline in a bucket for CloudFormation
    /// and legacy Terraform).
    spans: Vec<Span>,
}

impl Builder {
    fn add_replication(&mut self, run: &Run, r: &Replication) {
        let (model, unit) = (run.model, r.unit);
        let from = self.bucket_node(run, &r.source);
        let role = format!("role: {}", role_text(model, unit, r.role.as_ref()));
        // Findings about this configuration: named by it, or located in it (unless they name
        // another configuration, as an instance of the same module would).
        let concerning: Vec<&Diagnostic> = run
            .diagnostics
            .iter()
            .filter(|d| match d.resource.as_deref() {
                Some(address) if address == r.address => true,
                Some(address) if run.addresses.contains(address) => false,
                _ => spans_of(d).any(|s| within(s, r.span)),
            })
            .collect();
        let Some(rules) = &r.rules else {
            let to = self.missing("rules not readable from the files");
            let findings = concerning.iter().map(|d| d.rule).collect();
            self.add_edge(from, to, vec![role], false, findings);
            return;
        };
        for (k, rule) in rules.iter().enumerate() {
            let to = match &rule.destination.bucket {
                Some(bucket) => {
                    let link = model.resolve_bucket(unit, bucket);
                    self.bucket_node(run, &link)
                }
                None => self.missing("no destination"),
            };
            let mut lines = vec![rule_text(model, unit, rule, k), role.clone()];
            if let Some(key) = &rule.destination.replica_kms_key {
                lines.push(format!("replica KMS key: {}", key_text(model, unit, key)));
            }
            // A finding located in one rule concerns that rule's edge only.
            let findings = concerning
                .iter()
                .filter(|d| {
                    let in_rule =
                        |rule: &ReplicationRule| spans_of(d).any(|s| within(s, rule.span));
                    in_rule(rule) || !rules.iter().any(in_rule)
                })
                .map(|d| d.rule)
                .collect();
            self.add_edge(
                from.clone(),
                to,
                lines,
                rule.enabled == Some(false),
                findings,
            );
        }
    }

    fn add_edge(
        &mut self,
        from: Key,
        to: Key,
        lines: Vec<String>,
        disabled: bool,
        findings: Findings,
    ) {
        let entry = self.edges.entry((from, to, lines)).or_default();
        entry.0 |= disabled;
        entry.1.extend(findings);
    }

    fn missing(&mut self, text: &str) -> Key {
        let key = Key::Missing(text.to_string());
        self.nodes
            .entry(key.clone())
            .or_insert_with(|| (NodeKind::Missing, vec![text.to_string()], BTreeSet::new()));
        key
    }

    /// The node of a bucket link, added with its label and findings on first sight.
    fn bucket_node(&mut self, run: &Run, link: &BucketLink) -> Key {
        let model = run.model;
        let index = match link {
            BucketLink::Found(i) => *i,
            BucketLink::Dangling(address) => return self.missing(&format!("missing: {address}")),
            BucketLink::External(name) => {
                let key = Key::External(name.clone());
                self.nodes.entry(key.clone()).or_insert_with(|| {
                    let lines = vec!["outside the files".to_string(), name.clone()];
                    (NodeKind::External, lines, BTreeSet::new())
                });
                return key;
            }
        };
        let Some(bucket) = model.buckets.get(index) else {
            return self.missing("unknown bucket");
        };
        let file = run.db.file(bucket.header.file);
        let key = Key::Bucket(
            file.display.clone(),
            bucket.header.start,
            bucket.address.clone(),
        );
        if !self.nodes.contains_key(&key) {
            let mut lines = vec![bucket.address.clone()];
            let name = model.bucket_name_sym(index).to_string();
            if !name.is_empty() {
                lines.push(name);
            }
            for key in bucket.encryption.iter().filter_map(|e| e.kms_key.as_ref()) {
                lines.push(format!(
                    "SSE-KMS key: {}",
                    key_text(model, bucket.unit, key)
                ));
            }
            let line = file.position(bucket.header.start).line;
            lines.push(format!("{}:{line}", file.display));
            // Spans that belong to the bucket: the resource and the settings written elsewhere.
            let mut own: Vec<Span> = vec![bucket.span];
            own.extend(bucket.versioning.iter().map(|v| {
                v.resource
                    .as_deref()
                    .and_then(|a| model.node(bucket.unit, a))
                    .map_or(v.header, |n| n.span)
            }));
            own.extend(bucket.encryption.iter().map(|e| e.span));
            own.extend(bucket.ownership.iter().map(|o| o.span));
            own.extend(bucket.object_lock.iter().map(|o| o.span));
            // Findings in an inline replication configuration are the configuration's.
            let findings = run
                .diagnostics
                .iter()
                .filter(|d| {
                    own.iter().any(|&s| within(d.primary, s))
                        && !run.spans.iter().any(|&s| within(d.primary, s))
                })
                .map(|d| d.rule)
                .collect();
            self.nodes
                .insert(key.clone(), (NodeKind::Bucket, lines, findings));
        }
        key
    }

    /// Numbers the nodes in key order and resolves the edges to indices.
    fn finish(self) -> Topology {
        let index: BTreeMap<&Key, usize> =
            self.nodes.keys().enumerate().map(|(i, k)| (k, i)).collect();
        let edges = self
            .edges
            .iter()
            .filter_map(|((from, to, lines), (disabled, findings))| {
                Some(Edge {
                    from: *index.get(from)?,
                    to: *index.get(to)?,
                    lines: lines.clone(),
                    disabled: *disabled,
                    findings: findings.iter().copied().collect(),
                })
            })
            .collect();
        let nodes = self
            .nodes
            .into_values()
            .enumerate()
            .map(|(i, (kind, lines, findings))| Node {
                id: format!("n{i}"),
                kind,
                lines,
                findings: findings.into_iter().collect(),
            })
            .collect();
        Topology { nodes, edges }
    }
}

/// Writes the topology in `style`.
pub fn write(out: &mut dyn Write, style: Style, topology: &Topology) -> std::io::Result<()> {
    match style {
        Style::Mermaid => mermaid::write(out, topology),
        Style::Dot => dot::write(out, topology),
    }
}

/// A label: its lines escaped for the output syntax and joined with `separator`, then a line
/// that lists the findings, if any.
fn label(
    lines: &[String],
    findings: &[&str],
    escape: fn(&str) -> String,
    separator: &str,
) -> String {
    let mut all: Vec<String> = lines.iter().map(|l| escape(l)).collect();
    if !findings.is_empty() {
        all.push(escape(&format!("findings: {}", findings.join(" "))));
    }
    all.join(separator)
}

/// `rule ID: filter`, with `(disabled)` for a disabled rule.
fn rule_text(model: &Model, unit: UnitId, rule: &ReplicationRule, position: usize) -> String {
    let name = rule.id.as_ref().map_or_else(
        || format!("#{}", position + 1),
        |id| model.sym(unit, id).to_string(),
    );
    let prefix = rule
        .key_prefix()
        .map(|p| model.sym(unit, p).to_string())
        .filter(|p| !p.is_empty());
    let mut parts: Vec<String> = prefix.into_iter().map(|p| format!("prefix {p}")).collect();
    parts.extend(
        rule.filter_elements
            .iter()
            .map(|(k, _)| k.to_ascii_lowercase())
            .filter(|k| k != "prefix")
            .map(|k| {
                if k == "tagfilter" {
                    "tag".to_string()
                } else {
                    k
                }
            }),
    );
    let filter = if parts.is_empty() {
        "all objects".to_string()
    } else {
        parts.join(" + ")
    };
    let disabled = if rule.enabled == Some(false) {
        " (disabled)"
    } else {
        ""
    };
    format!("rule {name}: {filter}{disabled}")
}

fn role_text(model: &Model, unit: UnitId, role: Option<&Value>) -> String {
    let Some(role) = role else {
        return "none".to_string();
    };
    match model.resolve_role(unit, role) {
        RoleLink::Found(i, _) => model
            .roles
            .get(i)
            .map_or_else(String::new, |r| r.address.clone()),
        RoleLink::Dangling(address) => format!("missing {address}"),
        RoleLink::External(text) => text,
    }
}

fn key_text(model: &Model, unit: UnitId, key: &Value) -> String {
    match model.resolve_key(unit, key) {
        KeyLink::Found(i) => model
            .keys
            .get(i)
            .map_or_else(String::new, |k| k.address.clone()),
        KeyLink::External(text) => text,
    }
}

/// The primary and related spans of a diagnostic.
fn spans_of(d: &Diagnostic) -> impl Iterator<Item = Span> + '_ {
    std::iter::once(d.primary).chain(d.related.iter().map(|r| r.span))
}

/// True when `inner` lies inside `outer`.
fn within(inner: Span, outer: Span) -> bool {
    inner.file == outer.file && inner.start >= outer.start && inner.end <= outer.end
}

/// Escapes label text for an output syntax: each character `entity` names is replaced by its
/// escape, and control characters (a newline inside a value) become spaces, as labels are drawn
/// line by line.
fn escape_with(text: &str, entity: fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match entity(c) {
            Some(escaped) => out.push_str(escaped),
            None if c.is_control() => out.push(' '),
            None => out.push(c),
        }
    }
    out
}
