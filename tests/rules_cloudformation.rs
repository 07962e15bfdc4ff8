//! Rule tests over CloudFormation: every rule of the core issue on templates, every intrinsic
//! function with a finding located inside it, YAML (short-form tags) against JSON (long form),
//! SAM and CDK-shaped templates, and malformed input. Each test asserts the exact list of
//! `RLxxx file:line:col` (primary span start, 1-based) that the linter reports.
//!
//! Templates are built as small trees ([`N`]) and rendered both as YAML with short-form tags and
//! as JSON with long-form intrinsics, so that the same template can be linted in both formats.
//! Expected positions are computed from the rendered text with small locators (`at`, `after`).

#[path = "support/record.rs"]
mod record;

use repl_lint::diagnostic::Severity;
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// One diagnostic, flattened.
#[derive(Clone, Debug)]
struct Found {
    rule: String,
    severity: Severity,
    location: String,
    resource: Option<String>,
    message: String,
}

struct Run {
    found: Vec<Found>,
    summary: repl_lint::report::Summary,
}

/// Lints files written into a temp dir.
fn lint_files<N: AsRef<str>, T: AsRef<[u8]>>(files: &[(N, T)]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name.as_ref());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text.as_ref()).unwrap();
    }
    let options = repl_lint::Options {
        paths: vec![dir.path().to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    record::lint(dir.path(), &options, &outcome);
    let root = dir.path().canonicalize().unwrap();
    let found = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome.db.file(d.primary.file);
            let path = file.path.canonicalize().unwrap_or(file.path.clone());
            let name = path
                .strip_prefix(&root)
                .unwrap_or(Path::new(&file.display))
                .to_string_lossy()
                .replace('\\', "/");
            let (start, _) = outcome.db.range(d.primary);
            Found {
                rule: d.rule.to_string(),
                severity: d.severity,
                location: format!("{name}:{}:{}", start.line, start.column),
                resource: d.resource.clone(),
                message: d.message.clone(),
            }
        })
        .collect();
    Run {
        found,
        summary: outcome.summary,
    }
}

fn run<N: AsRef<str>, T: AsRef<[u8]>>(files: &[(N, T)]) -> Vec<Found> {
    lint_files(files).found
}

fn list(found: &[Found], keep: impl Fn(&Found) -> bool) -> Vec<String> {
    let mut out: Vec<String> = found
        .iter()
        .filter(|f| keep(f))
        .map(|f| format!("{} {}", f.rule, f.location))
        .collect();
    out.sort();
    out
}

/// Sorted `RLxxx file:line:col` of every diagnostic at or above `min`.
fn at_least<N: AsRef<str>, T: AsRef<[u8]>>(files: &[(N, T)], min: Severity) -> Vec<String> {
    list(&run(files), |f| f.severity >= min)
}

/// Errors and warnings.
fn problems<N: AsRef<str>, T: AsRef<[u8]>>(files: &[(N, T)]) -> Vec<String> {
    at_least(files, Severity::Warning)
}

/// Everything, infos included.
fn all<N: AsRef<str>, T: AsRef<[u8]>>(files: &[(N, T)]) -> Vec<String> {
    at_least(files, Severity::Info)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.chars().count()
        - before
            .rfind('\n')
            .map_or(0, |i| before[..=i].chars().count())
        + 1;
    (line, col)
}

/// `file:line:col` of the only occurrence of `needle` in `text`.
fn at(file: &str, text: &str, needle: &str) -> String {
    let mut hits = text.match_indices(needle);
    let (offset, _) = hits
        .next()
        .unwrap_or_else(|| panic!("`{needle}` not in {file}:\n{text}"));
    assert!(
        hits.next().is_none(),
        "`{needle}` is not unique in {file}:\n{text}"
    );
    let (l, c) = line_col(text, offset);
    format!("{file}:{l}:{c}")
}

