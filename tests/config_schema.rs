//! The JSON Schema of `.repl-lint.toml` (`schemas/repl-lint.toml.schema.json`): it is exactly
//! what `repl_lint::config_schema` generates (run with `UPDATE_SCHEMA=1` to rewrite it after
//! changing a rule or a key), and it accepts a configuration exactly when the real parser does.

use std::path::Path;

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/schemas/repl-lint.toml.schema.json"
);

#[test]
fn the_checked_in_schema_is_the_generated_one() {
    let generated = repl_lint::config_schema::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        // Written aside, then renamed: the other test reads the file meanwhile.
        let aside = format!("{SCHEMA}.new");
        std::fs::write(&aside, &generated).unwrap();
        std::fs::rename(&aside, SCHEMA).unwrap();
    }
    let checked_in = std::fs::read_to_string(SCHEMA).unwrap();
    assert_eq!(
        checked_in, generated,
        "schemas/repl-lint.toml.schema.json is stale: run UPDATE_SCHEMA=1 cargo test --test config_schema"
    );
}

/// Configurations, each with whether the parser must accept it.
const CASES: &[(&str, bool)] = &[
    ("", true),
    (
        "select = [\"RL3\", \"destination-versioning\", \"rl202\"]\nignore = [\"RL7\"]\nfail-on = \"warning\"\nexplain-gaps = true\nreport-unused-suppressions = false\nexclude = [\"legacy/**\", \"*.json\"]\n\n[severity]\nRL304 = \"error\"\nrole-trust = \"off\"\nrl203 = \"info\"\n",
        true,
    ),
    ("select = [\"RL\"]\n", true),
    ("max-file-size = 1048576\n", true),
    ("max-file-size = \"16MiB\"\n", true),
    ("max-file-size = \"512 kb\"\n", true),
    ("max-file-size = 0\n", false),
    ("max-file-size = \"lots\"\n", false),
    ("max-file-size = \"16TiB\"\n", false),
    ("colour = true\n", false),
    ("fail-on = \"sometimes\"\n", false),
    ("fail-on = 1\n", false),
    ("explain-gaps = \"yes\"\n", false),
    ("select = \"RL3\"\n", false),
    ("select = [\"RL9\"]\n", false),
    ("select = [\"RL3011\"]\n", false),
    ("ignore = [\"no-such-rule\"]\n", false),
    ("exclude = [1]\n", false),
    ("[severity]\nRL999 = \"error\"\n", false),
    ("[severity]\nRL301 = \"fatal\"\n", false),
    ("severity = \"error\"\n", false),
];

#[test]
fn the_schema_accepts_a_configuration_exactly_when_the_parser_does() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCHEMA).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (text, valid) in CASES {
        let parsed = repl_lint::config::parse(text, Path::new("/r"));
        assert_eq!(
            parsed.is_ok(),
            *valid,
            "parser on {text:?}: {:?}",
            parsed.err()
        );
        let value: serde_json::Value = toml::from_str(text).unwrap();
        assert_eq!(
            validator.is_valid(&value),
            *valid,
            "schema on {text:?}: {:?}",
            validator
                .iter_errors(&value)
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
        );
    }
}
