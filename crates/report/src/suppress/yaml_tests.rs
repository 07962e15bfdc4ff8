//! Unit tests of `yaml.rs`.

use super::*;

const TEMPLATE: &str = "---\n# repl-lint: ignore-file RL204\nResources:\n  # repl-lint: ignore RL202\n  Replica:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n      - Key: a\n        Value: b\n\n  Other:\n    Type: AWS::S3::Bucket\n    Metadata:\n      Note: |\n        # repl-lint: ignore RL201\n";

#[test]
fn comments_skip_block_scalars() {
    let (found, first_code) = comments(TEMPLATE);
    let bodies: Vec<&str> = found.iter().map(|c| &TEMPLATE[c.body.clone()]).collect();
    assert_eq!(
        bodies,
        [" repl-lint: ignore-file RL204", " repl-lint: ignore RL202"]
    );
    assert_eq!(first_code, TEMPLATE.find("Resources").unwrap());
}

#[test]
fn a_key_extends_over_its_deeper_lines_and_its_sequence() {
    let from = TEMPLATE.find("ignore RL202").unwrap();
    let range = extent(TEMPLATE, from).unwrap();
    assert!(TEMPLATE[range.clone()].starts_with("Replica:\n"));
    assert!(TEMPLATE[range].ends_with("Value: b"));
    let text = "# c\nStatement:\n- Effect: Allow\n  Action: x\nNext: 1\n";
    let range = extent(text, 0).unwrap();
    assert_eq!(&text[range], "Statement:\n- Effect: Allow\n  Action: x");
    let text = "# c\n- a: 1\n  b: 2\n- c: 3\n";
    assert_eq!(&text[extent(text, 0).unwrap()], "- a: 1\n  b: 2");
}