/// `file:line:col` of the first `needle` after the only occurrence of `anchor`.
fn after(file: &str, text: &str, anchor: &str, needle: &str) -> String {
    assert_eq!(
        text.matches(anchor).count(),
        1,
        "`{anchor}` is not unique in {file}:\n{text}"
    );
    let base = text.find(anchor).unwrap();
    let offset = base
        + text[base..]
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` not after `{anchor}` in {file}:\n{text}"));
    let (l, c) = line_col(text, offset);
    format!("{file}:{l}:{c}")
}

fn d(rule: &str, location: String) -> String {
    format!("{rule} {location}")
}

// ---------------------------------------------------------------------------------------------
// Template trees, rendered as YAML (short-form tags) and JSON (long form)
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum N {
    S(String),
    Num(i64),
    M(Vec<(String, N)>),
    L(Vec<N>),
    /// An intrinsic: short name (`Ref`, `GetAtt`, `Sub`, ..., `Condition`) and argument.
    F(&'static str, Box<N>),
}

fn s(x: &str) -> N {
    N::S(x.to_string())
}
fn num(x: i64) -> N {
    N::Num(x)
}
fn m(entries: Vec<(&str, N)>) -> N {
    N::M(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}
fn l(items: Vec<N>) -> N {
    N::L(items)
}
fn f(name: &'static str, arg: N) -> N {
    N::F(name, Box::new(arg))
}
fn r#ref(x: &str) -> N {
    f("Ref", s(x))
}
fn getatt(x: &str) -> N {
    f("GetAtt", s(x))
}
fn sub(x: &str) -> N {
    f("Sub", s(x))
}
fn strs(items: &[&str]) -> N {
    l(items.iter().map(|x| s(x)).collect())
}

impl N {
    fn get_mut(&mut self, path: &[&str]) -> &mut N {
        let mut node = self;
        for key in path {
            node = match node {
                N::M(entries) => {
                    &mut entries
                        .iter_mut()
                        .find(|(k, _)| k == key)
                        .unwrap_or_else(|| panic!("no key {key} in path {path:?}"))
                        .1
                }
                N::L(items) => &mut items[key.parse::<usize>().unwrap()],
                _ => panic!("cannot descend into {key} of {path:?}"),
            };
        }
        node
    }

    /// Sets (or appends) the entry at `path`.
    fn set(&mut self, path: &[&str], value: N) -> &mut N {
        let (last, parent) = path.split_last().unwrap();
        match self.get_mut(parent) {
            N::M(entries) => match entries.iter_mut().find(|(k, _)| k == last) {
                Some((_, v)) => *v = value,
                None => entries.push((last.to_string(), value)),
            },
            N::L(items) => items[last.parse::<usize>().unwrap()] = value,
            _ => panic!("cannot set {path:?}"),
        }
        self
    }

    fn remove(&mut self, path: &[&str]) -> &mut N {
        let (last, parent) = path.split_last().unwrap();
        match self.get_mut(parent) {
            N::M(entries) => {
                let before = entries.len();
                entries.retain(|(k, _)| k != last);
                assert!(entries.len() < before, "no {path:?} to remove");
            }
            N::L(items) => {
                items.remove(last.parse::<usize>().unwrap());
            }
            _ => panic!("cannot remove {path:?}"),
        }
        self
    }
}

const YAML_WORDS: [&str; 12] = [
    "true", "false", "yes", "no", "on", "off", "null", "y", "n", "True", "False", "Null",
];

fn yaml_str(x: &str, flow: bool) -> String {
    let plain = !x.is_empty()
        && x.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && x.chars().all(|c| {
            c.is_ascii_alphanumeric() || "_.-/".contains(c) || (!flow && ":*".contains(c))
        })
        && !YAML_WORDS.contains(&x);
    if plain {
        x.to_string()
    } else {
        format!("'{}'", x.replace('\'', "''"))
    }
}

fn yaml_inline(n: &N) -> String {
    match n {
        N::S(x) => yaml_str(x, true),
        N::Num(x) => x.to_string(),
        N::M(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}: {}", yaml_str(k, true), yaml_inline(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
        N::L(items) => {
            let inner: Vec<String> = items.iter().map(yaml_inline).collect();
            format!("[{}]", inner.join(", "))
        }
        N::F(name, arg) => format!("!{name} {}", yaml_inline(arg)),
    }
}

/// A value that goes on the same line as its key or dash.
fn yaml_is_inline(n: &N) -> bool {
    match n {
        N::M(e) => e.is_empty(),
        N::L(i) => i.is_empty(),
        _ => true,
    }
}

fn yaml_block(n: &N, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match n {
        N::M(entries) => {
            for (k, v) in entries {
                let key = yaml_str(k, false);
                if yaml_is_inline(v) {
                    let value = match v {
                        N::S(x) => yaml_str(x, false),
                        N::F(name, arg) if matches!(**arg, N::S(_)) => {
                            format!("!{name} {}", yaml_inline(arg))
                        }
                        other => yaml_inline(other),
                    };
                    out.push_str(&format!("{pad}{key}: {value}\n"));
                } else {
                    out.push_str(&format!("{pad}{key}:\n"));
                    yaml_block(v, indent + 2, out);
                }
            }
        }
        N::L(items) => {
            for item in items {
                if yaml_is_inline(item) {
                    out.push_str(&format!("{pad}- {}\n", yaml_inline(item)));
                } else if let N::M(_) = item {
                    let mut inner = String::new();
                    yaml_block(item, indent + 2, &mut inner);
                    out.push_str(&format!("{pad}- {}", &inner[indent + 2..]));
                } else {
                    out.push_str(&format!("{pad}- {}\n", yaml_inline(item)));
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", yaml_inline(other))),
    }
}

fn yaml(n: &N) -> String {
    let mut out = String::new();
    yaml_block(n, 0, &mut out);
    out
}

fn json_str(x: &str) -> String {
    serde_json::to_string(x).unwrap()
}

fn long_name(name: &str) -> String {
    match name {
        "Ref" | "Condition" => name.to_string(),
        other => format!("Fn::{other}"),
    }
}

fn json_block(n: &N, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent + 2);
    let end = " ".repeat(indent);
    match n {
        N::S(x) => out.push_str(&json_str(x)),
        N::Num(x) => out.push_str(&x.to_string()),
        N::M(entries) if entries.is_empty() => out.push_str("{}"),
        N::L(items) if items.is_empty() => out.push_str("[]"),
        N::M(entries) => {
            out.push_str("{\n");
            for (i, (k, v)) in entries.iter().enumerate() {
                out.push_str(&format!("{pad}{}: ", json_str(k)));
                json_block(v, indent + 2, out);
                out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{end}}}"));
        }
        N::L(items) => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                out.push_str(&pad);
                json_block(v, indent + 2, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{end}]"));
        }
        N::F(name, arg) => {
            out.push_str(&format!("{{ {}: ", json_str(&long_name(name))));
            json_block(arg, indent, out);
            out.push_str(" }");
        }
    }
}

fn json(n: &N) -> String {
    let mut out = String::new();
    json_block(n, 0, &mut out);
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------
// Fixtures: a complete, correct replication setup
// ---------------------------------------------------------------------------------------------

const SRC_BUCKET_ACTIONS: [&str; 2] = ["s3:GetReplicationConfiguration", "s3:ListBucket"];
const SRC_OBJECT_ACTIONS: [&str; 3] = [
    "s3:GetObjectVersionForReplication",
    "s3:GetObjectVersionAcl",
    "s3:GetObjectVersionTagging",
];
const DST_OBJECT_ACTIONS: [&str; 3] = [
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ReplicateTags",
];

fn statement(sid: &str, actions: &[&str], resource: N) -> N {
    m(vec![
        ("Sid", s(sid)),
        ("Effect", s("Allow")),
        ("Action", strs(actions)),
        ("Resource", resource),
    ])
}

fn document(statements: Vec<N>) -> N {
    m(vec![
        ("Version", s("2012-10-17")),
        ("Statement", l(statements)),
    ])
}

fn trust_document(service: &str) -> N {
    document(vec![m(vec![
        ("Effect", s("Allow")),
        ("Principal", m(vec![("Service", s(service))])),
        ("Action", s("sts:AssumeRole")),
    ])])
}

/// The permission statements, with resources by GetAtt/Sub of the buckets' ARNs.
fn permissions() -> N {
    document(vec![
        statement("SrcBucket", &SRC_BUCKET_ACTIONS, getatt("Source.Arn")),
        statement("SrcObjects", &SRC_OBJECT_ACTIONS, sub("${Source.Arn}/*")),
        statement("DstObjects", &DST_OBJECT_ACTIONS, sub("${Replica.Arn}/*")),
    ])
}

/// The same permissions by bucket names built from `AWS::StackName` (no reference to a bucket).
fn permissions_by_name() -> N {
    document(vec![
        statement(
            "SrcBucket",
            &SRC_BUCKET_ACTIONS,
            sub("arn:aws:s3:::${AWS::StackName}-src"),
        ),
        statement(
            "SrcObjects",
            &SRC_OBJECT_ACTIONS,
            sub("arn:aws:s3:::${AWS::StackName}-src/*"),
        ),
        statement(
            "DstObjects",
            &DST_OBJECT_ACTIONS,
            sub("arn:aws:s3:::${AWS::StackName}-dst/*"),
        ),
    ])
}

fn versioned(extra: Vec<(&str, N)>) -> N {
    let mut props = extra;
    props.push(("VersioningConfiguration", m(vec![("Status", s("Enabled"))])));
    m(vec![
        ("Type", s("AWS::S3::Bucket")),
        ("Properties", m(props)),
    ])
}

fn rule() -> N {
    m(vec![
        ("Id", s("everything")),
        ("Status", s("Enabled")),
        ("Priority", num(1)),
        ("Filter", m(vec![("Prefix", s(""))])),
        ("DeleteMarkerReplication", m(vec![("Status", s("Enabled"))])),
        ("Destination", m(vec![("Bucket", getatt("Replica.Arn"))])),
    ])
}

/// A complete correct setup: two versioned buckets, a role trusting S3, its permissions in a
/// separate `AWS::IAM::Policy`, a V2 rule with Filter, Priority and DeleteMarkerReplication.
fn complete() -> N {
    let mut source = versioned(vec![]);
    source.set(
        &["Properties", "ReplicationConfiguration"],
        m(vec![
            ("Role", getatt("ReplicationRole.Arn")),
            ("Rules", l(vec![rule()])),
        ]),
    );
    m(vec![
        ("AWSTemplateFormatVersion", s("2010-09-09")),
        (
            "Resources",
            m(vec![
                ("Replica", versioned(vec![])),
                (
                    "ReplicationRole",
                    m(vec![
                        ("Type", s("AWS::IAM::Role")),
                        (
                            "Properties",
                            m(vec![(
                                "AssumeRolePolicyDocument",
                                trust_document("s3.amazonaws.com"),
                            )]),
                        ),
                    ]),
                ),
                (
                    "ReplicationPolicy",
                    m(vec![
                        ("Type", s("AWS::IAM::Policy")),
                        (
                            "Properties",
                            m(vec![
                                ("PolicyName", s("replication")),
                                ("Roles", l(vec![r#ref("ReplicationRole")])),
                                ("PolicyDocument", permissions()),
                            ]),
                        ),
                    ]),
                ),
                ("Source", source),
            ]),
        ),
    ])
}

/// The complete setup with bucket names from `AWS::StackName` and the policy matching them by
/// name.
fn complete_by_name() -> N {
    let mut t = complete();
    t.set(
        &["Resources", "Source", "Properties", "BucketName"],
        sub("${AWS::StackName}-src"),
    );
    t.set(
        &["Resources", "Replica", "Properties", "BucketName"],
        sub("${AWS::StackName}-dst"),
    );
    t.set(
        &[
            "Resources",
            "ReplicationPolicy",
            "Properties",
            "PolicyDocument",
        ],
        permissions_by_name(),
    );
    t
}

const SRC: &[&str] = &["Resources", "Source", "Properties"];
const RC: &[&str] = &[
    "Resources",
    "Source",
    "Properties",
    "ReplicationConfiguration",
];
const RULE0: &[&str] = &[
    "Resources",
    "Source",
    "Properties",
    "ReplicationConfiguration",
    "Rules",
    "0",
];
const DEST: &[&str] = &[
    "Resources",
    "Source",
    "Properties",
    "ReplicationConfiguration",
    "Rules",
    "0",
    "Destination",
    "Bucket",
];
const ROLE: &[&str] = &[
    "Resources",
    "Source",
    "Properties",
    "ReplicationConfiguration",
    "Role",
];
const STATEMENTS: &[&str] = &[
    "Resources",
    "ReplicationPolicy",
    "Properties",
    "PolicyDocument",
    "Statement",
];

fn path<'a>(base: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(rest).copied().collect()
}

fn yaml_files(t: &N) -> Vec<(String, String)> {
    vec![("template.yaml".to_string(), yaml(t))]
}

fn json_files(t: &N) -> Vec<(String, String)> {
    vec![("template.json".to_string(), json(t))]
}

const Y: &str = "template.yaml";

/// The template, edited.
fn edit(base: N, change: impl FnOnce(&mut N)) -> N {
    let mut t = base;
    change(&mut t);
    t
}

/// `file:line:col` of `needle` in the YAML rendering of `t`.
fn yat(t: &N, needle: &str) -> String {
    at(Y, &yaml(t), needle)
}

fn yafter(t: &N, anchor: &str, needle: &str) -> String {
    after(Y, &yaml(t), anchor, needle)
}

// ---------------------------------------------------------------------------------------------
// Complete setups: no diagnostics at all
// ---------------------------------------------------------------------------------------------

#[test]
fn complete_setup_has_no_diagnostics_in_yaml_and_json() {
    for files in [yaml_files(&complete()), json_files(&complete())] {
        assert_eq!(all(&files), Vec::<String>::new(), "{}", files[0].1);
    }
}

#[test]
fn bucket_identity_by_stack_name_sub_matches_policy_arns() {
    let t = complete_by_name();
    for files in [yaml_files(&t), json_files(&t)] {
        assert_eq!(all(&files), Vec::<String>::new(), "{}", files[0].1);
    }
}

#[test]
fn stack_name_bucket_with_policy_for_another_name_is_rl303() {
    let t = edit(complete_by_name(), |t| {
        t.set(
            &path(STATEMENTS, &["1", "Resource"]),
            sub("arn:aws:s3:::${AWS::StackName}-other/*"),
        );
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        sorted(vec![
            d("RL303", yat(&t, "Role: !GetAtt")),
            d("RL303", yat(&t, "Role: !GetAtt")),
            d("RL304", yat(&t, "Role: !GetAtt")),
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// RL101 role-not-arn, with Ref, parameters, FindInMap, Sub and Select/Split
// ---------------------------------------------------------------------------------------------

#[test]
fn rl101_ref_of_a_role_is_its_name_located_at_the_ref() {
    let t = edit(complete(), |t| {
        t.set(ROLE, r#ref("ReplicationRole"));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL101", yafter(&t, "Role: !Ref", "!Ref"))]
    );
    let found = run(&yaml_files(&t));
    let rl101 = found.iter().find(|f| f.rule == "RL101").unwrap();
    assert_eq!(rl101.resource.as_deref(), Some("Source"));
    assert!(
        rl101.message.contains("ReplicationRole"),
        "{}",
        rl101.message
    );
}

#[test]
fn rl101_role_getatt_arn_passes() {
    assert_eq!(problems(&yaml_files(&complete())), Vec::<String>::new());
}

#[test]
fn rl101_parameter_default_that_is_a_name() {
    let t = edit(complete(), |t| {
        t.set(
            &["Parameters"],
            m(vec![(
                "ReplicationRoleName",
                m(vec![("Type", s("String")), ("Default", s("replication"))]),
            )]),
        );
        t.set(ROLE, r#ref("ReplicationRoleName"));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL101", yat(&t, "!Ref ReplicationRoleName"))]
    );
}

#[test]
fn rl101_parameter_default_that_is_an_arn_passes() {
    let t = edit(complete(), |t| {
        t.set(
            &["Parameters"],
            m(vec![(
                "ReplicationRoleArn",
                m(vec![
                    ("Type", s("String")),
                    ("Default", s("arn:aws:iam::123456789012:role/replication")),
                ]),
            )]),
        );
        t.set(ROLE, r#ref("ReplicationRoleArn"));
    });
    assert_eq!(problems(&yaml_files(&t)), Vec::<String>::new());
}

#[test]
fn rl101_find_in_map_located_at_the_find_in_map() {
    let t = edit(complete(), |t| {
        t.set(
            &["Mappings"],
            m(vec![(
                "Roles",
                m(vec![("prod", m(vec![("Name", s("replication"))]))]),
            )]),
        );
        t.set(ROLE, f("FindInMap", strs(&["Roles", "prod", "Name"])));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL101", yat(&t, "!FindInMap"))]
    );
}

#[test]
fn rl101_find_in_map_default_value() {
    let t = edit(complete(), |t| {
        t.set(
            &["Mappings"],
            m(vec![(
                "Roles",
                m(vec![("prod", m(vec![("Name", s("x"))]))]),
            )]),
        );
        t.set(
            ROLE,
            f(
                "FindInMap",
                l(vec![
                    s("Roles"),
                    s("test"),
                    s("Name"),
                    m(vec![("DefaultValue", s("replication"))]),
                ]),
            ),
        );
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL101", yat(&t, "!FindInMap"))]
    );
}

#[test]
fn rl101_sub_of_a_parameter_located_at_the_sub() {
    let t = edit(complete(), |t| {
        t.set(
            &["Parameters"],
            m(vec![(
                "Env",
                m(vec![("Type", s("String")), ("Default", s("prod"))]),
            )]),
        );
        t.set(ROLE, sub("${Env}-replication"));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL101", yat(&t, "!Sub '${Env}-replication'"))]
    );
    let found = run(&yaml_files(&t));
    let rl101 = found.iter().find(|f| f.rule == "RL101").unwrap();
    assert!(
        rl101.message.contains("prod-replication"),
        "{}",
        rl101.message
    );
}

#[test]
fn rl101_sub_of_pseudo_parameters_into_an_arn_passes() {
    let t = edit(complete(), |t| {
        t.set(
            ROLE,
            sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/replication"),
        );
    });
    // The role is outside the files: only RL003 notes.
    assert_eq!(problems(&yaml_files(&t)), Vec::<String>::new());
}

#[test]
fn rl101_select_of_split_located_at_the_select() {
    let t = edit(complete(), |t| {
        t.set(
            ROLE,
            f(
                "Select",
                l(vec![num(0), f("Split", strs(&["|", "replication|other"]))]),
            ),
        );
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL101", yat(&t, "!Select"))]
    );
}

#[test]
fn rl101_role_from_import_value_is_only_an_rl003_note() {
    let t = edit(complete(), |t| {
        t.set(ROLE, f("ImportValue", s("ReplicationRoleArn")));
    });
    let found = run(&yaml_files(&t));
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|f| f.rule == "RL003" && f.severity == Severity::Info),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|f| f.location == yafter(&t, "Role: !ImportValue", "Role")),
        "{found:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// RL102 destination-not-arn, RL103 destination-is-source
// ---------------------------------------------------------------------------------------------

#[test]
fn rl102_ref_of_a_bucket_is_its_name_located_at_the_ref() {
    let t = edit(complete(), |t| {
        t.set(DEST, r#ref("Replica"));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL102", yafter(&t, "Bucket: !Ref", "!Ref"))]
    );
}

#[test]
fn rl102_join_of_a_name_located_at_the_join() {
    let t = edit(complete(), |t| {
        t.set(DEST, f("Join", l(vec![s(""), strs(&["my-", "bucket"])])));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL102", yat(&t, "!Join"))]
    );
    let found = run(&yaml_files(&t));
    let rl102 = found.iter().find(|f| f.rule == "RL102").unwrap();
    assert!(rl102.message.contains("my-bucket"), "{}", rl102.message);
}

#[test]
fn rl102_join_into_an_arn_passes() {
    let t = edit(complete(), |t| {
        t.set(
            DEST,
            f(
                "Join",
                l(vec![s(""), l(vec![s("arn:aws:s3:::"), r#ref("Replica")])]),
            ),
        );
    });
    assert_eq!(problems(&yaml_files(&t)), Vec::<String>::new());
}

#[test]
fn rl102_sub_with_pseudo_parameter_that_is_no_arn() {
    let t = edit(complete(), |t| {
        t.set(DEST, sub("my-${AWS::Region}-replica"));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL102", yat(&t, "!Sub 'my-${AWS::Region}-replica'"))]
    );
}

#[test]
fn rl102_sub_escaped_literal_is_not_a_reference() {
    let t = edit(complete(), |t| {
        t.set(DEST, sub("${!Replica}"));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL102", yat(&t, "!Sub '${!Replica}'"))]
    );
    let found = run(&yaml_files(&t));
    let rl102 = found.iter().find(|f| f.rule == "RL102").unwrap();
    assert!(
        rl102.message.contains("`${Replica}`"),
        "the literal `${{Replica}}` text: {}",
        rl102.message
    );
}

#[test]
fn rl103_destination_getatt_dotted_is_the_source() {
    let t = edit(complete(), |t| {
        t.set(DEST, getatt("Source.Arn"));
    });
    let rl103 = all(&yaml_files(&t))
        .into_iter()
        .filter(|x| x.starts_with("RL103"))
        .collect::<Vec<_>>();
    assert_eq!(
        rl103,
        vec![d("RL103", yat(&t, "Bucket: !GetAtt Source.Arn"))]
    );
}

#[test]
fn rl103_destination_getatt_list_form_is_the_source() {
    let t = edit(complete(), |t| {
        t.set(DEST, f("GetAtt", strs(&["Source", "Arn"])));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL103", yat(&t, "Bucket: !GetAtt ["))]
    );
}

#[test]
fn rl103_destination_sub_of_source_arn() {
    let t = edit(complete(), |t| {
        t.set(DEST, sub("${Source.Arn}"));
    });
    let rl103: Vec<String> = all(&yaml_files(&t))
        .into_iter()
        .filter(|x| x.starts_with("RL103"))
        .collect();
    assert_eq!(
        rl103,
        vec![d("RL103", yat(&t, "Bucket: !Sub '${Source.Arn}'"))]
    );
}

#[test]
fn rl103_destination_sub_with_variable_map() {
    let t = edit(complete(), |t| {
        t.set(
            DEST,
            f(
                "Sub",
                l(vec![
                    s("arn:aws:s3:::${Name}"),
                    m(vec![("Name", r#ref("Source"))]),
                ]),
            ),
        );
    });
    let rl103: Vec<String> = all(&yaml_files(&t))
        .into_iter()
        .filter(|x| x.starts_with("RL103"))
        .collect();
    assert_eq!(rl103, vec![d("RL103", yat(&t, "Bucket: !Sub ["))]);
}

#[test]
fn rl103_destination_select_of_the_source() {
    let t = edit(complete(), |t| {
        t.set(
            DEST,
            f(
                "Select",
                l(vec![
                    num(0),
                    l(vec![getatt("Source.Arn"), getatt("Replica.Arn")]),
                ]),
            ),
        );
    });
    let rl103: Vec<String> = all(&yaml_files(&t))
        .into_iter()
        .filter(|x| x.starts_with("RL103"))
        .collect();
    assert_eq!(rl103, vec![d("RL103", yat(&t, "Bucket: !Select"))]);
}

#[test]
fn rl103_select_of_the_other_bucket_passes() {
    let t = edit(complete(), |t| {
        t.set(
            DEST,
            f(
                "Select",
                l(vec![
                    num(1),
                    l(vec![getatt("Source.Arn"), getatt("Replica.Arn")]),
                ]),
            ),
        );
    });
    assert_eq!(problems(&yaml_files(&t)), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// RL201 / RL202 versioning
// ---------------------------------------------------------------------------------------------

#[test]
fn rl201_source_without_versioning_configuration() {
    let t = edit(complete(), |t| {
        t.remove(&path(SRC, &["VersioningConfiguration"]));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL201", yat(&t, "ReplicationConfiguration:"))]
    );
}

#[test]
fn rl201_source_versioning_suspended_points_at_status() {
    let t = edit(complete(), |t| {
        t.set(
            &path(SRC, &["VersioningConfiguration", "Status"]),
            s("Suspended"),
        );
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL201", yat(&t, "Status: Suspended"))]
    );
}

#[test]
fn rl202_destination_without_versioning_configuration() {
    let t = edit(complete(), |t| {
        t.remove(&[
            "Resources",
            "Replica",
            "Properties",
            "VersioningConfiguration",
        ]);
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL202", yat(&t, "Bucket: !GetAtt Replica.Arn"))]
    );
}

#[test]
fn rl202_destination_versioning_suspended_points_at_status() {
    let t = edit(complete(), |t| {
        t.set(
            &[
                "Resources",
                "Replica",
                "Properties",
                "VersioningConfiguration",
                "Status",
            ],
            s("Suspended"),
        );
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL202", yat(&t, "Status: Suspended"))]
    );
}

#[test]
fn rl202_destination_by_sub_of_ref() {
    let t = edit(complete(), |t| {
        t.remove(&[
            "Resources",
            "Replica",
            "Properties",
            "VersioningConfiguration",
        ]);
        t.set(DEST, sub("arn:aws:s3:::${Replica}"));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d(
            "RL202",
            yat(&t, "Bucket: !Sub 'arn:aws:s3:::${Replica}'")
        )]
    );
}

#[test]
fn rl202_destination_by_sub_of_ref_versioned_passes() {
    let t = edit(complete(), |t| {
        t.set(DEST, sub("arn:aws:s3:::${Replica}"));
    });
    assert_eq!(all(&yaml_files(&t)), Vec::<String>::new());
}
#[test]
fn rl103_message_names_the_logical_id() {
    let t = edit(complete(), |t| {
        t.set(DEST, getatt("Source.Arn"));
    });
    let found = run(&yaml_files(&t));
    let rl103 = found.iter().find(|f| f.rule == "RL103").unwrap();
    assert!(!rl103.message.contains("${"), "{}", rl103.message);
}

// ---------------------------------------------------------------------------------------------
// RL301-RL310: trust and permission policies, in every place a role's policies come from
// ---------------------------------------------------------------------------------------------

#[test]
fn rl301_trust_naming_another_service_points_at_that_service() {
    let t = edit(complete(), |t| {
        t.set(
            &[
                "Resources",
                "ReplicationRole",
                "Properties",
                "AssumeRolePolicyDocument",
            ],
            trust_document("ec2.amazonaws.com"),
        );
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL301", yat(&t, "ec2.amazonaws.com"))]
    );
}

#[test]
fn rl301_trust_without_assume_role_points_at_the_action() {
    let t = edit(complete(), |t| {
        t.set(
            &[
                "Resources",
                "ReplicationRole",
                "Properties",
                "AssumeRolePolicyDocument",
                "Statement",
                "0",
                "Action",
            ],
            s("sts:TagSession"),
        );
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL301", yat(&t, "sts:TagSession"))]
    );
}

#[test]
fn rl301_trust_with_source_account_condition_passes() {
    let t = edit(complete(), |t| {
        t.set(
            &[
                "Resources",
                "ReplicationRole",
                "Properties",
                "AssumeRolePolicyDocument",
                "Statement",
                "0",
                "Condition",
            ],
            m(vec![(
                "StringEquals",
                m(vec![("aws:SourceAccount", r#ref("AWS::AccountId"))]),
            )]),
        );
    });
    assert_eq!(all(&yaml_files(&t)), Vec::<String>::new());
}

/// Where the permission policy of the role lives.
#[derive(Clone, Copy, Debug)]
enum Place {
    /// `AWS::IAM::Policy` with `Roles: [!Ref ReplicationRole]`.
    Policy,
    /// The role's own `Policies`.
    Inline,
    /// `AWS::IAM::ManagedPolicy` listed in the role's `ManagedPolicyArns`.
    ManagedPolicyArns,
    /// `AWS::IAM::RolePolicy` with `RoleName: !Ref ReplicationRole`.
    RolePolicy,
}

const PLACES: [Place; 4] = [
    Place::Policy,
    Place::Inline,
    Place::ManagedPolicyArns,
    Place::RolePolicy,
];

/// The by-name complete setup (no reference from a policy to a bucket, so no cycle in any place)
/// with `doc` as the role's permission policy in `place`.
fn placed(place: Place, doc: N) -> N {
    let mut t = complete_by_name();
    t.remove(&["Resources", "ReplicationPolicy"]);
    let role_props = &["Resources", "ReplicationRole", "Properties"];
    match place {
        Place::Policy => {
            t.set(
                &["Resources", "ReplicationPolicy"],
                m(vec![
                    ("Type", s("AWS::IAM::Policy")),
                    (
                        "Properties",
                        m(vec![
                            ("PolicyName", s("replication")),
                            ("Roles", l(vec![r#ref("ReplicationRole")])),
                            ("PolicyDocument", doc),
                        ]),
                    ),
                ]),
            );
        }
        Place::Inline => {
            t.set(
                &path(role_props, &["Policies"]),
                l(vec![m(vec![
                    ("PolicyName", s("replication")),
                    ("PolicyDocument", doc),
                ])]),
            );
        }
        Place::ManagedPolicyArns => {
            t.set(
                &["Resources", "ReplicationPolicy"],
                m(vec![
                    ("Type", s("AWS::IAM::ManagedPolicy")),
                    ("Properties", m(vec![("PolicyDocument", doc)])),
                ]),
            );
            t.set(
                &path(role_props, &["ManagedPolicyArns"]),
                l(vec![r#ref("ReplicationPolicy")]),
            );
        }
        Place::RolePolicy => {
            t.set(
                &["Resources", "ReplicationPolicy"],
                m(vec![
                    ("Type", s("AWS::IAM::RolePolicy")),
                    (
                        "Properties",
                        m(vec![
                            ("PolicyName", s("replication")),
                            ("RoleName", r#ref("ReplicationRole")),
                            ("PolicyDocument", doc),
                        ]),
                    ),
                ]),
            );
        }
    }
    t
}

fn doc_with(edit_statements: impl Fn(&mut Vec<N>)) -> N {
    let mut doc = permissions_by_name();
    if let N::M(entries) = &mut doc
        && let Some((_, N::L(statements))) = entries.iter_mut().find(|(k, _)| k == "Statement")
    {
        edit_statements(statements);
    }
    doc
}

fn set_actions(statement: &mut N, actions: &[&str]) {
    statement.set(&["Action"], strs(actions));
}

#[test]
fn complete_setup_passes_with_the_policy_in_every_place() {
    for place in PLACES {
        let t = placed(place, permissions_by_name());
        for files in [yaml_files(&t), json_files(&t)] {
            assert_eq!(
                all(&files),
                Vec::<String>::new(),
                "{place:?}\n{}",
                files[0].1
            );
        }
    }
}

#[test]
fn rl302_missing_list_bucket_in_every_place_points_at_the_statement_actions() {
    for place in PLACES {
        let t = placed(
            place,
            doc_with(|st| set_actions(&mut st[0], &["s3:GetReplicationConfiguration"])),
        );
        assert_eq!(
            problems(&yaml_files(&t)),
            vec![d("RL302", yat(&t, "'s3:GetReplicationConfiguration'"))],
            "{place:?}"
        );
    }
}

#[test]
fn rl302_no_statement_on_the_bucket_points_at_the_role() {
    let t = placed(
        Place::Policy,
        doc_with(|st| {
            st.remove(0);
        }),
    );
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![
            d("RL302", yat(&t, "Role: !GetAtt")),
            d("RL302", yat(&t, "Role: !GetAtt")),
        ]
    );
}

/// `s3:GetObjectVersion` replicates unencrypted and SSE-S3 objects (a note, at its string); the
/// missing `s3:GetObjectVersionAcl` is the error.
#[test]
fn rl303_get_object_version_is_a_note_without_kms_in_every_place() {
    for place in PLACES {
        let t = placed(
            place,
            doc_with(|st| {
                set_actions(
                    &mut st[1],
                    &["s3:GetObjectVersion", "s3:GetObjectVersionTagging"],
                )
            }),
        );
        let actions = yat(&t, "'s3:GetObjectVersion'");
        assert_eq!(
            problems(&yaml_files(&t)),
            vec![d("RL303", actions.clone())],
            "{place:?}"
        );
        assert_eq!(
            all(&yaml_files(&t)),
            vec![d("RL303", actions.clone()), d("RL303", actions)],
            "{place:?}"
        );
    }
}

#[test]
fn rl304_missing_tagging_is_a_warning_in_every_place() {
    for place in PLACES {
        let t = placed(
            place,
            doc_with(|st| {
                set_actions(
                    &mut st[1],
                    &[
                        "s3:GetObjectVersionForReplication",
                        "s3:GetObjectVersionAcl",
                    ],
                )
            }),
        );
        let found = run(&yaml_files(&t));
        assert_eq!(
            list(&found, |f| f.severity >= Severity::Warning),
            vec![d("RL304", yat(&t, "'s3:GetObjectVersionForReplication'"))],
            "{place:?}"
        );
        assert!(
            found
                .iter()
                .filter(|f| f.rule == "RL304")
                .all(|f| f.severity == Severity::Warning)
        );
    }
}

#[test]
fn rl305_missing_replicate_delete_in_every_place() {
    for place in PLACES {
        let t = placed(
            place,
            doc_with(|st| set_actions(&mut st[2], &["s3:ReplicateObject", "s3:ReplicateTags"])),
        );
        assert_eq!(
            problems(&yaml_files(&t)),
            vec![d("RL305", yat(&t, "'s3:ReplicateObject'"))],
            "{place:?}"
        );
    }
}

#[test]
fn rl305_replicate_delete_not_needed_when_delete_markers_are_disabled() {
    let mut t = placed(
        Place::Policy,
        doc_with(|st| set_actions(&mut st[2], &["s3:ReplicateObject", "s3:ReplicateTags"])),
    );
    t.set(
        &path(RULE0, &["DeleteMarkerReplication", "Status"]),
        s("Disabled"),
    );
    assert_eq!(all(&yaml_files(&t)), Vec::<String>::new());
}

#[test]
fn rl305_no_destination_statement_points_at_the_role() {
    let t = placed(
        Place::Policy,
        doc_with(|st| {
            st.remove(2);
        }),
    );
    let role = yat(&t, "Role: !GetAtt");
    assert_eq!(
        with_severity(&yaml_files(&t)),
        vec![
            format!("RL305:error {role}"),
            format!("RL305:error {role}"),
            format!("RL305:info {role}"),
        ]
    );
}

fn with_severity<N2: AsRef<str>, T: AsRef<[u8]>>(files: &[(N2, T)]) -> Vec<String> {
    let mut out: Vec<String> = run(files)
        .into_iter()
        .map(|f| format!("{}:{} {}", f.rule, f.severity.as_str(), f.location))
        .collect();
    out.sort();
    out
}

#[test]
fn rl306_object_actions_on_the_bucket_arn() {
    let t = placed(
        Place::Policy,
        doc_with(|st| {
            st[1].set(&["Resource"], sub("arn:aws:s3:::${AWS::StackName}-src/"));
        }),
    );
    let resource = yat(&t, "!Sub 'arn:aws:s3:::${AWS::StackName}-src/'");
    assert_eq!(problems(&yaml_files(&t)), vec![d("RL306", resource)]);
}

#[test]
fn rl306_object_actions_on_getatt_bucket_arn() {
    let t = edit(complete(), |t| {
        t.set(&path(STATEMENTS, &["1", "Resource"]), getatt("Source.Arn"));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d(
            "RL306",
            yafter(&t, "Sid: SrcObjects", "!GetAtt Source.Arn")
        )]
    );
}

fn deny(sid: &str, actions: &[&str], resource: &str) -> N {
    m(vec![
        ("Sid", s(sid)),
        ("Effect", s("Deny")),
        ("Action", strs(actions)),
        ("Resource", s(resource)),
    ])
}

#[test]
fn rl310_deny_in_every_place_is_a_warning_at_the_deny_statement() {
    for place in PLACES {
        let t = placed(
            place,
            doc_with(|st| st.push(deny("NoReplication", &["s3:Replicate*"], "*"))),
        );
        let found = run(&yaml_files(&t));
        assert_eq!(
            list(&found, |f| f.severity >= Severity::Warning),
            vec![d("RL310", yat(&t, "Sid: NoReplication")),],
            "{place:?}"
        );
        assert!(
            found
                .iter()
                .filter(|f| f.rule == "RL310")
                .all(|f| f.severity == Severity::Warning)
        );
    }
}

#[test]
fn rl310_deny_of_unrelated_actions_passes() {
    let t = placed(
        Place::Policy,
        doc_with(|st| st.push(deny("NoDelete", &["s3:DeleteBucket"], "*"))),
    );
    assert_eq!(all(&yaml_files(&t)), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// RL105-RL108: rule shape
// ---------------------------------------------------------------------------------------------

#[test]
fn rl105_prefix_and_filter() {
    let t = edit(complete(), |t| {
        t.set(&path(RULE0, &["Prefix"]), s("logs/"));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL105", yafter(&t, "Prefix: logs/", "logs/"))]
    );
}

#[test]
fn rl105_neither_prefix_nor_filter_points_at_the_rule() {
    let t = edit(complete(), |t| {
        t.remove(&path(RULE0, &["Filter"]));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL105", yat(&t, "Id: everything"))]
    );
}

#[test]
fn rl105_v1_prefix_rule_alone_passes() {
    let t = edit(complete(), |t| {
        t.remove(&path(RULE0, &["Filter"]));
        t.remove(&path(RULE0, &["Priority"]));
        t.remove(&path(RULE0, &["DeleteMarkerReplication"]));
        t.set(&path(RULE0, &["Prefix"]), s(""));
    });
    assert_eq!(problems(&yaml_files(&t)), Vec::<String>::new());
}

#[test]
fn rl106_filter_with_prefix_and_tag_points_at_the_second_element() {
    let t = edit(complete(), |t| {
        t.set(
            &path(RULE0, &["Filter", "TagFilter"]),
            m(vec![("Key", s("replicate")), ("Value", s("yes-please"))]),
        );
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL106", yat(&t, "TagFilter:"))]
    );
}

#[test]
fn rl106_filter_with_and_passes() {
    let t = edit(complete(), |t| {
        t.set(
            &path(RULE0, &["Filter"]),
            m(vec![(
                "And",
                m(vec![
                    ("Prefix", s("")),
                    (
                        "TagFilters",
                        l(vec![m(vec![
                            ("Key", s("replicate")),
                            ("Value", s("yes-please")),
                        ])]),
                    ),
                ]),
            )]),
        );
        t.set(
            &path(RULE0, &["DeleteMarkerReplication", "Status"]),
            s("Disabled"),
        );
    });
    assert_eq!(problems(&yaml_files(&t)), Vec::<String>::new());
}

#[test]
fn rl107_filter_without_delete_marker_replication() {
    let t = edit(complete(), |t| {
        t.remove(&path(RULE0, &["DeleteMarkerReplication"]));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL107", yat(&t, "Id: everything"))]
    );
}

#[test]
fn rl108_filter_without_priority() {
    let t = edit(complete(), |t| {
        t.remove(&path(RULE0, &["Priority"]));
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL108", yat(&t, "Id: everything"))]
    );
}

// ---------------------------------------------------------------------------------------------
// RL204: creation order and the bucket/role/policy cycle
// ---------------------------------------------------------------------------------------------

fn literal_destination() -> N {
    edit(complete(), |t| {
        t.set(
            &["Resources", "Replica", "Properties", "BucketName"],
            s("example-replica"),
        );
        t.set(DEST, s("arn:aws:s3:::example-replica"));
    })
}

#[test]
fn rl204_literal_destination_arn_without_depends_on() {
    let t = literal_destination();
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL204", yat(&t, "Bucket: arn:aws:s3:::example-replica"))]
    );
}

#[test]
fn rl204_leaves_a_destination_that_is_the_source_itself_to_rl103() {
    let t = edit(complete(), |t| {
        t.set(
            &["Resources", "Source", "Properties", "BucketName"],
            s("example-source"),
        );
        t.set(DEST, s("arn:aws:s3:::example-source"));
    });
    let found = problems(&yaml_files(&t));
    assert!(found.iter().all(|f| !f.starts_with("RL204")), "{found:?}");
    assert!(
        found.contains(&d("RL103", yat(&t, "Bucket: arn:aws:s3:::example-source"))),
        "{found:?}"
    );
}

#[test]
fn rl204_literal_destination_with_depends_on_passes() {
    let t = edit(literal_destination(), |t| {
        t.set(&["Resources", "Source", "DependsOn"], s("Replica"));
    });
    assert_eq!(problems(&yaml_files(&t)), Vec::<String>::new());
    let t = edit(literal_destination(), |t| {
        t.set(&["Resources", "Source", "DependsOn"], strs(&["Replica"]));
    });
    assert_eq!(problems(&yaml_files(&t)), Vec::<String>::new());
}

#[test]
fn rl204_role_inline_policy_referencing_the_source_bucket_is_a_cycle() {
    let t = edit(complete(), |t| {
        t.remove(&["Resources", "ReplicationPolicy"]);
        t.set(
            &["Resources", "ReplicationRole", "Properties", "Policies"],
            l(vec![m(vec![
                ("PolicyName", s("replication")),
                ("PolicyDocument", permissions()),
            ])]),
        );
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d(
            "RL204",
            yafter(&t, "Sid: SrcBucket", "!GetAtt Source.Arn")
        )]
    );
}

#[test]
fn rl204_cycle_through_a_managed_policy_in_managed_policy_arns() {
    let t = edit(complete(), |t| {
        t.set(
            &["Resources", "ReplicationPolicy"],
            m(vec![
                ("Type", s("AWS::IAM::ManagedPolicy")),
                ("Properties", m(vec![("PolicyDocument", permissions())])),
            ]),
        );
        t.set(
            &[
                "Resources",
                "ReplicationRole",
                "Properties",
                "ManagedPolicyArns",
            ],
            l(vec![r#ref("ReplicationPolicy")]),
        );
    });
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d(
            "RL204",
            yafter(&t, "Sid: SrcBucket", "!GetAtt Source.Arn")
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Conditions: If, ImportValue, Condition
// ---------------------------------------------------------------------------------------------

fn with_env_condition(t: &mut N) {
    t.set(
        &["Parameters"],
        m(vec![(
            "Env",
            m(vec![("Type", s("String")), ("Default", s("prod"))]),
        )]),
    );
    t.set(
        &["Conditions"],
        m(vec![(
            "UseReplica",
            f("Equals", l(vec![r#ref("Env"), s("prod")])),
        )]),
    );
}

#[test]
fn if_one_bad_branch_names_the_condition() {
    let t = edit(complete(), |t| {
        with_env_condition(t);
        t.set(
            DEST,
            f(
                "If",
                l(vec![
                    s("UseReplica"),
                    getatt("Replica.Arn"),
                    r#ref("Replica"),
                ]),
            ),
        );
    });
    let found = run(&yaml_files(&t));
    assert_eq!(
        list(&found, |f| f.severity >= Severity::Warning),
        vec![d("RL102", yat(&t, "!If"))]
    );
    let rl102 = found.iter().find(|f| f.rule == "RL102").unwrap();
    assert!(
        rl102
            .message
            .ends_with(" (only when condition `UseReplica` is false)"),
        "{}",
        rl102.message
    );
}

#[test]
fn if_both_branches_good_passes() {
    let t = edit(complete(), |t| {
        with_env_condition(t);
        t.set(
            DEST,
            f(
                "If",
                l(vec![
                    s("UseReplica"),
                    getatt("Replica.Arn"),
                    sub("arn:aws:s3:::${Replica}"),
                ]),
            ),
        );
    });
    assert_eq!(all(&yaml_files(&t)), Vec::<String>::new());
}

#[test]
fn import_value_destination_is_only_rl003() {
    let t = edit(complete(), |t| {
        t.set(DEST, f("ImportValue", s("ReplicaBucketArn")));
    });
    let found = run(&yaml_files(&t));
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|f| f.rule == "RL003" && f.severity == Severity::Info),
        "{found:?}"
    );
    let dest = yat(&t, "Bucket: !ImportValue");
    let role = yat(&t, "Role: !GetAtt");
    assert!(
        found
            .iter()
            .all(|f| f.location == dest || f.location == role),
        "{found:?}"
    );
}

#[test]
fn resource_condition_removes_the_destination_under_one_assignment() {
    // Replica exists only when IsProd; the destination is a literal ARN (not a reference), so
    // when IsProd is true the missing DependsOn is reported, and named.
    let t = edit(literal_destination(), |t| {
        with_env_condition(t);
        t.set(&["Resources", "Replica", "Condition"], s("UseReplica"));
    });
    let found = run(&yaml_files(&t));
    assert_eq!(
        list(&found, |f| f.severity >= Severity::Warning),
        vec![d("RL204", yat(&t, "Bucket: arn:aws:s3:::example-replica"))]
    );
    let rl204 = found.iter().find(|f| f.rule == "RL204").unwrap();
    assert!(
        rl204
            .message
            .ends_with(" (only when condition `UseReplica` is true)"),
        "{}",
        rl204.message
    );
}

#[test]
fn condition_function_correlated_conditions_are_not_independent() {
    let t = edit(complete(), |t| {
        with_env_condition(t);
        t.set(
            &["Conditions", "AlsoReplica"],
            f("Condition", s("UseReplica")),
        );
        t.set(
            &path(SRC, &["VersioningConfiguration", "Status"]),
            f("If", l(vec![s("UseReplica"), s("Enabled"), s("Suspended")])),
        );
        // Replication exists exactly when versioning is Enabled: AlsoReplica == UseReplica.
        let config = t.get_mut(RC).clone();
        t.set(
            RC,
            f(
                "If",
                l(vec![s("AlsoReplica"), config, r#ref("AWS::NoValue")]),
            ),
        );
    });
    assert_eq!(all(&yaml_files(&t)), Vec::<String>::new());
}

#[test]
fn condition_guarding_replication_and_versioning_together_passes() {
    let t = edit(complete(), |t| {
        with_env_condition(t);
        t.set(
            &path(SRC, &["VersioningConfiguration", "Status"]),
            f("If", l(vec![s("UseReplica"), s("Enabled"), s("Suspended")])),
        );
        let config = t.get_mut(RC).clone();
        t.set(
            RC,
            f(
                "If",
                l(vec![s("UseReplica"), config, r#ref("AWS::NoValue")]),
            ),
        );
    });
    assert_eq!(all(&yaml_files(&t)), Vec::<String>::new());
}

#[test]
fn condition_versioning_suspended_in_one_branch_names_the_condition() {
    let t = edit(complete(), |t| {
        with_env_condition(t);
        t.set(
            &path(SRC, &["VersioningConfiguration", "Status"]),
            f("If", l(vec![s("UseReplica"), s("Enabled"), s("Suspended")])),
        );
    });
    let found = run(&yaml_files(&t));
    let messages: Vec<String> = found
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].ends_with("(only when condition `UseReplica` is false)"),
        "{messages:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// YAML (short form) and JSON (long form) agree
// ---------------------------------------------------------------------------------------------

/// (rule, severity, resource, message) of every diagnostic, sorted: positions left out.
fn positionless(files: &[(String, String)]) -> Vec<String> {
    let mut out: Vec<String> = run(files)
        .into_iter()
        .map(|f| {
            format!(
                "{} {} {:?} {}",
                f.rule,
                f.severity.as_str(),
                f.resource,
                f.message
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn yaml_and_json_give_the_same_diagnostics() {
    let templates: Vec<(&str, N)> = vec![
        (
            "rl101 ref",
            edit(complete(), |t| {
                t.set(ROLE, r#ref("ReplicationRole"));
            }),
        ),
        (
            "rl102 join",
            edit(complete(), |t| {
                t.set(DEST, f("Join", l(vec![s(""), strs(&["my-", "bucket"])])));
            }),
        ),
        (
            "rl103 getatt list",
            edit(complete(), |t| {
                t.set(DEST, f("GetAtt", strs(&["Source", "Arn"])));
            }),
        ),
        (
            "rl201",
            edit(complete(), |t| {
                t.remove(&path(SRC, &["VersioningConfiguration"]));
            }),
        ),
        (
            "rl202 sub",
            edit(complete(), |t| {
                t.remove(&[
                    "Resources",
                    "Replica",
                    "Properties",
                    "VersioningConfiguration",
                ]);
                t.set(DEST, sub("arn:aws:s3:::${Replica}"));
            }),
        ),
        (
            "rl301",
            edit(complete(), |t| {
                t.set(
                    &[
                        "Resources",
                        "ReplicationRole",
                        "Properties",
                        "AssumeRolePolicyDocument",
                    ],
                    trust_document("ec2.amazonaws.com"),
                );
            }),
        ),
        (
            "rl302 managed",
            placed(
                Place::ManagedPolicyArns,
                doc_with(|st| set_actions(&mut st[0], &["s3:GetReplicationConfiguration"])),
            ),
        ),
        (
            "rl303 inline",
            placed(
                Place::Inline,
                doc_with(|st| set_actions(&mut st[1], &["s3:GetObjectVersion"])),
            ),
        ),
        (
            "rl305 role policy",
            placed(
                Place::RolePolicy,
                doc_with(|st| {
                    st.remove(2);
                }),
            ),
        ),
        (
            "rl306",
            edit(complete(), |t| {
                t.set(&path(STATEMENTS, &["1", "Resource"]), getatt("Source.Arn"));
            }),
        ),
        (
            "rl310",
            placed(
                Place::Policy,
                doc_with(|st| st.push(deny("NoReplication", &["s3:Replicate*"], "*"))),
            ),
        ),
        (
            "rl105 rl106",
            edit(complete(), |t| {
                t.set(&path(RULE0, &["Prefix"]), s("logs/"));
                t.set(
                    &path(RULE0, &["Filter", "TagFilter"]),
                    m(vec![("Key", s("k")), ("Value", s("v"))]),
                );
            }),
        ),
        (
            "rl107 rl108",
            edit(complete(), |t| {
                t.remove(&path(RULE0, &["Priority"]));
                t.remove(&path(RULE0, &["DeleteMarkerReplication"]));
            }),
        ),
        ("rl204 literal", literal_destination()),
        (
            "rl204 cycle",
            edit(complete(), |t| {
                t.remove(&["Resources", "ReplicationPolicy"]);
                t.set(
                    &["Resources", "ReplicationRole", "Properties", "Policies"],
                    l(vec![m(vec![
                        ("PolicyName", s("p")),
                        ("PolicyDocument", permissions()),
                    ])]),
                );
            }),
        ),
        (
            "if",
            edit(complete(), |t| {
                with_env_condition(t);
                t.set(
                    DEST,
                    f(
                        "If",
                        l(vec![
                            s("UseReplica"),
                            getatt("Replica.Arn"),
                            r#ref("Replica"),
                        ]),
                    ),
                );
            }),
        ),
        (
            "find in map + select/split",
            edit(complete(), |t| {
                t.set(
                    &["Mappings"],
                    m(vec![(
                        "Roles",
                        m(vec![("prod", m(vec![("Name", s("replication"))]))]),
                    )]),
                );
                t.set(ROLE, f("FindInMap", strs(&["Roles", "prod", "Name"])));
                t.set(
                    DEST,
                    f(
                        "Select",
                        l(vec![num(1), f("Split", strs(&[",", "a,my-bucket"]))]),
                    ),
                );
            }),
        ),
        (
            "import value",
            edit(complete(), |t| {
                t.set(DEST, f("ImportValue", s("ReplicaBucketArn")));
            }),
        ),
    ];
    for (name, t) in &templates {
        let from_yaml = positionless(&yaml_files(t));
        assert!(!from_yaml.is_empty(), "{name}: no diagnostics");
        assert_eq!(from_yaml, positionless(&json_files(t)), "{name}");
    }
}

#[test]
fn json_positions_point_into_the_json_intrinsic() {
    let t = edit(complete(), |t| {
        t.set(DEST, r#ref("Replica"));
    });
    let text = json(&t);
    assert_eq!(
        problems(&json_files(&t)),
        vec![d(
            "RL102",
            after(
                "template.json",
                &text,
                "\"Destination\"",
                "{ \"Ref\": \"Replica\" }"
            )
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// SAM and CDK-shaped templates
// ---------------------------------------------------------------------------------------------

fn sam(t: N) -> N {
    edit(t, |t| {
        t.set(&["Transform"], s("AWS::Serverless-2016-10-31"));
        t.set(
            &["Resources", "Handler"],
            m(vec![
                ("Type", s("AWS::Serverless::Function")),
                (
                    "Properties",
                    m(vec![
                        ("Runtime", s("python3.12")),
                        ("Handler", s("app.handler")),
                        ("CodeUri", s("src/")),
                    ]),
                ),
            ]),
        );
    })
}

#[test]
fn sam_template_lints_like_a_plain_template() {
    assert_eq!(all(&yaml_files(&sam(complete()))), Vec::<String>::new());
    let t = sam(edit(complete(), |t| {
        t.remove(&path(SRC, &["VersioningConfiguration"]));
    }));
    assert_eq!(
        problems(&yaml_files(&t)),
        vec![d("RL201", yat(&t, "ReplicationConfiguration:"))]
    );
}

const CDK: &str = r#"{
  "Resources": {
    "ReplicaBucket4A3B2C1D": {
      "Type": "AWS::S3::Bucket",
      "Properties": { "VersioningConfiguration": { "Status": "Enabled" } },
      "UpdateReplacePolicy": "Retain",
      "DeletionPolicy": "Retain",
      "Metadata": { "aws:cdk:path": "Stack/Replica/Resource" }
    },
    "ReplicationRoleCE149CEC": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Statement": [
            { "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": { "Service": "s3.amazonaws.com" } }
          ],
          "Version": "2012-10-17"
        }
      },
      "Metadata": { "aws:cdk:path": "Stack/ReplicationRole/Resource" }
    },
    "ReplicationRoleDefaultPolicy80AD49F4": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "PolicyDocument": {
          "Statement": [
            {
              "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"],
              "Effect": "Allow",
              "Resource": { "Fn::GetAtt": ["SourceBucketDDD2130A", "Arn"] }
            },
            {
              "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
              "Effect": "Allow",
              "Resource": { "Fn::Join": ["", [{ "Fn::GetAtt": ["SourceBucketDDD2130A", "Arn"] }, "/*"]] }
            },
            {
              "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
              "Effect": "Allow",
              "Resource": { "Fn::Join": ["", [{ "Fn::GetAtt": ["ReplicaBucket4A3B2C1D", "Arn"] }, "/*"]] }
            }
          ],
          "Version": "2012-10-17"
        },
        "PolicyName": "ReplicationRoleDefaultPolicy80AD49F4",
        "Roles": [{ "Ref": "ReplicationRoleCE149CEC" }]
      }
    },
    "SourceBucketDDD2130A": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "ReplicationConfiguration": {
          "Role": { "Fn::GetAtt": ["ReplicationRoleCE149CEC", "Arn"] },
          "Rules": [
            {
              "DeleteMarkerReplication": { "Status": "Enabled" },
              "Destination": { "Bucket": { "Fn::GetAtt": ["ReplicaBucket4A3B2C1D", "Arn"] } },
              "Filter": { "Prefix": "" },
              "Priority": 0,
              "Status": "Enabled"
            }
          ]
        },
        "VersioningConfiguration": { "Status": "Enabled" }
      },
      "Metadata": { "aws:cdk:path": "Stack/Source/Resource" }
    },
    "CDKMetadata": {
      "Type": "AWS::CDK::Metadata",
      "Properties": { "Analytics": "v2:deflate64:H4sIAAAAAAAA" }
    }
  },
  "Parameters": {
    "BootstrapVersion": { "Type": "AWS::SSM::Parameter::Value<String>", "Default": "/cdk-bootstrap/hnb659fds/version" }
  }
}
"#;

#[test]
fn cdk_template_lints_like_a_plain_template() {
    let files = [("Stack.template.json", CDK.to_string())];
    assert_eq!(all(&files), Vec::<String>::new());
    let broken = CDK.replace(
        r#""s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl""#,
        r#""s3:GetObject", "s3:GetObjectVersionAcl""#,
    );
    let files = [("Stack.template.json", broken.clone())];
    let actions = at("Stack.template.json", &broken, r#""s3:GetObject","#);
    assert_eq!(problems(&files), vec![d("RL303", actions)]);
    let unversioned = CDK.replace(
        r#""Properties": { "VersioningConfiguration": { "Status": "Enabled" } },"#,
        r#""Properties": {},"#,
    );
    let files = [("Stack.template.json", unversioned.clone())];
    assert_eq!(
        problems(&files),
        vec![d(
            "RL202",
            after(
                "Stack.template.json",
                &unversioned,
                "\"Destination\"",
                "\"Bucket\""
            )
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------------

fn rl201_template() -> String {
    yaml(&edit(complete(), |t| {
        t.remove(&path(SRC, &["VersioningConfiguration"]));
    }))
}

#[test]
fn rl001_malformed_yaml_is_located_and_the_other_template_is_still_linted() {
    let broken = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: [unclosed\n";
    let good = rl201_template();
    let files = [
        ("broken.yaml", broken.to_string()),
        ("good.yaml", good.clone()),
    ];
    let run = lint_files(&files);
    let rl001: Vec<&Found> = run.found.iter().filter(|f| f.rule == "RL001").collect();
    assert_eq!(rl001.len(), 1, "{:?}", run.found);
    assert!(
        rl001[0].location.starts_with("broken.yaml:"),
        "{:?}",
        rl001[0]
    );
    assert_eq!(rl001[0].severity, Severity::Error);
    assert_eq!(
        list(&run.found, |f| f.rule != "RL001"
            && f.severity >= Severity::Warning),
        vec![d(
            "RL201",
            at("good.yaml", &good, "ReplicationConfiguration:")
        )]
    );
    assert_eq!(run.summary.parse_errors, 1);
}

#[test]
fn rl001_malformed_json_is_located_at_the_error() {
    let broken =
        "{\n  \"Resources\": {\n    \"Bucket\": { \"Type\": \"AWS::S3::Bucket\", }\n  }\n}\n";
    let good = rl201_template();
    let files = [
        ("broken.json", broken.to_string()),
        ("good.yaml", good.clone()),
    ];
    let run = lint_files(&files);
    let rl001 = list(&run.found, |f| f.rule == "RL001");
    // A trailing comma: the error is at the `}` that follows it.
    assert_eq!(
        rl001,
        vec![d("RL001", after("broken.json", broken, ", }", "}"))]
    );
    assert_eq!(
        list(&run.found, |f| f.rule == "RL201"),
        vec![d(
            "RL201",
            at("good.yaml", &good, "ReplicationConfiguration:")
        )]
    );
}

#[test]
fn files_that_are_not_templates_are_skipped_and_counted() {
    let workflow = "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test\n";
    let package = "{ \"name\": \"x\", \"version\": \"1.0.0\", \"dependencies\": {} }\n";
    let files = [
        ("ci.yml", workflow.to_string()),
        ("package.json", package.to_string()),
        ("template.yaml", yaml(&complete())),
    ];
    let run = lint_files(&files);
    assert_eq!(list(&run.found, |_| true), Vec::<String>::new());
    assert_eq!(run.summary.files_skipped, 2);
    assert_eq!(run.summary.files_linted, 1);
}

#[test]
fn tabs_bom_crlf_and_invalid_utf8_never_panic() {
    let good = yaml(&complete());
    let crlf = good.replace('\n', "\r\n");
    let bom = format!("\u{feff}{good}");
    let tabs = good.replacen("  Replica:", "\tReplica:", 1);
    let mut latin1 = good.clone().into_bytes();
    latin1.extend_from_slice(b"# caf\xe9\n");
    let files: Vec<(String, Vec<u8>)> = vec![
        ("crlf.yaml".into(), crlf.into_bytes()),
        ("bom.yaml".into(), bom.into_bytes()),
        ("tabs.yaml".into(), tabs.into_bytes()),
        ("latin1.yaml".into(), latin1),
    ];
    let found = run(&files);
    // CRLF, BOM and a stray byte in a comment change nothing; a tab indentation is a parse error.
    let problems: Vec<String> = list(&found, |f| f.severity >= Severity::Warning);
    assert!(
        problems.iter().all(|p| p.starts_with("RL001 tabs.yaml:")),
        "{problems:?}"
    );
}

#[test]
fn bom_and_crlf_keep_positions() {
    let t = edit(complete(), |t| {
        t.set(ROLE, r#ref("ReplicationRole"));
    });
    let text = yaml(&t);
    let expected = yafter(&t, "Role: !Ref", "!Ref");
    for (name, body) in [
        ("template.yaml", format!("\u{feff}{text}")),
        ("template.yaml", text.replace('\n', "\r\n")),
    ] {
        assert_eq!(
            problems(&[(name, body)]),
            vec![d("RL101", expected.clone())]
        );
    }
}

#[test]
fn ten_thousand_deep_nesting_never_panics() {
    let deep_yaml = format!(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let deep_json = format!(
        "{{\"Resources\": {{\"Bucket\": {{\"Type\": \"AWS::S3::Bucket\", \"Properties\": {{\"Tags\": {}{}}}}}}}}}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let deep_tags = format!(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: {}x\n",
        "!Base64 ".repeat(10_000)
    );
    for (name, text) in [
        ("deep.yaml", deep_yaml),
        ("deep.json", deep_json),
        ("tags.yaml", deep_tags),
    ] {
        let found = run(&[(name, text)]);
        assert!(found.len() <= 1, "{name}: {found:?}");
        assert!(found.iter().all(|f| f.rule == "RL001"), "{name}: {found:?}");
    }
}

#[test]
fn duplicate_key_is_an_rl001_warning_at_the_second_key() {
    let text = yaml(&complete()).replacen(
        "    Type: AWS::S3::Bucket\n",
        "    Type: AWS::S3::Bucket\n    Type: AWS::S3::Bucket\n",
        1,
    );
    let files = [("template.yaml", text.clone())];
    let found = run(&files);
    let offset = text.find("    Type: AWS::S3::Bucket\n    Type").unwrap()
        + "    Type: AWS::S3::Bucket\n    ".len();
    let (line, col) = line_col(&text, offset);
    assert_eq!(
        list(&found, |_| true),
        vec![format!("RL001 template.yaml:{line}:{col}")]
    );
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn alias_bomb_is_rl001() {
    let mut text = String::from(
        "AWSTemplateFormatVersion: '2010-09-09'\nx0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!(
            "x{i}: &a{i} [{}]\n",
            [prev.as_str(); 9].join(", ")
        ));
    }
    text.push_str(
        "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: *a9\n",
    );
    let found = run(&[("bomb.yaml", text)]);
    assert_eq!(
        found.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(),
        vec!["RL001"],
        "{found:?}"
    );
}
