use super::*;
use repl_lint_source::FileId;

fn node(address: &str, start: u32) -> Node {
    let span = Span {
        file: FileId(0),
        start,
        end: start + 1,
    };
    Node {
        unit: 0,
        address: address.to_string(),
        type_name: "aws_s3_bucket".to_string(),
        kind: NodeKind::Bucket,
        dialect: Dialect::Terraform,
        header: span,
        span,
        index: None,
        references: Vec::new(),
        depends_on: Vec::new(),
        exists_before_apply: false,
        placement: place::Placement::default(),
    }
}

#[test]
fn nodes_are_found_by_address_in_the_order_added() {
    // Enough to make the table grow several times from a small start.
    let mut nodes = Nodes::with_capacity(2);
    for i in 0..3000 {
        nodes.insert(node(&format!("aws_s3_bucket.b{i}"), i));
    }
    for i in [0, 1, 1499, 2999] {
        let found = nodes.get(&format!("aws_s3_bucket.b{i}"));
        assert_eq!(found.map(|n| n.header.start), Some(i));
    }
    assert!(nodes.get("aws_s3_bucket.b3000").is_none());
    assert!(nodes.get("aws_s3_bucket.b").is_none());
    let order: Vec<u32> = nodes.values().map(|n| n.header.start).take(3).collect();
    assert_eq!(order, [0, 1, 2]);
}

#[test]
fn a_node_at_a_known_address_replaces_the_old_one_in_place() {
    let mut nodes = Nodes::default();
    nodes.insert(node("aws_s3_bucket.a", 1));
    nodes.insert(node("aws_s3_bucket.b", 2));
    nodes.insert(node("aws_s3_bucket.a", 7));
    let order: Vec<(&str, u32)> = nodes
        .values()
        .map(|n| (n.address.as_str(), n.header.start))
        .collect();
    assert_eq!(order, [("aws_s3_bucket.a", 7), ("aws_s3_bucket.b", 2)]);
    if let Some(b) = nodes.get_mut("aws_s3_bucket.b") {
        b.index = Some(4);
    }
    assert_eq!(nodes.get("aws_s3_bucket.b").and_then(|n| n.index), Some(4));
}
