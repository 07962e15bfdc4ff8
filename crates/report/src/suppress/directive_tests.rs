//! Unit tests of `directive.rs`.

use super::*;

fn read(body: &str) -> Directive {
    parse(body, 100, FileId(0)).unwrap()
}

#[test]
fn rules_are_ids_or_names_up_to_the_reason() {
    let d = read(" repl-lint: ignore RL202,role-trust rl203 replica is versioned by hand");
    let rules: Vec<(&str, u32)> = d.rules.iter().map(|(id, s)| (*id, s.start)).collect();
    assert_eq!(rules, [("RL202", 119), ("RL301", 125), ("RL203", 136)]);
    assert!(d.malformed.is_empty() && !d.whole_file);
    assert!(read("repl-lint: ignore-file RL202 */").whole_file);
}

#[test]
fn unknown_rules_and_directives_are_malformed() {
    let d = read(" repl-lint: ignore RL999 RL202");
    assert_eq!(d.rules.len(), 1);
    assert_eq!(d.malformed[0].span.start, 119);
    assert_eq!(
        read(" repl-lint: ignroe RL202").malformed[0].span.start,
        112
    );
    assert_eq!(read(" repl-lint: ignore because").malformed.len(), 1);
    assert!(parse(" a plain comment", 0, FileId(0)).is_none());
}
