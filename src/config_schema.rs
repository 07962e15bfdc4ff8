//! The JSON Schema of `.repl-lint.toml`, generated from the rule registry and the keys the
//! configuration parser accepts, so that editors (taplo, Even Better TOML) complete and check
//! the file. `schemas/repl-lint.toml.schema.json` is this output, checked in;
//! `tests/config_schema.rs` keeps the two equal and holds the schema to the real parser.

use serde_json::{Value, json};

use repl_lint_rules::RULES;

/// The `$id` the checked-in schema is published under.
const SCHEMA_ID: &str =
    "https://github.com/repl-lint/repl-lint/blob/main/schemas/repl-lint.toml.schema.json";

/// The schema, pretty-printed with a trailing newline.
pub fn json_schema() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

fn schema() -> Value {
    let selector = selector_schema();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "repl-lint configuration (.repl-lint.toml)",
        "description": "Rule selection, severities, excluded files and exit policy of repl-lint. Command-line flags override each key.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "select": {
                "description": "Run only these rules: IDs (RL202), names (destination-versioning) or ID prefixes (RL3).",
                "type": "array",
                "items": selector,
            },
            "ignore": {
                "description": "Do not run these rules: IDs, names or ID prefixes.",
                "type": "array",
                "items": selector,
            },
            "severity": {
                "description": "Per rule (ID or name): the severity its findings get, or \"off\".",
                "type": "object",
                "propertyNames": rule_name_schema(),
                "additionalProperties": {"enum": ["error", "warning", "info", "off"]},
            },
            "exclude": {
                "description": "Glob patterns of files not to lint, relative to this file's directory (`*` stays in one directory, `**` crosses).",
                "type": "array",
                "items": {"type": "string"},
            },
            "fail-on": {
                "description": "The lowest severity that makes the exit code 1.",
                "enum": ["error", "warning", "info", "never"],
            },
            "explain-gaps": {
                "description": "Also run the rules that are off by default (the RL7xx notes on silent gaps).",
                "type": "boolean",
            },
            "max-file-size": {
                "description": "The largest file read, as bytes or a size with a binary unit (\"512KiB\", \"64MiB\", \"1GiB\"); larger files are RL001. Default 64 MiB.",
                "anyOf": [
                    {"type": "integer", "minimum": 1},
                    {"type": "string", "pattern": "^\\s*[0-9]+\\s*([bB]|[kKmMgG]([iI]?[bB])?)?\\s*$"},
                ],
            },
            "report-unused-suppressions": {
                "description": "Report each suppression that matched nothing (RL004).",
                "type": "boolean",
            },
        },
    })
}

/// A rule ID in either case (`RL202`, `rl202`) or a rule name.
fn rule_name_schema() -> Value {
    let ids: Vec<&str> = RULES.iter().map(|r| &r.meta.id[2..]).collect();
    json!({"anyOf": [names(), {"pattern": id_pattern(&ids)}]})
}

/// A selector: a rule name, or a prefix of a rule ID in either case that names some rule.
fn selector_schema() -> Value {
    let mut prefixes: Vec<&str> = Vec::new();
    for rule in RULES {
        let digits = &rule.meta.id[2..];
        for end in 0..=digits.len() {
            if !prefixes.contains(&&digits[..end]) {
                prefixes.push(&digits[..end]);
            }
        }
    }
    json!({"type": "string", "anyOf": [names(), {"pattern": id_pattern(&prefixes)}]})
}

fn names() -> Value {
    let names: Vec<&str> = RULES.iter().map(|r| r.meta.name).collect();
    json!({"enum": names})
}

/// `RL` in either case followed by one of `digits` (ECMA regular expressions have no
/// case-insensitive flag inside the pattern).
fn id_pattern(digits: &[&str]) -> String {
    format!("^[Rr][Ll](?:{})$", digits.join("|"))
}
