//! Terraform plan JSON end to end: findings located inside the plan file, values known only after
//! apply resolved through the plan's configuration references, and the same defect reported with
//! the same rule whether the source or the plan is linted.

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/plan")
        .join(name)
}

/// `RLxxx line:col resource` for each diagnostic of linting `path`.
fn lint(path: &Path) -> Vec<String> {
    let options = repl_lint::Options {
        paths: vec![path.to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let (start, _) = outcome.db.range(d.primary);
            format!(
                "{} {}:{} {}",
                d.rule,
                start.line,
                start.column,
                d.resource.clone().unwrap_or_default()
            )
        })
        .collect()
}

/// 1-based column of the first occurrence of `needle` in a one-line text.
fn column(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].chars().count() + 1
}

#[test]
fn a_plan_is_linted_inside_the_plan_file() {
    let plan = fixture("replication.plan.json");
    let text = std::fs::read_to_string(&plan).unwrap();
    // The Suspended versioning status of the replica, located at its entry in planned_values.
    let status = column(&text, r#""status": "Suspended""#);
    assert_eq!(
        lint(&plan),
        vec![format!(
            "RL202 1:{status} aws_s3_bucket_replication_configuration.this"
        )]
    );
}

#[test]
fn the_same_defect_gets_the_same_rule_in_source_and_plan() {
    let rules = |findings: Vec<String>| {
        findings
            .iter()
            .map(|f| f[..5].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(rules(lint(&fixture("source"))), vec!["RL202"]);
    assert_eq!(
        rules(lint(&fixture("replication.plan.json"))),
        vec!["RL202"]
    );
}

#[test]
fn a_role_known_only_after_apply_is_followed_through_the_configuration() {
    // Without ReplicateObject in the role's policy (a JSON string in the plan), RL305 fires: the
    // role ARN is unknown in planned_values, so the role can only be found through
    // configuration.expressions.role.references.
    let text = std::fs::read_to_string(fixture("replication.plan.json")).unwrap();
    let broken = text.replace(r#"\"s3:ReplicateObject\", "#, "");
    assert_ne!(broken, text);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, &broken).unwrap();
    let found = lint(&plan);
    let policy = column(&broken, r#""policy": "{"#) + r#""policy": "#.len();
    assert!(
        found.contains(&format!(
            "RL305 1:{policy} aws_s3_bucket_replication_configuration.this"
        )),
        "{found:?}"
    );
    assert!(!found.iter().any(|f| f.starts_with("RL003")), "{found:?}");
}

#[test]
fn a_broken_plan_is_one_located_parse_error() {
    let text = std::fs::read_to_string(fixture("replication.plan.json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, &text[..text.len() / 2]).unwrap();
    let found = lint(&plan);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("RL001 1:"), "{found:?}");
}

/// Every diagnostic of a run as `RULE file:line:col resource | related file:line:col...`.
fn lint_with(options: &repl_lint::Options, root: &Path) -> Vec<String> {
    let outcome = repl_lint::lint(options).unwrap();
    let root = root.canonicalize().unwrap();
    let at = |span: repl_lint::source::Span| {
        let file = outcome.db.file(span.file);
        let path = file.path.canonicalize().unwrap();
        let (start, _) = outcome.db.range(span);
        let name = path.strip_prefix(&root).unwrap_or(&path).display();
        format!("{name}:{}:{}", start.line, start.column)
    };
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let related: Vec<String> = d.related.iter().map(|r| at(r.span)).collect();
            format!(
                "{} {} {} | {}",
                d.rule,
                at(d.primary),
                d.resource.clone().unwrap_or_default(),
                related.join(" ")
            )
        })
        .collect()
}

/// A directory holding the source fixture's `main.tf` (through `edit`) and, when `plan` is
/// given, that plan text as `plan.json`.
fn source_dir(edit: impl Fn(String) -> String, plan: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let main = std::fs::read_to_string(fixture("source/main.tf")).unwrap();
    std::fs::write(dir.path().join("main.tf"), edit(main)).unwrap();
    if let Some(plan) = plan {
        std::fs::write(dir.path().join("plan.json"), plan).unwrap();
    }
    dir
}

#[test]
fn plan_findings_are_located_in_the_source_linted_with_it() {
    let text = std::fs::read_to_string(fixture("replication.plan.json")).unwrap();
    let status = column(&text, r#""status": "Suspended""#);
    let config = "aws_s3_bucket_replication_configuration.this";
    // Source and plan in one directory: the defect both report is reported once, at the
    // source's `status` entry (where the source lint reports it), with the plan's value as a related location.
    let dir = source_dir(|main| main, Some(&text));
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    let found = lint_with(&options, dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(&format!("RL202 main.tf:19:5 {config} | ")),
        "{found:?}"
    );
    assert!(
        found[0].ends_with(&format!(" plan.json:1:{status}")),
        "{found:?}"
    );
    // The destination bucket named as related is the source's too.
    assert!(found[0].contains("main.tf:5:1"), "{found:?}");
}

#[test]
fn with_plan_the_plan_values_win_and_locations_come_from_source() {
    let text = std::fs::read_to_string(fixture("replication.plan.json")).unwrap();
    // In the source the replica's status is a variable without value: alone, nothing can be
    // said about it.
    let dir = source_dir(
        |main| {
            main.replace(
                "    status = \"Suspended\"",
                "    status = var.replica_status",
            ) + "variable \"replica_status\" {}\n"
        },
        None,
    );
    let plans = tempfile::tempdir().unwrap();
    let plan = plans.path().join("tfplan.json");
    std::fs::write(&plan, &text).unwrap();
    let alone = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    assert!(
        !lint_with(&alone, dir.path())
            .iter()
            .any(|f| f.starts_with("RL202")),
        "a variable without value is never a finding"
    );
    // The plan, given with --plan, knows it is Suspended: RL202 at the variable's use.
    let with_plan = repl_lint::Options {
        plans: vec![plan.clone()],
        ..alone.clone()
    };
    let found = lint_with(&with_plan, dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("RL202 main.tf:19:5 aws_s3_bucket_replication_configuration.this"),
        "{found:?}"
    );
}

#[test]
fn a_plan_flag_that_names_no_plan_is_a_usage_error() {
    let dir = source_dir(|main| main, None);
    let not_plan = dir.path().join("other.json");
    std::fs::write(&not_plan, "{}").unwrap();
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        plans: vec![not_plan],
        ..Default::default()
    };
    assert!(repl_lint::lint(&options).is_err());
}

#[path = "support/plan.rs"]
mod plan;

#[test]
fn plan_module_instances_map_to_the_module_source() {
    // The source calls the module with a count it cannot know; the plan has two instances,
    // and only the second one's replica has versioning suspended.
    let dir = source_dir(
        |_| "variable \"n\" {}\nmodule \"m\" {\n  source = \"./mod\"\n  count  = var.n\n}\n".into(),
        None,
    );
    std::fs::create_dir(dir.path().join("mod")).unwrap();
    let module = std::fs::read_to_string(fixture("source/main.tf")).unwrap();
    std::fs::write(
        dir.path().join("mod/main.tf"),
        module.replace("Suspended", "Enabled"),
    )
    .unwrap();
    // The valid set-up, moved into two instances of `module.m`.
    let valid: serde_json::Value =
        serde_json::from_str(&plan::render(&plan::valid_setup())).unwrap();
    let mut plan = valid.clone();
    let mut children = Vec::new();
    let mut changes = Vec::new();
    for i in 0..2 {
        let module = format!("module.m[{i}]");
        // Each instance has its own buckets and role.
        let rename = |v: &serde_json::Value| -> serde_json::Value {
            let text = v.to_string().replace("orders-", &format!("orders{i}-"));
            serde_json::from_str(&text).unwrap()
        };
        let mut resources = rename(&valid["planned_values"]["root_module"]["resources"]);
        for r in resources.as_array_mut().unwrap() {
            r["address"] = format!("{module}.{}", r["address"].as_str().unwrap()).into();
            if i == 1 && r["type"] == "aws_s3_bucket_versioning" && r["name"] == "replica" {
                r["values"]["versioning_configuration"][0]["status"] = "Suspended".into();
            }
        }
        children.push(serde_json::json!({ "address": module, "resources": resources }));
        for c in valid["resource_changes"].as_array().unwrap() {
            let mut c = rename(c);
            c["address"] = format!("{module}.{}", c["address"].as_str().unwrap()).into();
            c["module_address"] = module.clone().into();
            changes.push(c);
        }
    }
    plan["planned_values"]["root_module"] =
        serde_json::json!({ "resources": [], "child_modules": children });
    plan["resource_changes"] = changes.into();
    plan["configuration"]["root_module"] = serde_json::json!({
        "module_calls": { "m": { "source": "./mod", "module": valid["configuration"]["root_module"] } }
    });
    let text = serde_json::to_string_pretty(&plan).unwrap();
    let plan_path = dir.path().join("plan.json");
    std::fs::write(&plan_path, &text).unwrap();
    let status = plan::locate(&text, "\"status\": \"Suspended\"", 0);
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    let found = lint_with(&options, dir.path());
    let rl202: Vec<&String> = found.iter().filter(|f| f.starts_with("RL202")).collect();
    assert_eq!(rl202.len(), 1, "{found:?}");
    assert!(
        rl202[0].starts_with(
            "RL202 mod/main.tf:19:5 module.m[1].aws_s3_bucket_replication_configuration.this | "
        ),
        "{found:?}"
    );
    // The plan's value, then the module call of the source (which has no instance keys).
    assert!(
        rl202[0].ends_with(&format!(" plan.json:{status} main.tf:2:1")),
        "{found:?}"
    );
    // Every finding on the plan is located in the module's source.
    assert!(
        found.iter().all(|f| f.contains(" mod/main.tf:")),
        "{found:?}"
    );
}

/// The source fixture and its plan, both without the replication's `depends_on`; the plan's
/// change of the replication has `actions`.
fn unordered_dir(actions: &str) -> tempfile::TempDir {
    let text = std::fs::read_to_string(fixture("replication.plan.json")).unwrap();
    let depends_on = r#", "depends_on": ["aws_s3_bucket_versioning.source", "aws_s3_bucket_versioning.replica"]"#;
    assert!(text.contains(depends_on));
    let mut plan: serde_json::Value = serde_json::from_str(&text.replace(depends_on, "")).unwrap();
    for change in plan["resource_changes"].as_array_mut().unwrap() {
        if change["type"] == "aws_s3_bucket_replication_configuration" {
            change["change"]["actions"] = serde_json::from_str(actions).unwrap();
        }
    }
    let line =
        "  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]\n";
    source_dir(
        |main| {
            assert!(main.contains(line));
            main.replace(line, "")
        },
        Some(&plan.to_string()),
    )
}

/// The RL203 findings of linting `dir`.
fn rl203(dir: &tempfile::TempDir) -> Vec<String> {
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    let mut found: Vec<String> = lint_with(&options, dir.path())
        .into_iter()
        .filter(|f| f.starts_with("RL203"))
        .collect();
    found.sort();
    found
}

#[test]
fn an_ordering_defect_of_source_and_plan_is_reported_once_at_the_source_header() {
    // Alone, the source reports both versioning resources at the replication's header.
    let source = source_dir(
        |main| {
            main.replace(
                "  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]\n",
                "",
            )
        },
        None,
    );
    let alone = rl203(&source);
    assert_eq!(alone.len(), 2, "{alone:?}");
    // With the plan that creates the replication: the plan's findings, each once, at the same
    // source header, naming the source's versioning resources and the plan's header.
    let dir = unordered_dir(r#"["create"]"#);
    let found = rl203(&dir);
    let config = "aws_s3_bucket_replication_configuration.this";
    let text = std::fs::read_to_string(dir.path().join("plan.json")).unwrap();
    let planned = text.find("\"planned_values\"").unwrap();
    let header = column(&text[planned..], &format!("\"{config}\"")) + planned;
    assert_eq!(
        found,
        ["main.tf:16:1", "main.tf:9:1"].map(|versioning| format!(
            "RL203 main.tf:44:1 {config} | {versioning} plan.json:1:{header}"
        ))
    );
}

#[test]
fn a_plan_that_does_not_create_the_replication_clears_the_source_ordering_finding() {
    // The plan proves the replication and the versioning exist: no first apply races.
    assert_eq!(rl203(&unordered_dir(r#"["no-op"]"#)), Vec::<String>::new());
    assert_eq!(rl203(&unordered_dir(r#"["update"]"#)), Vec::<String>::new());
}

#[test]
fn a_finding_at_a_role_known_only_after_apply_maps_to_the_source_role_attribute() {
    // The plan's role policy grants nothing on the destination's objects: RL305 at the role,
    // which the plan writes only in its configuration section.
    let text = std::fs::read_to_string(fixture("replication.plan.json")).unwrap();
    let broken = text.replace("orders-dst/*", "other-dst/*");
    assert_ne!(broken, text);
    let alone = tempfile::tempdir().unwrap();
    let plan = alone.path().join("plan.json");
    std::fs::write(&plan, &broken).unwrap();
    let configuration = broken.find("\"configuration\"").unwrap();
    let role = column(&broken[configuration..], "\"role\": {\"references\"") + configuration;
    let config = "aws_s3_bucket_replication_configuration.this";
    let found: Vec<String> = lint(&plan)
        .into_iter()
        .filter(|f| f.starts_with("RL305"))
        .collect();
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|f| *f == format!("RL305 1:{role} {config}")),
        "{found:?}"
    );
    // Linted with its source: at the source's `role` attribute.
    let dir = source_dir(|main| main, Some(&broken));
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    let found: Vec<String> = lint_with(&options, dir.path())
        .into_iter()
        .filter(|f| f.starts_with("RL305"))
        .collect();
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|f| f.starts_with(&format!("RL305 main.tf:46:3 {config} | "))),
        "{found:?}"
    );
}

#[test]
fn source_ordering_through_another_resource_counts() {
    // A pause after versioning, and the replication after the pause: versioning comes first.
    let line =
        "  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]\n";
    let pause = "resource \"time_sleep\" \"versioning\" {\n  depends_on      = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.replica]\n  create_duration = \"15s\"\n}\n";
    let dir = source_dir(
        |main| main.replace(line, "  depends_on = [time_sleep.versioning]\n") + pause,
        None,
    );
    assert_eq!(rl203(&dir), Vec::<String>::new());
    let dir = source_dir(
        |main| {
            main.replace(line, "  depends_on = [time_sleep.versioning]\n")
                + &pause.replace(", aws_s3_bucket_versioning.replica", "")
        },
        None,
    );
    let found = rl203(&dir);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("RL203 main.tf:44:1 "), "{found:?}");
}
