//! Unit tests of `config.rs`.

use super::*;

fn error(text: &str) -> (Range<usize>, String) {
    parse(text, Path::new("/repo")).unwrap_err()
}

#[test]
fn reads_every_key() {
    let config = parse(
        "select = [\"RL2\", \"role-trust\"]\nignore = [\"RL203\"]\nexclude = [\"legacy/**\"]\n\
         fail-on = \"warning\"\nexplain-gaps = true\nreport-unused-suppressions = true\n\
         [severity]\nRL304 = \"error\"\nrole-trust = \"off\"\n",
        Path::new("/repo"),
    )
    .unwrap();
    assert_eq!(config.select, ["RL2", "role-trust"]);
    assert_eq!(config.ignore, ["RL203"]);
    assert_eq!(config.fail_on, Some(FailOn::Warning));
    assert!(config.explain_gaps && config.report_unused_suppressions);
    assert_eq!(
        config.severity,
        [("RL304", Some(Severity::Error)), ("RL301", None)]
    );
    assert_eq!(config.severity_overrides(), [("RL304", Severity::Error)]);
    assert_eq!(config.turned_off().collect::<Vec<_>>(), ["RL301"]);
    let exclude = config.exclude.unwrap();
    assert!(exclude.excludes(Path::new("/repo/legacy/a/main.tf")));
    assert!(!exclude.excludes(Path::new("/repo/live/main.tf")));
    assert!(!exclude.excludes(Path::new("/elsewhere/legacy/main.tf")));
}

#[test]
fn a_pattern_naming_a_directory_excludes_what_it_holds() {
    let config = parse("exclude = [\"vendor\", \"*.yaml\"]", Path::new("/r")).unwrap();
    let exclude = config.exclude.unwrap();
    assert!(exclude.excludes(Path::new("/r/vendor/x/main.tf")));
    assert!(exclude.excludes(Path::new("/r/t.yaml")));
    // `*` does not cross a directory separator.
    assert!(!exclude.excludes(Path::new("/r/stacks/t.yaml")));
}

#[test]
fn errors_point_at_the_offending_key_or_value() {
    let (at, message) = error("select = []\nselct = [\"RL2\"]\n");
    assert_eq!(at.start, 12);
    assert!(message.starts_with("unknown key `selct`, expected one of `select`"));
    assert_eq!(error("ignore = [\"RL9\"]").0.start, 10);
    assert_eq!(error("[severity]\nRL999 = \"error\"").0.start, 11);
    assert_eq!(error("[severity]\nRL304 = \"loud\"").0.start, 19);
    assert_eq!(error("fail-on = \"sometimes\"").0.start, 10);
    assert_eq!(error("explain-gaps = \"yes\"").0.start, 15);
    assert_eq!(error("exclude = [\"a[\"]").0.start, 11);
    assert_eq!(error("select = \"RL2\"").0.start, 9);
    // A TOML syntax error keeps the parser's location.
    assert_eq!(error("select = [").0.start, 10);
}
