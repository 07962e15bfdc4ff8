//! Rule tests over Terraform: every rule, in the standalone and the legacy inline replication
//! shape, with role policies written in every supported form. Each test asserts the exact list of
//! `RLxxx file:line:col` (primary span start, 1-based) that the linter reports.
//!
//! Expected positions are computed from the fixture text with small locators (`at`, `after`)
//! so that each expectation says *what* the diagnostic points at, and is still an exact position.

#[path = "support/record.rs"]
mod record;

use repl_lint::diagnostic::Severity;
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

/// Every diagnostic as (rule, severity, "file:line:col"), for files written into a temp dir.
fn run<N: AsRef<str>, T: AsRef<str>>(files: &[(N, T)]) -> Vec<(String, Severity, String)> {
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
    outcome
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
            (
                d.rule.to_string(),
                d.severity,
                format!("{name}:{}:{}", start.line, start.column),
            )
        })
        .collect()
}

/// Sorted `RLxxx file:line:col` of every diagnostic at or above `min`.
fn at_least<N: AsRef<str>, T: AsRef<str>>(files: &[(N, T)], min: Severity) -> Vec<String> {
    let mut out: Vec<String> = run(files)
        .into_iter()
        .filter(|(_, s, _)| *s >= min)
        .map(|(r, _, l)| format!("{r} {l}"))
        .collect();
    out.sort();
    out
}

/// Sorted `RLxxx file:line:col` of every diagnostic of `rule`.
fn of_rule<N: AsRef<str>, T: AsRef<str>>(files: &[(N, T)], rule: &str) -> Vec<String> {
    let mut out: Vec<String> = run(files)
        .into_iter()
        .filter(|(r, _, _)| r == rule)
        .map(|(r, _, l)| format!("{r} {l}"))
        .collect();
    out.sort();
    out
}

/// Sorted `RLxxx:severity file:line:col` of every diagnostic (to check severities).
fn with_severity<N: AsRef<str>, T: AsRef<str>>(files: &[(N, T)]) -> Vec<String> {
    let mut out: Vec<String> = run(files)
        .into_iter()
        .map(|(r, s, l)| format!("{r}:{} {l}", s.as_str()))
        .collect();
    out.sort();
    out
}

fn all<N: AsRef<str>, T: AsRef<str>>(files: &[(N, T)]) -> Vec<String> {
    at_least(files, Severity::Info)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn text_of<'a, N: AsRef<str>, T: AsRef<str>>(files: &'a [(N, T)], file: &str) -> &'a str {
    files
        .iter()
        .find(|(n, _)| n.as_ref() == file)
        .unwrap_or_else(|| panic!("no file {file}"))
        .1
        .as_ref()
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

/// `file:line:col` of the only occurrence of `needle` in `file`.
fn at<N: AsRef<str>, T: AsRef<str>>(files: &[(N, T)], file: &str, needle: &str) -> String {
    let text = text_of(files, file);
    let mut hits = text.match_indices(needle);
    let (offset, _) = hits
        .next()
        .unwrap_or_else(|| panic!("`{needle}` not in {file}"));
    assert!(hits.next().is_none(), "`{needle}` is not unique in {file}");
    let (l, c) = line_col(text, offset);
    format!("{file}:{l}:{c}")
}

/// `file:line:col` of the first `needle` after the only occurrence of `anchor`.
fn after<N: AsRef<str>, T: AsRef<str>>(
    files: &[(N, T)],
    file: &str,
    anchor: &str,
    needle: &str,
) -> String {
    let text = text_of(files, file);
    assert_eq!(
        text.matches(anchor).count(),
        1,
        "`{anchor}` is not unique in {file}"
    );
    let base = text.find(anchor).unwrap();
    let offset = base
        + text[base..]
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` not after `{anchor}` in {file}"));
    let (l, c) = line_col(text, offset);
    format!("{file}:{l}:{c}")
}

/// `file:line:col` of the last `needle` before the only occurrence of `anchor`.
fn before<N: AsRef<str>, T: AsRef<str>>(
    files: &[(N, T)],
    file: &str,
    anchor: &str,
    needle: &str,
) -> String {
    let text = text_of(files, file);
    assert_eq!(
        text.matches(anchor).count(),
        1,
        "`{anchor}` is not unique in {file}"
    );
    let base = text.find(anchor).unwrap();
    let offset = text[..base]
        .rfind(needle)
        .unwrap_or_else(|| panic!("`{needle}` not before `{anchor}` in {file}"));
    let (l, c) = line_col(text, offset);
    format!("{file}:{l}:{c}")
}

fn d(rule: &str, location: String) -> String {
    format!("{rule} {location}")
}

fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Fixtures: buckets, replication configuration (two shapes), role (four policy forms)
// ---------------------------------------------------------------------------------------------

const BUCKETS: &str = r#"resource "aws_s3_bucket" "src" {
  bucket = "my-src"
}

resource "aws_s3_bucket_versioning" "src" {
  bucket = aws_s3_bucket.src.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "dst" {
  bucket = "my-dst"
}

resource "aws_s3_bucket_versioning" "dst" {
  bucket = aws_s3_bucket.dst.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#;

const REPLICATION: &str = r#"resource "aws_s3_bucket_replication_configuration" "repl" {
  depends_on = [aws_s3_bucket_versioning.src, aws_s3_bucket_versioning.dst]

  role = aws_iam_role.replication.arn
  bucket = aws_s3_bucket.src.id

  rule {
    id     = "all"
    status = "Enabled"

    filter {}

    delete_marker_replication {
      status = "Enabled"
    }

    destination {
      bucket = aws_s3_bucket.dst.arn
    }
  }
}
"#;

/// Legacy provider-v3 shape: versioning and replication inline in `aws_s3_bucket`.
const INLINE_BUCKETS: &str = r#"resource "aws_s3_bucket" "src" {
  bucket = "my-src"

  versioning {
    enabled = true
  }

  replication_configuration {
    role = aws_iam_role.replication.arn

    rules {
      id     = "all"
      status = "Enabled"

      filter {}

      delete_marker_replication_status = "Enabled"

      destination {
        bucket = aws_s3_bucket.dst.arn
      }
    }
  }
}

resource "aws_s3_bucket" "dst" {
  bucket = "my-dst"

  versioning {
    enabled = true
  }
}
"#;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    Standalone,
    Inline,
}

const SHAPES: [Shape; 2] = [Shape::Standalone, Shape::Inline];

/// The file that holds the replication configuration in a shape.
fn repl_file(shape: Shape) -> &'static str {
    match shape {
        Shape::Standalone => "replication.tf",
        Shape::Inline => "buckets.tf",
    }
}

/// Buckets and replication configuration of a shape (the replication text may be rewritten).
fn shape_files(shape: Shape, edit: &dyn Fn(&str) -> String) -> Vec<(String, String)> {
    match shape {
        Shape::Standalone => vec![
            ("buckets.tf".into(), BUCKETS.into()),
            ("replication.tf".into(), edit(REPLICATION)),
        ],
        Shape::Inline => vec![("buckets.tf".into(), edit(INLINE_BUCKETS))],
    }
}

/// How a policy document is written.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Form {
    /// `data "aws_iam_policy_document"`.
    Doc,
    /// `jsonencode({...})`.
    Jsonencode,
    /// `<<EOF` JSON.
    Heredoc,
    /// `<<-EOF` indented JSON.
    IndentedHeredoc,
}

const FORMS: [Form; 4] = [
    Form::Doc,
    Form::Jsonencode,
    Form::Heredoc,
    Form::IndentedHeredoc,
];

/// How the permission policy reaches the role.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Attach {
    /// `aws_iam_role_policy`.
    RolePolicy,
    /// `aws_iam_policy` + `aws_iam_role_policy_attachment`.
    RolePolicyAttachment,
    /// `aws_iam_policy` + `aws_iam_policy_attachment { roles = [...] }`.
    PolicyAttachment,
    /// `aws_iam_role.inline_policy`.
    InlinePolicy,
    /// `aws_iam_policy` + `aws_iam_role.managed_policy_arns`.
    ManagedPolicyArns,
}

/// The attachment each form is tested with in the per-rule tables.
fn attach_for(form: Form) -> Attach {
    match form {
        Form::Doc => Attach::RolePolicy,
        Form::Jsonencode => Attach::RolePolicyAttachment,
        Form::Heredoc => Attach::RolePolicy,
        Form::IndentedHeredoc => Attach::InlinePolicy,
    }
}

/// One policy statement. Resources: `SRC`, `DST` (bucket ARNs by reference), `SRC/...`,
/// `DST/...` (interpolated), anything else a literal string.
#[derive(Clone, Debug)]
struct St {
    sid: String,
    deny: bool,
    actions: Vec<String>,
    resources: Vec<String>,
    service: Option<String>,
    condition: Option<(String, String, String)>,
}

fn st(sid: &str, actions: &[&str], resources: &[&str]) -> St {
    St {
        sid: sid.into(),
        deny: false,
        actions: actions.iter().map(|s| s.to_string()).collect(),
        resources: resources.iter().map(|s| s.to_string()).collect(),
        service: None,
        condition: None,
    }
}

impl St {
    fn deny(mut self) -> St {
        self.deny = true;
        self
    }
    fn service(mut self, s: &str) -> St {
        self.service = Some(s.into());
        self
    }
    fn cond(mut self, test: &str, var: &str, value: &str) -> St {
        self.condition = Some((test.into(), var.into(), value.into()));
        self
    }
}

fn trust_ok() -> Vec<St> {
    vec![st("SidTrust", &["sts:AssumeRole"], &[]).service("s3.amazonaws.com")]
}

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

fn perms_ok() -> Vec<St> {
    vec![
        st("SidSrcBucket", &SRC_BUCKET_ACTIONS, &["SRC"]),
        st("SidSrcObjects", &SRC_OBJECT_ACTIONS, &["SRC/*"]),
        st("SidDstObjects", &DST_OBJECT_ACTIONS, &["DST/*"]),
    ]
}

fn quote_list(items: &[String]) -> String {
    items
        .iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn res_hcl(r: &str) -> String {
    match r {
        "SRC" => "aws_s3_bucket.src.arn".into(),
        "DST" => "aws_s3_bucket.dst.arn".into(),
        _ => match r.split_once('/') {
            Some(("SRC", rest)) => format!("\"${{aws_s3_bucket.src.arn}}/{rest}\""),
            Some(("DST", rest)) => format!("\"${{aws_s3_bucket.dst.arn}}/{rest}\""),
            _ => format!("\"{r}\""),
        },
    }
}

fn res_json(r: &str) -> String {
    match r {
        "SRC" => "\"${aws_s3_bucket.src.arn}\"".into(),
        "DST" => "\"${aws_s3_bucket.dst.arn}\"".into(),
        _ => match r.split_once('/') {
            Some(("SRC", rest)) => format!("\"${{aws_s3_bucket.src.arn}}/{rest}\""),
            Some(("DST", rest)) => format!("\"${{aws_s3_bucket.dst.arn}}/{rest}\""),
            _ => format!("\"{r}\""),
        },
    }
}

fn effect(s: &St) -> &'static str {
    if s.deny { "Deny" } else { "Allow" }
}

fn doc_statement(s: &St) -> String {
    let mut out = format!(
        "  statement {{\n    sid     = \"{}\"\n    effect  = \"{}\"\n    actions = [{}]\n",
        s.sid,
        effect(s),
        quote_list(&s.actions)
    );
    if !s.resources.is_empty() {
        let rs: Vec<String> = s.resources.iter().map(|r| res_hcl(r)).collect();
        out.push_str(&format!("    resources = [{}]\n", rs.join(", ")));
    }
    if let Some(service) = &s.service {
        out.push_str(&format!(
            "\n    principals {{\n      type        = \"Service\"\n      identifiers = [\"{service}\"]\n    }}\n"
        ));
    }
    if let Some((test, var, value)) = &s.condition {
        out.push_str(&format!(
            "\n    condition {{\n      test     = \"{test}\"\n      variable = \"{var}\"\n      values   = [\"{value}\"]\n    }}\n"
        ));
    }
    out.push_str("  }\n");
    out
}

fn jsonencode_statement(s: &St) -> String {
    let mut out = format!(
        "      {{\n        Sid    = \"{}\"\n        Effect = \"{}\"\n        Action = [{}]\n",
        s.sid,
        effect(s),
        quote_list(&s.actions)
    );
    if !s.resources.is_empty() {
        let rs: Vec<String> = s.resources.iter().map(|r| res_hcl(r)).collect();
        out.push_str(&format!("        Resource = [{}]\n", rs.join(", ")));
    }
    if let Some(service) = &s.service {
        out.push_str(&format!(
            "        Principal = {{ Service = \"{service}\" }}\n"
        ));
    }
    if let Some((test, var, value)) = &s.condition {
        out.push_str(&format!(
            "        Condition = {{ {test} = {{ \"{var}\" = \"{value}\" }} }}\n"
        ));
    }
    out.push_str("      },\n");
    out
}

fn json_statement(s: &St, indent: &str) -> String {
    let mut fields = vec![
        format!("\"Sid\": \"{}\"", s.sid),
        format!("\"Effect\": \"{}\"", effect(s)),
        format!("\"Action\": [{}]", quote_list(&s.actions)),
    ];
    if !s.resources.is_empty() {
        let rs: Vec<String> = s.resources.iter().map(|r| res_json(r)).collect();
        fields.push(format!("\"Resource\": [{}]", rs.join(", ")));
    }
    if let Some(service) = &s.service {
        fields.push(format!("\"Principal\": {{ \"Service\": \"{service}\" }}"));
    }
    if let Some((test, var, value)) = &s.condition {
        fields.push(format!(
            "\"Condition\": {{ \"{test}\": {{ \"{var}\": \"{value}\" }} }}"
        ));
    }
    let inner: Vec<String> = fields
        .iter()
        .map(|f| format!("{indent}      {f}"))
        .collect();
    format!("{indent}    {{\n{}\n{indent}    }}", inner.join(",\n"))
}

/// A policy as (extra top-level blocks, expression).
fn policy(form: Form, name: &str, stmts: &[St]) -> (String, String) {
    match form {
        Form::Doc => {
            let body: String = stmts.iter().map(doc_statement).collect();
            (
                format!("data \"aws_iam_policy_document\" \"{name}\" {{\n{body}}}\n\n"),
                format!("data.aws_iam_policy_document.{name}.json"),
            )
        }
        Form::Jsonencode => {
            let body: String = stmts.iter().map(jsonencode_statement).collect();
            (
                String::new(),
                format!(
                    "jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [\n{body}    ]\n  }})"
                ),
            )
        }
        Form::Heredoc | Form::IndentedHeredoc => {
            let (indent, open) = match form {
                Form::Heredoc => ("", "<<EOF"),
                _ => ("    ", "<<-EOF"),
            };
            let body: Vec<String> = stmts.iter().map(|s| json_statement(s, indent)).collect();
            (
                String::new(),
                format!(
                    "{open}\n{indent}{{\n{indent}  \"Version\": \"2012-10-17\",\n{indent}  \"Statement\": [\n{}\n{indent}  ]\n{indent}}}\n{indent}EOF",
                    body.join(",\n")
                ),
            )
        }
    }
}

/// The IAM file: the role `aws_iam_role.replication` (name `replication`) with a trust policy
/// and a permission policy, both in `form`, the permissions attached as `attach`.
fn iam(form: Form, attach: Attach, trust: &[St], perms: &[St]) -> String {
    let (trust_pre, trust_expr) = policy(form, "trust", trust);
    let (perm_pre, perm_expr) = policy(form, "perms", perms);
    let mut out = format!("{trust_pre}{perm_pre}");
    let inline = if attach == Attach::InlinePolicy {
        format!(
            "\n  inline_policy {{\n    name   = \"replication\"\n    policy = {perm_expr}\n  }}\n"
        )
    } else {
        String::new()
    };
    let managed_arns = if attach == Attach::ManagedPolicyArns {
        "  managed_policy_arns = [aws_iam_policy.perms.arn]\n"
    } else {
        ""
    };
    out.push_str(&format!(
        "resource \"aws_iam_role\" \"replication\" {{\n  name               = \"replication\"\n  assume_role_policy = {trust_expr}\n{managed_arns}{inline}}}\n"
    ));
    let managed = format!(
        "\nresource \"aws_iam_policy\" \"perms\" {{\n  name   = \"replication\"\n  policy = {perm_expr}\n}}\n"
    );
    match attach {
        Attach::RolePolicy => out.push_str(&format!(
            "\nresource \"aws_iam_role_policy\" \"perms\" {{\n  name   = \"replication\"\n  role   = aws_iam_role.replication.id\n  policy = {perm_expr}\n}}\n"
        )),
        Attach::RolePolicyAttachment => {
            out.push_str(&managed);
            out.push_str("\nresource \"aws_iam_role_policy_attachment\" \"perms\" {\n  role       = aws_iam_role.replication.name\n  policy_arn = aws_iam_policy.perms.arn\n}\n");
        }
        Attach::PolicyAttachment => {
            out.push_str(&managed);
            out.push_str("\nresource \"aws_iam_policy_attachment\" \"perms\" {\n  name       = \"replication\"\n  roles      = [aws_iam_role.replication.name]\n  policy_arn = aws_iam_policy.perms.arn\n}\n");
        }
        Attach::ManagedPolicyArns => out.push_str(&managed),
        Attach::InlinePolicy => {}
    }
    out
}

/// A full setup: buckets, replication of `shape`, and the IAM file.
fn setup(
    shape: Shape,
    form: Form,
    attach: Attach,
    trust: &[St],
    perms: &[St],
) -> Vec<(String, String)> {
    let mut out = shape_files(shape, &|s| s.to_string());
    out.push(("iam.tf".into(), iam(form, attach, trust, perms)));
    out
}

/// Where a statement starts: `{` in JSON, the `statement` keyword in a policy document.
fn stmt_start(files: &[(String, String)], form: Form, sid: &str) -> String {
    let anchor = format!("\"{sid}\"");
    let needle = if form == Form::Doc { "statement" } else { "{" };
    before(files, "iam.tf", &anchor, needle)
}

/// The first character of string `needle` (quoted) inside statement `sid`.
fn in_stmt(files: &[(String, String)], sid: &str, needle: &str) -> String {
    after(files, "iam.tf", &format!("\"{sid}\""), needle)
}

/// The configuration's `role = ...` attribute.
fn role_attr(files: &[(String, String)], shape: Shape) -> String {
    at(files, repl_file(shape), "role = aws_iam_role")
}

fn cases() -> Vec<(Shape, Form)> {
    SHAPES
        .iter()
        .flat_map(|&s| FORMS.iter().map(move |&f| (s, f)))
        .collect()
}

fn ctx(shape: Shape, form: Form) -> String {
    format!("{shape:?} / {form:?} / {:?}", attach_for(form))
}

// ---------------------------------------------------------------------------------------------
// Complete correct setups
// ---------------------------------------------------------------------------------------------

#[test]
fn complete_same_account_setup_has_no_diagnostics_in_every_shape_form_and_attachment() {
    for shape in SHAPES {
        for form in FORMS {
            for attach in [
                Attach::RolePolicy,
                Attach::RolePolicyAttachment,
                Attach::PolicyAttachment,
                Attach::InlinePolicy,
                Attach::ManagedPolicyArns,
            ] {
                let f = setup(shape, form, attach, &trust_ok(), &perms_ok());
                assert_eq!(
                    all(&f),
                    Vec::<String>::new(),
                    "{shape:?} / {form:?} / {attach:?}"
                );
            }
        }
    }
}

#[test]
fn complete_setup_in_one_file_has_no_diagnostics() {
    let text = format!(
        "{BUCKETS}\n{REPLICATION}\n{}",
        iam(Form::Doc, Attach::RolePolicy, &trust_ok(), &perms_ok())
    );
    assert_eq!(all(&[("main.tf", text.as_str())]), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// RL301 role-trust
// ---------------------------------------------------------------------------------------------

#[test]
fn rl301_trust_naming_another_service_points_at_that_service() {
    for (shape, form) in cases() {
        let trust = vec![st("SidTrust", &["sts:AssumeRole"], &[]).service("ec2.amazonaws.com")];
        let f = setup(shape, form, attach_for(form), &trust, &perms_ok());
        assert_eq!(
            all(&f),
            vec![d("RL301", at(&f, "iam.tf", "\"ec2.amazonaws.com\""))],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl301_trust_without_assume_role_points_at_the_action() {
    for (shape, form) in cases() {
        let trust = vec![st("SidTrust", &["sts:TagSession"], &[]).service("s3.amazonaws.com")];
        let f = setup(shape, form, attach_for(form), &trust, &perms_ok());
        assert_eq!(
            all(&f),
            vec![d("RL301", at(&f, "iam.tf", "\"sts:TagSession\""))],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl301_trust_with_source_account_condition_passes() {
    for (shape, form) in cases() {
        let trust = vec![
            st("SidTrust", &["sts:AssumeRole"], &[])
                .service("s3.amazonaws.com")
                .cond("StringEquals", "aws:SourceAccount", "123456789012"),
        ];
        let f = setup(shape, form, attach_for(form), &trust, &perms_ok());
        assert_eq!(all(&f), Vec::<String>::new(), "{}", ctx(shape, form));
    }
}

// ---------------------------------------------------------------------------------------------
// RL302 role-source-bucket-permissions
// ---------------------------------------------------------------------------------------------

#[test]
fn rl302_missing_list_bucket_points_at_the_statement_covering_the_bucket() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[0] = st(
            "SidSrcBucket",
            &["s3:GetReplicationConfiguration"],
            &["SRC"],
        );
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(
            all(&f),
            vec![d(
                "RL302",
                in_stmt(&f, "SidSrcBucket", "\"s3:GetReplicationConfiguration\"")
            )],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl302_no_statement_on_the_bucket_points_at_the_role_attribute() {
    for (shape, form) in cases() {
        let perms = perms_ok()[1..].to_vec();
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        let role = role_attr(&f, shape);
        assert_eq!(
            all(&f),
            vec![d("RL302", role.clone()), d("RL302", role)],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl302_condition_on_the_only_grant_is_a_warning_at_the_statement() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[0] = perms[0]
            .clone()
            .cond("StringEquals", "aws:SourceAccount", "123456789012");
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        let start = stmt_start(&f, form, "SidSrcBucket");
        assert_eq!(
            with_severity(&f),
            vec![
                format!("RL302:warning {start}"),
                format!("RL302:warning {start}")
            ],
            "{}",
            ctx(shape, form)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// RL303 role-source-object-permissions
// ---------------------------------------------------------------------------------------------

/// `s3:GetObjectVersion` replicates unencrypted and SSE-S3 objects but not SSE-KMS ones (S3 User
/// Guide, "Setting up permissions"): without KMS selection it is a note at its string.
#[test]
fn rl303_get_object_version_instead_of_for_replication_is_a_note_without_kms() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[1] = st(
            "SidSrcObjects",
            &[
                "s3:GetObjectVersion",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectVersionTagging",
            ],
            &["SRC/*"],
        );
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(
            with_severity(&f),
            vec![format!(
                "RL303:info {}",
                in_stmt(&f, "SidSrcObjects", "\"s3:GetObjectVersion\"")
            )],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl303_no_statement_on_source_objects_points_at_the_role_attribute() {
    for (shape, form) in cases() {
        let perms = vec![perms_ok()[0].clone(), perms_ok()[2].clone()];
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        let role = role_attr(&f, shape);
        assert_eq!(
            with_severity(&f),
            vec![
                format!("RL303:error {role}"),
                format!("RL303:error {role}"),
                format!("RL304:warning {role}"),
            ],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl303_wildcard_actions_are_accepted() {
    for (shape, form) in cases() {
        let perms = vec![
            st("SidSrc", &["s3:Get*", "s3:List*"], &["SRC", "SRC/*"]),
            st("SidDst", &["s3:*"], &["DST/*"]),
        ];
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(all(&f), Vec::<String>::new(), "{}", ctx(shape, form));
        let star = vec![st("SidAll", &["*"], &["*"])];
        let f = setup(shape, form, attach_for(form), &trust_ok(), &star);
        assert_eq!(all(&f), Vec::<String>::new(), "{}", ctx(shape, form));
    }
}

#[test]
fn rl303_action_wildcard_that_does_not_cover_is_not_accepted() {
    // `s3:GetObjectVersion*` covers all three source object actions; `s3:GetObject` alone none.
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[1] = st("SidSrcObjects", &["s3:GetObjectVersion*"], &["SRC/*"]);
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(all(&f), Vec::<String>::new(), "{}", ctx(shape, form));
        perms[1] = st("SidSrcObjects", &["s3:GetObject"], &["SRC/*"]);
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        let list = in_stmt(&f, "SidSrcObjects", "\"s3:GetObject\"");
        assert_eq!(
            with_severity(&f),
            sorted(vec![
                format!("RL303:error {list}"),
                format!("RL303:error {list}"),
                format!("RL304:warning {list}"),
            ]),
            "{}",
            ctx(shape, form)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// RL304 role-source-tagging-permission
// ---------------------------------------------------------------------------------------------

#[test]
fn rl304_missing_tagging_is_a_warning_at_the_statement_actions() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[1] = st("SidSrcObjects", &SRC_OBJECT_ACTIONS[..2], &["SRC/*"]);
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(
            with_severity(&f),
            vec![format!(
                "RL304:warning {}",
                in_stmt(&f, "SidSrcObjects", "\"s3:GetObjectVersionForReplication\"")
            )],
            "{}",
            ctx(shape, form)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// RL305 role-destination-permissions
// ---------------------------------------------------------------------------------------------

#[test]
fn rl305_missing_replicate_delete_with_delete_markers_enabled() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[2] = st(
            "SidDstObjects",
            &["s3:ReplicateObject", "s3:ReplicateTags"],
            &["DST/*"],
        );
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(
            with_severity(&f),
            vec![format!(
                "RL305:error {}",
                in_stmt(&f, "SidDstObjects", "\"s3:ReplicateObject\"")
            )],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl305_replicate_delete_not_needed_when_delete_markers_are_disabled() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[2] = st(
            "SidDstObjects",
            &["s3:ReplicateObject", "s3:ReplicateTags"],
            &["DST/*"],
        );
        let mut f = shape_files(shape, &|s| {
            s.replace(
                "\"Enabled\"\n    }\n\n    destination",
                "\"Disabled\"\n    }\n\n    destination",
            )
            .replace(
                "delete_marker_replication_status = \"Enabled\"",
                "delete_marker_replication_status = \"Disabled\"",
            )
        });
        assert!(
            f.iter().any(|(_, t)| t.contains("\"Disabled\"")),
            "fixture edit"
        );
        f.push((
            "iam.tf".into(),
            iam(form, attach_for(form), &trust_ok(), &perms),
        ));
        assert_eq!(all(&f), Vec::<String>::new(), "{}", ctx(shape, form));
    }
}

#[test]
fn rl305_missing_replicate_tags_is_an_info() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[2] = st(
            "SidDstObjects",
            &["s3:ReplicateObject", "s3:ReplicateDelete"],
            &["DST/*"],
        );
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(
            with_severity(&f),
            vec![format!(
                "RL305:info {}",
                in_stmt(&f, "SidDstObjects", "\"s3:ReplicateObject\"")
            )],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl305_no_destination_statement_points_at_the_role_attribute() {
    for (shape, form) in cases() {
        let perms = perms_ok()[..2].to_vec();
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        let role = role_attr(&f, shape);
        assert_eq!(
            with_severity(&f),
            vec![
                format!("RL305:error {role}"),
                format!("RL305:error {role}"),
                format!("RL305:info {role}"),
            ],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl305_condition_on_the_only_destination_grant_is_a_warning() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[2] = perms[2]
            .clone()
            .cond("StringEquals", "aws:SourceAccount", "123456789012");
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        let start = stmt_start(&f, form, "SidDstObjects");
        let got = with_severity(&f);
        assert!(
            !got.iter().any(|g| g.contains(":error")),
            "{}: {got:?}",
            ctx(shape, form)
        );
        assert_eq!(
            got,
            vec![
                format!("RL305:info {start}"),
                format!("RL305:warning {start}"),
                format!("RL305:warning {start}"),
            ],
            "{}",
            ctx(shape, form)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// RL306 object-resource-without-wildcard
// ---------------------------------------------------------------------------------------------

#[test]
fn rl306_source_object_actions_on_the_bucket_arn() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[1] = st("SidSrcObjects", &SRC_OBJECT_ACTIONS, &["SRC"]);
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        let resource = if form == Form::Doc || form == Form::Jsonencode {
            "aws_s3_bucket.src.arn"
        } else {
            "\"${aws_s3_bucket.src.arn}\""
        };
        assert_eq!(
            all(&f),
            vec![d("RL306", in_stmt(&f, "SidSrcObjects", resource))],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl306_destination_object_actions_on_bucket_arn_with_trailing_slash() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[2] = st("SidDstObjects", &DST_OBJECT_ACTIONS, &["DST/"]);
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(
            all(&f),
            vec![d(
                "RL306",
                in_stmt(&f, "SidDstObjects", "\"${aws_s3_bucket.dst.arn}/\"")
            )],
            "{}",
            ctx(shape, form)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// RL310 explicit-deny
// ---------------------------------------------------------------------------------------------

#[test]
fn rl310_deny_in_a_role_policy_is_a_warning_at_the_deny_statement() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms.push(st("SidDeny", &["s3:ReplicateDelete"], &["*"]).deny());
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(
            with_severity(&f),
            vec![format!("RL310:warning {}", stmt_start(&f, form, "SidDeny"))],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn rl310_deny_of_unrelated_actions_passes() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms.push(st("SidDeny", &["s3:DeleteBucket", "s3:PutObject"], &["*"]).deny());
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(all(&f), Vec::<String>::new(), "{}", ctx(shape, form));
    }
}

// ---------------------------------------------------------------------------------------------
// RL001 parse-error
// ---------------------------------------------------------------------------------------------

const BROKEN: &str = "resource \"aws_s3_bucket\" \"broken\" {\n  bucket = = \"x\"\n}\n";

#[test]
fn rl001_parse_error_is_located_and_the_other_files_are_still_linted() {
    let f = setup(
        Shape::Standalone,
        Form::Doc,
        Attach::RolePolicy,
        &trust_ok(),
        &perms_ok()[1..],
    );
    let mut f = f;
    f.push(("broken.tf".into(), BROKEN.into()));
    let role = role_attr(&f, Shape::Standalone);
    assert_eq!(
        all(&f),
        sorted(vec![
            d("RL001", at(&f, "broken.tf", "= \"x\"")),
            d("RL302", role.clone()),
            d("RL302", role),
        ])
    );
}

#[test]
fn rl001_valid_files_have_no_parse_error() {
    let f = files(&[("main.tf", BUCKETS)]);
    assert_eq!(of_rule(&f, "RL001"), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// Configuration-level rules, in both shapes
// ---------------------------------------------------------------------------------------------

/// A correct setup of `shape` whose replication text is rewritten by `from` → `to` pairs.
fn edited(shape: Shape, edits: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f = shape_files(shape, &|s| {
        let mut s = s.to_string();
        for (from, to) in edits {
            assert!(s.contains(from), "fixture has no `{from}`");
            s = s.replacen(from, to, 1);
        }
        s
    });
    f.push((
        "iam.tf".into(),
        iam(Form::Doc, Attach::RolePolicy, &trust_ok(), &perms_ok()),
    ));
    f
}

#[test]
fn rl002_dangling_role_reference() {
    for shape in SHAPES {
        let f = edited(
            shape,
            &[(
                "role = aws_iam_role.replication.arn",
                "role = aws_iam_role.missing.arn",
            )],
        );
        assert_eq!(
            all(&f),
            vec![d(
                "RL002",
                at(&f, repl_file(shape), "aws_iam_role.missing.arn")
            )],
            "{shape:?}"
        );
    }
}

#[test]
fn rl002_dangling_destination_reference() {
    for shape in SHAPES {
        let f = edited(
            shape,
            &[(
                "bucket = aws_s3_bucket.dst.arn",
                "bucket = aws_s3_bucket.missing.arn",
            )],
        );
        assert_eq!(
            of_rule(&f, "RL002"),
            vec![d(
                "RL002",
                at(&f, repl_file(shape), "aws_s3_bucket.missing.arn")
            )],
            "{shape:?}"
        );
        assert_eq!(
            at_least(&f, Severity::Warning),
            Vec::<String>::new(),
            "{shape:?}"
        );
    }
}

#[test]
fn rl002_dangling_source_reference() {
    let f = edited(
        Shape::Standalone,
        &[(
            "bucket = aws_s3_bucket.src.id",
            "bucket = aws_s3_bucket.missing.id",
        )],
    );
    assert_eq!(
        of_rule(&f, "RL002"),
        vec![d(
            "RL002",
            at(&f, "replication.tf", "aws_s3_bucket.missing.id")
        )]
    );
}

#[test]
fn rl002_resolved_references_pass() {
    for shape in SHAPES {
        let f = edited(shape, &[]);
        assert_eq!(of_rule(&f, "RL002"), Vec::<String>::new(), "{shape:?}");
    }
}

#[test]
fn rl101_role_name_or_id_instead_of_arn() {
    for shape in SHAPES {
        for attr in ["name", "id"] {
            let reference = format!("aws_iam_role.replication.{attr}");
            let f = edited(
                shape,
                &[("aws_iam_role.replication.arn", reference.as_str())],
            );
            assert_eq!(
                all(&f),
                vec![d("RL101", at(&f, repl_file(shape), &reference))],
                "{shape:?} {attr}"
            );
        }
    }
}

#[test]
fn rl101_literal_role_name_and_template() {
    for shape in SHAPES {
        let f = edited(
            shape,
            &[("aws_iam_role.replication.arn", "\"replication\"")],
        );
        assert_eq!(
            all(&f),
            vec![d("RL101", at(&f, repl_file(shape), "\"replication\""))],
            "{shape:?}"
        );
        let f = edited(
            shape,
            &[(
                "aws_iam_role.replication.arn",
                "\"role/${aws_iam_role.replication.name}\"",
            )],
        );
        assert_eq!(
            of_rule(&f, "RL101"),
            vec![d("RL101", at(&f, repl_file(shape), "\"role/"))],
            "{shape:?}"
        );
    }
}

#[test]
fn rl101_role_arn_passes() {
    for shape in SHAPES {
        for role in [
            "aws_iam_role.replication.arn",
            "\"arn:aws:iam::123456789012:role/replication\"",
            "\"arn:aws:iam::123456789012:role/${aws_iam_role.replication.name}\"",
        ] {
            let f = edited(shape, &[("aws_iam_role.replication.arn", role)]);
            assert_eq!(all(&f), Vec::<String>::new(), "{shape:?} {role}");
        }
    }
}

#[test]
fn rl102_destination_name_instead_of_arn() {
    for shape in SHAPES {
        for value in [
            "aws_s3_bucket.dst.id",
            "aws_s3_bucket.dst.bucket",
            "\"my-dst\"",
        ] {
            let f = edited(shape, &[("aws_s3_bucket.dst.arn", value)]);
            assert_eq!(
                all(&f),
                vec![d(
                    "RL102",
                    after(&f, repl_file(shape), "destination {", value)
                )],
                "{shape:?} {value}"
            );
        }
    }
}

#[test]
fn rl102_destination_arn_passes() {
    for shape in SHAPES {
        for value in [
            "aws_s3_bucket.dst.arn",
            "\"arn:aws:s3:::my-dst\"",
            "\"arn:aws:s3:::${aws_s3_bucket.dst.bucket}\"",
        ] {
            let f = edited(shape, &[("aws_s3_bucket.dst.arn", value)]);
            assert_eq!(all(&f), Vec::<String>::new(), "{shape:?} {value}");
        }
    }
}

#[test]
fn rl103_destination_is_the_source() {
    for shape in SHAPES {
        for value in ["aws_s3_bucket.src.arn", "\"arn:aws:s3:::my-src\""] {
            let f = edited(shape, &[("aws_s3_bucket.dst.arn", value)]);
            let dest = format!("bucket = {value}");
            assert_eq!(
                of_rule(&f, "RL103"),
                vec![d("RL103", at(&f, repl_file(shape), &dest))],
                "{shape:?} {value}"
            );
        }
    }
}

#[test]
fn rl103_other_destination_passes() {
    for shape in SHAPES {
        let f = edited(shape, &[]);
        assert_eq!(of_rule(&f, "RL103"), Vec::<String>::new(), "{shape:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// RL201 / RL202 versioning, RL203 ordering
// ---------------------------------------------------------------------------------------------

/// Standalone setup with the buckets file rewritten.
fn standalone_buckets(edits: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut buckets = BUCKETS.to_string();
    for (from, to) in edits {
        assert!(buckets.contains(from), "fixture has no `{from}`");
        buckets = buckets.replacen(from, to, 1);
    }
    vec![
        ("buckets.tf".into(), buckets),
        ("replication.tf".into(), REPLICATION.into()),
        (
            "iam.tf".into(),
            iam(Form::Doc, Attach::RolePolicy, &trust_ok(), &perms_ok()),
        ),
    ]
}

const SRC_VERSIONING: &str = "resource \"aws_s3_bucket_versioning\" \"src\" {\n  bucket = aws_s3_bucket.src.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n";
const DST_VERSIONING: &str = "resource \"aws_s3_bucket_versioning\" \"dst\" {\n  bucket = aws_s3_bucket.dst.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}\n";

#[test]
fn rl201_source_without_versioning_standalone() {
    let f = standalone_buckets(&[(SRC_VERSIONING, "")]);
    assert_eq!(
        all(&f),
        vec![d(
            "RL201",
            at(&f, "replication.tf", "bucket = aws_s3_bucket.src.id")
        )]
    );
}

#[test]
fn rl201_source_versioning_suspended_points_at_status() {
    let suspended = SRC_VERSIONING.replace("Enabled", "Suspended");
    let f = standalone_buckets(&[(SRC_VERSIONING, &suspended)]);
    assert_eq!(
        all(&f),
        vec![d("RL201", at(&f, "buckets.tf", "status = \"Suspended\""))]
    );
}

#[test]
fn rl201_source_versioning_inline_legacy() {
    let f = edited(Shape::Inline, &[("enabled = true", "enabled = false")]);
    assert_eq!(
        all(&f),
        vec![d("RL201", at(&f, "buckets.tf", "enabled = false"))]
    );
    let f = edited(
        Shape::Inline,
        &[("  versioning {\n    enabled = true\n  }\n", "")],
    );
    assert_eq!(
        all(&f),
        vec![d(
            "RL201",
            at(&f, "buckets.tf", "replication_configuration")
        )]
    );
}

#[test]
fn rl201_rl202_versioned_buckets_pass() {
    for shape in SHAPES {
        let f = edited(shape, &[]);
        assert_eq!(
            sorted([of_rule(&f, "RL201"), of_rule(&f, "RL202")].concat()),
            Vec::<String>::new(),
            "{shape:?}"
        );
    }
}

#[test]
fn rl202_destination_without_versioning_standalone() {
    let f = standalone_buckets(&[(DST_VERSIONING, "")]);
    assert_eq!(
        all(&f),
        vec![d(
            "RL202",
            at(&f, "replication.tf", "bucket = aws_s3_bucket.dst.arn")
        )]
    );
}

#[test]
fn rl202_destination_versioning_suspended_points_at_status() {
    let suspended = DST_VERSIONING.replace("Enabled", "Suspended");
    let f = standalone_buckets(&[(DST_VERSIONING, &suspended)]);
    assert_eq!(
        all(&f),
        vec![d("RL202", at(&f, "buckets.tf", "status = \"Suspended\""))]
    );
}

#[test]
fn rl202_destination_versioning_inline_legacy() {
    let text = INLINE_BUCKETS.replacen(
        "bucket = \"my-dst\"\n\n  versioning {\n    enabled = true",
        "bucket = \"my-dst\"\n\n  versioning {\n    enabled = false",
        1,
    );
    assert_ne!(text, INLINE_BUCKETS);
    let f = vec![
        ("buckets.tf".to_string(), text),
        (
            "iam.tf".to_string(),
            iam(Form::Doc, Attach::RolePolicy, &trust_ok(), &perms_ok()),
        ),
    ];
    assert_eq!(
        all(&f),
        vec![d("RL202", at(&f, "buckets.tf", "enabled = false"))]
    );
    let text = INLINE_BUCKETS.replacen(
        "bucket = \"my-dst\"\n\n  versioning {\n    enabled = true\n  }\n",
        "bucket = \"my-dst\"\n",
        1,
    );
    let f = vec![
        ("buckets.tf".to_string(), text),
        (
            "iam.tf".to_string(),
            iam(Form::Doc, Attach::RolePolicy, &trust_ok(), &perms_ok()),
        ),
    ];
    assert_eq!(
        all(&f),
        vec![d(
            "RL202",
            at(&f, "buckets.tf", "bucket = aws_s3_bucket.dst.arn")
        )]
    );
}

const DEPENDS: &str =
    "  depends_on = [aws_s3_bucket_versioning.src, aws_s3_bucket_versioning.dst]\n";

#[test]
fn rl203_no_depends_on_reports_each_versioning_resource_at_the_header() {
    let f = edited(Shape::Standalone, &[(DEPENDS, "")]);
    let header = at(&f, "replication.tf", "resource");
    assert_eq!(
        all(&f),
        vec![d("RL203", header.clone()), d("RL203", header)]
    );
}

#[test]
fn rl203_depends_on_only_the_source() {
    let f = edited(
        Shape::Standalone,
        &[(DEPENDS, "  depends_on = [aws_s3_bucket_versioning.src]\n")],
    );
    assert_eq!(
        all(&f),
        vec![d("RL203", at(&f, "replication.tf", "resource"))]
    );
}

#[test]
fn rl203_a_reference_to_the_versioning_resource_orders_too() {
    let f = edited(
        Shape::Standalone,
        &[
            (DEPENDS, "  depends_on = [aws_s3_bucket_versioning.dst]\n"),
            (
                "bucket = aws_s3_bucket.src.id",
                "bucket = aws_s3_bucket_versioning.src.bucket",
            ),
        ],
    );
    assert_eq!(all(&f), Vec::<String>::new());
}

#[test]
fn rl203_does_not_apply_to_the_inline_form() {
    let f = edited(Shape::Inline, &[]);
    assert_eq!(of_rule(&f, "RL203"), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// Unknown values: only RL003 infos, never errors or warnings
// ---------------------------------------------------------------------------------------------

fn with_iam(mut f: Vec<(String, String)>, extra: &str) -> Vec<(String, String)> {
    f.push(("extra.tf".into(), extra.into()));
    f
}

#[test]
fn rl003_role_arn_from_a_variable_without_default() {
    for shape in SHAPES {
        let f = with_iam(
            edited(shape, &[("aws_iam_role.replication.arn", "var.role_arn")]),
            "variable \"role_arn\" {\n  type = string\n}\n",
        );
        assert_eq!(
            with_severity(&f),
            vec![format!(
                "RL003:info {}",
                at(&f, repl_file(shape), "role = var.role_arn")
            )],
            "{shape:?}"
        );
    }
}

#[test]
fn rl003_policy_from_an_unreadable_data_source() {
    for shape in SHAPES {
        let mut f = shape_files(shape, &|s| s.to_string());
        let mut text = iam(Form::Doc, Attach::RolePolicy, &trust_ok(), &[]);
        let cut = text.find("\nresource \"aws_iam_role_policy\"").unwrap();
        text.truncate(cut);
        text.push_str("\ndata \"aws_iam_policy\" \"replication\" {\n  name = \"S3ReplicationPolicy\"\n}\n\nresource \"aws_iam_role_policy_attachment\" \"perms\" {\n  role       = aws_iam_role.replication.name\n  policy_arn = data.aws_iam_policy.replication.arn\n}\n");
        f.push(("iam.tf".into(), text));
        let role = role_attr(&f, shape);
        // One note per check that could not run: RL302, RL303, RL304, RL305.
        assert_eq!(
            with_severity(&f),
            vec![format!("RL003:info {role}"); 4],
            "{shape:?}"
        );
    }
}

#[test]
fn rl003_destination_arn_from_remote_state() {
    for shape in SHAPES {
        let f = edited(
            shape,
            &[(
                "bucket = aws_s3_bucket.dst.arn",
                "bucket = data.terraform_remote_state.x.outputs.bucket_arn",
            )],
        );
        let f = with_iam(
            f,
            "data \"terraform_remote_state\" \"x\" {\n  backend = \"local\"\n  config = {\n    path = \"other.tfstate\"\n  }\n}\n",
        );
        // RL202 could not check the destination's versioning; RL305 could not check the grants.
        assert_eq!(
            with_severity(&f),
            sorted(vec![
                format!(
                    "RL003:info {}",
                    at(&f, repl_file(shape), "bucket = data.terraform_remote_state")
                ),
                format!("RL003:info {}", role_attr(&f, shape)),
            ]),
            "{shape:?}"
        );
    }
}

#[test]
fn rl003_source_bucket_name_from_a_variable_without_default() {
    let f = edited(
        Shape::Standalone,
        &[("aws_s3_bucket.src.id", "var.src_name")],
    );
    let f = with_iam(f, "variable \"src_name\" {\n  type = string\n}\n");
    assert_eq!(
        with_severity(&f),
        vec![format!(
            "RL003:info {}",
            at(&f, "replication.tf", "bucket = var.src_name")
        )]
    );
}

#[test]
fn bucket_resource_named_by_a_variable_without_default_is_still_linked() {
    let mut f = standalone_buckets(&[("bucket = \"my-src\"", "bucket = var.src_name")]);
    f.push((
        "variables.tf".into(),
        "variable \"src_name\" {\n  type = string\n}\n".into(),
    ));
    assert_eq!(all(&f), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------------
// Linking by literal ARN and name
// ---------------------------------------------------------------------------------------------

#[test]
fn literal_role_arn_links_the_role_in_the_files() {
    for shape in SHAPES {
        let mut f = shape_files(shape, &|s| {
            s.replace(
                "aws_iam_role.replication.arn",
                "\"arn:aws:iam::123456789012:role/replication\"",
            )
        });
        f.push((
            "iam.tf".into(),
            iam(Form::Doc, Attach::RolePolicy, &trust_ok(), &perms_ok()[1..]),
        ));
        let role = at(&f, repl_file(shape), "role = \"arn:aws:iam");
        assert_eq!(
            all(&f),
            vec![d("RL302", role.clone()), d("RL302", role)],
            "{shape:?}"
        );
    }
}

#[test]
fn buckets_matched_by_literal_name_and_policies_by_literal_arn() {
    let perms = vec![
        st(
            "SidSrcBucket",
            &SRC_BUCKET_ACTIONS,
            &["arn:aws:s3:::my-src"],
        ),
        st(
            "SidSrcObjects",
            &SRC_OBJECT_ACTIONS[..2],
            &["arn:aws:s3:::my-src/*"],
        ),
        st(
            "SidDstObjects",
            &DST_OBJECT_ACTIONS,
            &["arn:aws:s3:::my-dst/*"],
        ),
    ];
    for form in FORMS {
        let mut f = shape_files(Shape::Standalone, &|s| {
            s.replace("bucket = aws_s3_bucket.src.id", "bucket = \"my-src\"")
                .replace("aws_s3_bucket.dst.arn", "\"arn:aws:s3:::my-dst\"")
        });
        f.push((
            "iam.tf".into(),
            iam(form, attach_for(form), &trust_ok(), &perms),
        ));
        // The literal names link the buckets (versioning is checked, no RL003), and the literal
        // ARNs in the policy cover them: only the planted missing tagging permission remains.
        assert_eq!(
            with_severity(&f),
            vec![format!(
                "RL304:warning {}",
                in_stmt(&f, "SidSrcObjects", "\"s3:GetObjectVersionForReplication\"")
            )],
            "{form:?}"
        );
    }
}

#[test]
fn literal_bucket_name_links_versioning_checks() {
    let mut f = standalone_buckets(&[(SRC_VERSIONING, "")]);
    f[1].1 = REPLICATION.replace("bucket = aws_s3_bucket.src.id", "bucket = \"my-src\"");
    assert_eq!(
        all(&f),
        vec![d("RL201", at(&f, "replication.tf", "bucket = \"my-src\""))]
    );
}

// ---------------------------------------------------------------------------------------------
// Variables
// ---------------------------------------------------------------------------------------------

#[test]
fn tfvars_value_overrides_a_default_and_changes_the_outcome() {
    let variables =
        "variable \"src_versioning\" {\n  type    = string\n  default = \"Enabled\"\n}\n";
    let f = with_iam(
        standalone_buckets(&[("status = \"Enabled\"", "status = var.src_versioning")]),
        variables,
    );
    assert_eq!(all(&f), Vec::<String>::new());
    let mut f = f;
    f.push((
        "terraform.tfvars".into(),
        "src_versioning = \"Suspended\"\n".into(),
    ));
    assert_eq!(
        all(&f),
        vec![d(
            "RL201",
            at(&f, "buckets.tf", "status = var.src_versioning")
        )]
    );
}

// ---------------------------------------------------------------------------------------------
// Bucket policies (RL310)
// ---------------------------------------------------------------------------------------------

fn bucket_policy(statement: &str) -> String {
    format!(
        "resource \"aws_s3_bucket_policy\" \"dst\" {{\n  bucket = aws_s3_bucket.dst.id\n  policy = jsonencode({{\n    Version = \"2012-10-17\"\n    Statement = [\n{statement}\n    ]\n  }})\n}}\n"
    )
}

#[test]
fn rl310_bucket_policy_deny_with_secure_transport_condition_passes() {
    let statement = "      {\n        Sid       = \"DenyInsecure\"\n        Effect    = \"Deny\"\n        Principal = \"*\"\n        Action    = \"s3:*\"\n        Resource  = [aws_s3_bucket.dst.arn, \"${aws_s3_bucket.dst.arn}/*\"]\n        Condition = { Bool = { \"aws:SecureTransport\" = \"false\" } }\n      },";
    for shape in SHAPES {
        let f = with_iam(edited(shape, &[]), &bucket_policy(statement));
        assert_eq!(all(&f), Vec::<String>::new(), "{shape:?}");
    }
}

#[test]
fn rl310_unconditional_bucket_policy_deny_points_at_the_statement() {
    let statement = "      {\n        Sid       = \"DenyAll\"\n        Effect    = \"Deny\"\n        Principal = \"*\"\n        Action    = \"s3:ReplicateDelete\"\n        Resource  = \"${aws_s3_bucket.dst.arn}/*\"\n      },";
    for shape in SHAPES {
        let f = with_iam(edited(shape, &[]), &bucket_policy(statement));
        assert_eq!(
            with_severity(&f),
            vec![format!(
                "RL310:warning {}",
                before(&f, "extra.tf", "\"DenyAll\"", "{")
            )],
            "{shape:?}"
        );
    }
}

#[test]
fn rl305_v1_rule_needs_replicate_delete() {
    // A V1 rule (top-level `prefix`, no filter) always replicates delete markers.
    let mut perms = perms_ok();
    perms[2] = st(
        "SidDstObjects",
        &["s3:ReplicateObject", "s3:ReplicateTags"],
        &["DST/*"],
    );
    let text = INLINE_BUCKETS.replace(
        "      filter {}\n\n      delete_marker_replication_status = \"Enabled\"\n",
        "      prefix = \"\"\n",
    );
    assert_ne!(text, INLINE_BUCKETS);
    let f = vec![
        ("buckets.tf".to_string(), text),
        (
            "iam.tf".to_string(),
            iam(Form::Doc, Attach::RolePolicy, &trust_ok(), &perms),
        ),
    ];
    assert_eq!(
        with_severity(&f),
        vec![format!(
            "RL305:error {}",
            in_stmt(&f, "SidDstObjects", "\"s3:ReplicateObject\"")
        )]
    );
}

#[test]
fn rl310_conditional_deny_in_a_role_policy_passes() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms.push(st("SidDeny", &["s3:*"], &["*"]).deny().cond(
            "Bool",
            "aws:SecureTransport",
            "false",
        ));
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(all(&f), Vec::<String>::new(), "{}", ctx(shape, form));
    }
}

#[test]
fn rl302_grant_scoped_to_another_bucket_is_missing() {
    for (shape, form) in cases() {
        let mut perms = perms_ok();
        perms[0] = st("SidSrcBucket", &SRC_BUCKET_ACTIONS, &["arn:aws:s3:::other"]);
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        let role = role_attr(&f, shape);
        assert_eq!(
            all(&f),
            vec![d("RL302", role.clone()), d("RL302", role)],
            "{}",
            ctx(shape, form)
        );
    }
}

#[test]
fn actions_match_case_insensitively() {
    for (shape, form) in cases() {
        let perms = vec![
            st(
                "SidSrcBucket",
                &["S3:getreplicationconfiguration", "s3:LISTBUCKET"],
                &["SRC"],
            ),
            st("SidSrcObjects", &["s3:getobjectversion*"], &["SRC/*"]),
            st("SidDstObjects", &["s3:replicate*"], &["DST/*"]),
        ];
        let f = setup(shape, form, attach_for(form), &trust_ok(), &perms);
        assert_eq!(all(&f), Vec::<String>::new(), "{}", ctx(shape, form));
    }
}

// ---------------------------------------------------------------------------------------------
// Attributes that are not ARNs, undeclared data sources, permissions boundaries
// ---------------------------------------------------------------------------------------------

#[test]
fn rl101_any_role_attribute_but_arn_is_reported() {
    for shape in SHAPES {
        let f = edited(
            shape,
            &[(
                "aws_iam_role.replication.arn",
                "aws_iam_role.replication.unique_id",
            )],
        );
        assert_eq!(
            of_rule(&f, "RL101"),
            vec![d(
                "RL101",
                at(&f, repl_file(shape), "aws_iam_role.replication.unique_id")
            )],
            "{shape:?}"
        );
    }
}

#[test]
fn rl102_any_bucket_attribute_but_arn_is_reported() {
    for shape in SHAPES {
        let f = edited(
            shape,
            &[(
                "aws_s3_bucket.dst.arn",
                "aws_s3_bucket.dst.bucket_domain_name",
            )],
        );
        assert_eq!(
            of_rule(&f, "RL102"),
            vec![d(
                "RL102",
                at(&f, repl_file(shape), "aws_s3_bucket.dst.bucket_domain_name")
            )],
            "{shape:?}"
        );
    }
}

#[test]
fn rl002_undeclared_data_source_role_is_reported() {
    for shape in SHAPES {
        let f = edited(
            shape,
            &[(
                "aws_iam_role.replication.arn",
                "data.aws_iam_role.missing.arn",
            )],
        );
        assert_eq!(
            of_rule(&f, "RL002"),
            vec![d(
                "RL002",
                at(&f, repl_file(shape), "data.aws_iam_role.missing.arn")
            )],
            "{shape:?}"
        );
    }
}

#[test]
fn rl310_deny_in_the_permissions_boundary_is_reported_at_its_statement() {
    let mut f = setup(
        Shape::Standalone,
        Form::Jsonencode,
        Attach::RolePolicyAttachment,
        &trust_ok(),
        &perms_ok(),
    );
    let iam_text = f.iter_mut().find(|(n, _)| n == "iam.tf").unwrap();
    iam_text.1 = iam_text.1.replace(
        "  name               = \"replication\"\n",
        "  name               = \"replication\"\n  permissions_boundary = aws_iam_policy.boundary.arn\n",
    );
    iam_text.1.push_str(
        r#"
resource "aws_iam_policy" "boundary" {
  name = "boundary"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "All", Effect = "Allow", Action = "*", Resource = "*" },
      { Sid = "NoDeletes", Effect = "Deny", Action = "s3:ReplicateDelete", Resource = "*" },
    ]
  })
}
"#,
    );
    assert_eq!(
        at_least(&f, Severity::Warning),
        vec![d("RL310", at(&f, "iam.tf", "{ Sid = \"NoDeletes\""))]
    );
    let diagnostics = run(&f);
    assert!(
        diagnostics
            .iter()
            .any(|(r, s, _)| r == "RL310" && *s == Severity::Warning)
    );
}

#[test]
fn rl105_an_unknown_or_null_prefix_beside_a_filter_is_not_reported() {
    for prefix in ["lookup(var.rule, \"prefix\", null)", "null", "\"\""] {
        let f = edited(
            Shape::Standalone,
            &[(
                "    filter {}",
                &format!("    prefix = {prefix}\n    filter {{}}"),
            )],
        );
        assert_eq!(
            of_rule(&f, "RL105"),
            Vec::<String>::new(),
            "prefix = {prefix}"
        );
    }
    let f = edited(
        Shape::Standalone,
        &[("    filter {}", "    prefix = \"logs/\"\n    filter {}")],
    );
    assert_eq!(
        of_rule(&f, "RL105"),
        vec![d("RL105", at(&f, "replication.tf", "\"logs/\""))]
    );
}

#[test]
fn a_missing_grant_shared_by_rules_with_several_prefixes_is_reported_once() {
    let text = r#"
resource "aws_s3_bucket" "src" {
  bucket = "multi-src"
}
resource "aws_s3_bucket" "dst" {
  bucket = "multi-dst"
}
resource "aws_s3_bucket_versioning" "src" {
  bucket = aws_s3_bucket.src.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_versioning" "dst" {
  bucket = aws_s3_bucket.dst.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_iam_role" "r" {
  name = "multi"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }]
  })
}
resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource = aws_s3_bucket.src.arn },
      { Effect = "Allow", Action = ["s3:GetObjectVersion", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource = "${aws_s3_bucket.src.arn}/*" },
      { Effect = "Allow", Action = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource = "${aws_s3_bucket.dst.arn}/*" },
    ]
  })
}
resource "aws_s3_bucket_replication_configuration" "c" {
  depends_on = [aws_s3_bucket_versioning.src, aws_s3_bucket_versioning.dst]
  bucket     = aws_s3_bucket.src.id
  role       = aws_iam_role.r.arn
  rule {
    id       = "one"
    priority = 1
    status   = "Enabled"
    filter {
      prefix = "one/"
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.dst.arn
    }
  }
  rule {
    id       = "two"
    priority = 2
    status   = "Enabled"
    filter {
      prefix = "two/"
    }
    delete_marker_replication {
      status = "Enabled"
    }
    destination {
      bucket = aws_s3_bucket.dst.arn
    }
  }
}
"#;
    let f = files(&[("main.tf", text)]);
    assert_eq!(
        all(&f),
        vec![d("RL303", at(&f, "main.tf", "\"s3:GetObjectVersion\","))]
    );
}

/// With SSE-KMS objects selected, `s3:GetObjectVersion` leaves them unreplicated: an error.
#[test]
fn rl303_get_object_version_is_an_error_when_the_rule_selects_kms_objects() {
    let text = r#"
resource "aws_s3_bucket" "src" {
  bucket = "kms-src"
}
resource "aws_iam_role" "r" {
  name = "kms-reads"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "s3.amazonaws.com" } }]
  })
}
resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObjectVersion", "s3:GetObjectVersionAcl"], Resource = "arn:aws:s3:::kms-src/*" },
    ]
  })
}
resource "aws_s3_bucket_replication_configuration" "c" {
  bucket = aws_s3_bucket.src.id
  role   = aws_iam_role.r.arn
  rule {
    id     = "all"
    status = "Enabled"
    filter {}
    delete_marker_replication {
      status = "Enabled"
    }
    source_selection_criteria {
      sse_kms_encrypted_objects {
        status = "Enabled"
      }
    }
    destination {
      bucket = "arn:aws:s3:::kms-dst"
      encryption_configuration {
        replica_kms_key_id = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      }
    }
  }
}
"#;
    let f = files(&[("main.tf", text)]);
    let rl303: Vec<String> = with_severity(&f)
        .into_iter()
        .filter(|x| x.starts_with("RL303"))
        .collect();
    assert_eq!(
        rl303,
        vec![format!(
            "RL303:error {}",
            at(&f, "main.tf", "\"s3:GetObjectVersion\",")
        )]
    );
}
