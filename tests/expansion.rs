//! End to end: `count`, `for_each` and `dynamic` blocks are expanded before linting.

/// Every diagnostic of a run over `files` as `RULE file:line [resource]`.
fn lint(files: &[(&str, &str)]) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    for (path, text) in files {
        std::fs::write(tmp.path().join(path), text).unwrap();
    }
    let options = repl_lint::Options {
        paths: vec![tmp.path().to_path_buf()],
        ..Default::default()
    };
    let outcome = repl_lint::lint(&options).unwrap();
    assert_eq!(outcome.summary.parse_errors, 0);
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let file = outcome.db.file(d.primary.file);
            let (start, _) = outcome.db.range(d.primary);
            format!(
                "{} {}:{} [{}]",
                d.rule,
                file.path.file_name().unwrap().to_string_lossy(),
                start.line,
                d.resource.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

/// Buckets with versioning and a role allowed everything but `s3:ReplicateObject` on `dst2`.
const BASE: &str = r#"
resource "aws_s3_bucket" "src" {
  bucket = "src-bucket"
}
resource "aws_s3_bucket_versioning" "src" {
  bucket = aws_s3_bucket.src.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket" "dst" {
  bucket = "dst-bucket"
}
resource "aws_s3_bucket_versioning" "dst" {
  bucket = aws_s3_bucket.dst.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_iam_role" "r" {
  name = "replication"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "s3.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}
resource "aws_iam_role_policy" "p" {
  role = aws_iam_role.r.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetReplicationConfiguration", "s3:ListBucket"]
        Resource = ["arn:aws:s3:::src-bucket"]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"]
        Resource = ["arn:aws:s3:::src-bucket/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"]
        Resource = ["arn:aws:s3:::dst-bucket/*"]
      },
    ]
  })
}
"#;

#[test]
fn dynamic_rules_from_a_variable_are_linted_rule_by_rule() {
    let main = r#"
variable "rules" {
  default = [
    {
      id     = "one"
      prefix = "a/"
      bucket = "arn:aws:s3:::dst-bucket"
      delete = "Enabled"
    },
    {
      id      = "two"
      filters = [{ prefix = "b/" }]
      bucket  = "dst-bucket"
    },
  ]
}
resource "aws_s3_bucket_replication_configuration" "c" {
  bucket     = aws_s3_bucket.src.id
  role       = aws_iam_role.r.arn
  depends_on = [aws_s3_bucket_versioning.src, aws_s3_bucket_versioning.dst]

  dynamic "rule" {
    for_each = var.rules
    content {
      id       = rule.value.id
      status   = "Enabled"
      priority = rule.key + 1 == 1 ? 10 : 20
      dynamic "filter" {
        for_each = try(rule.value.filters, [])
        content {
          prefix = filter.value.prefix
        }
      }
      dynamic "filter" {
        for_each = try([rule.value.prefix], [])
        iterator = f
        content {
          prefix = f.value
        }
      }
      dynamic "delete_marker_replication" {
        for_each = try([rule.value.delete], [])
        content {
          status = delete_marker_replication.value
        }
      }
      destination {
        bucket = rule.value.bucket
      }
    }
  }
}
"#;
    let found = lint(&[("base.tf", BASE), ("main.tf", main)]);
    // Rule "two" has no delete_marker_replication (RL107, at the dynamic block) and names
    // its destination by bucket name instead of ARN (RL102, at `bucket = rule.value.bucket`).
    assert_eq!(
        found,
        [
            "RL107 main.tf:24 [aws_s3_bucket_replication_configuration.c]",
            "RL102 main.tf:48 [aws_s3_bucket_replication_configuration.c]",
        ]
    );
}

/// A replication configuration over `src` and `dst` with one complete rule; `extra` is added
/// to its body and `role` is its role.
fn replication(name: &str, extra: &str, role: &str) -> String {
    format!(
        r#"
resource "aws_s3_bucket_replication_configuration" "{name}" {{
  {extra}
  bucket     = aws_s3_bucket.src.id
  role       = {role}
  depends_on = [aws_s3_bucket_versioning.src, aws_s3_bucket_versioning.dst]
  rule {{
    id     = "all"
    status = "Enabled"
    filter {{}}
    delete_marker_replication {{
      status = "Enabled"
    }}
    destination {{
      bucket = "arn:aws:s3:::dst-bucket"
    }}
  }}
}}
"#
    )
}

#[test]
fn count_zero_is_not_linted_and_count_one_is_instance_zero() {
    // The `off` configuration would be RL001-broken (a role that does not exist) if linted.
    let main = format!(
        "variable \"create\" {{\n  default = true\n}}\n{}{}",
        replication("off", "count = var.create ? 0 : 1", "aws_iam_role.nope.arn"),
        replication("on", "count = var.create ? 1 : 0", "aws_iam_role.r[0].arn"),
    );
    // The role itself is counted: `aws_iam_role.r[0].arn` must resolve to `aws_iam_role.r[0]`.
    let base = BASE
        .replace(
            "resource \"aws_iam_role\" \"r\" {",
            "resource \"aws_iam_role\" \"r\" {\n  count = length([var.create])",
        )
        .replace("role = aws_iam_role.r.id", "role = aws_iam_role.r[0].id");
    let found = lint(&[("base.tf", &base), ("main.tf", &main)]);
    assert_eq!(found, Vec::<String>::new());
    // Without the policy's permissions the role is checked, under its instance address.
    let weak = base.replace("\"s3:ReplicateObject\", ", "");
    let found = lint(&[("base.tf", &weak), ("main.tf", &main)]);
    assert_eq!(
        found,
        ["RL305 base.tf:49 [aws_s3_bucket_replication_configuration.on[0]]"]
    );
}

#[test]
fn for_each_buckets_are_referenced_by_key() {
    let main = r#"
resource "aws_s3_bucket" "b" {
  for_each = { src = "src-bucket", dst = "dst-bucket" }
  bucket   = each.value
}
resource "aws_s3_bucket_versioning" "v" {
  for_each = toset(["src", "dst"])
  bucket   = each.key == "src" ? aws_s3_bucket.b["src"].id : aws_s3_bucket.b["dst"].id
  versioning_configuration {
    status = "Enabled"
  }
}
"#;
    let base = BASE
        .replace(
            "resource \"aws_s3_bucket\" \"src\"",
            "resource \"aws_s3_bucket\" \"old_src\"",
        )
        .replace(
            "resource \"aws_s3_bucket\" \"dst\"",
            "resource \"aws_s3_bucket\" \"old_dst\"",
        )
        .replace("bucket = aws_s3_bucket.src.id", "bucket = \"src-other\"")
        .replace("bucket = aws_s3_bucket.dst.id", "bucket = \"dst-other\"");
    let config = replication("c", "", "aws_iam_role.r.arn")
        .replace("aws_s3_bucket.src.id", "aws_s3_bucket.b[\"src\"].id")
        .replace(
            "[aws_s3_bucket_versioning.src, aws_s3_bucket_versioning.dst]",
            "[aws_s3_bucket_versioning.v]",
        )
        .replace(
            "\"arn:aws:s3:::dst-bucket\"",
            "aws_s3_bucket.b[\"dst\"].arn",
        );
    let found = lint(&[("base.tf", &base), ("main.tf", main), ("repl.tf", &config)]);
    assert_eq!(found, Vec::<String>::new());
    // `for_each` over another resource is not known: one instance, its `each.*` unknown.
    let unknown = main.replace("toset([\"src\", \"dst\"])", "aws_s3_bucket.b");
    let found = lint(&[
        ("base.tf", &base),
        ("main.tf", &unknown),
        ("repl.tf", &config),
    ]);
    assert_eq!(
        found,
        [
            "RL003 repl.tf:4 [aws_s3_bucket_replication_configuration.c]",
            "RL003 repl.tf:15 [aws_s3_bucket_replication_configuration.c]",
        ]
    );
}

#[test]
fn unknown_for_each_keeps_one_instance_without_errors() {
    let main = r#"
variable "rules" {}
resource "aws_s3_bucket_replication_configuration" "c" {
  for_each = var.rules
  bucket   = aws_s3_bucket.src.id
  role     = aws_iam_role.r.arn
  depends_on = [aws_s3_bucket_versioning.src, aws_s3_bucket_versioning.dst]
  dynamic "rule" {
    for_each = each.value
    content {
      id = rule.value.id
    }
  }
}
"#;
    let found = lint(&[("base.tf", BASE), ("main.tf", main)]);
    assert!(found.iter().all(|d| d.starts_with("RL003 ")), "{found:?}");
}

#[test]
fn huge_dynamic_collection_is_cut_off() {
    let items: Vec<String> = (0..1001).map(|i| format!("\"p{i}/\"")).collect();
    let main = format!(
        r#"
locals {{
  prefixes = [{}]
}}
resource "aws_s3_bucket_replication_configuration" "c" {{
  bucket     = aws_s3_bucket.src.id
  role       = aws_iam_role.r.arn
  depends_on = [aws_s3_bucket_versioning.src, aws_s3_bucket_versioning.dst]
  dynamic "rule" {{
    for_each = local.prefixes
    content {{
      id = rule.value
    }}
  }}
}}
"#,
        items.join(", ")
    );
    let found = lint(&[("base.tf", BASE), ("main.tf", &main)]);
    assert!(found.iter().all(|d| d.starts_with("RL003 ")), "{found:?}");
}

#[test]
fn a_policy_read_by_file_is_located_in_that_file() {
    let start = BASE.find("resource \"aws_iam_role_policy\" \"p\"").unwrap();
    let base = format!(
        "{}resource \"aws_iam_role_policy\" \"p\" {{\n  role   = aws_iam_role.r.id\n  policy = file(\"${{path.module}}/policy.json\")\n}}\n",
        &BASE[..start]
    );
    let policy = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"], "Resource": ["arn:aws:s3:::src-bucket"]},
    {"Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], "Resource": ["arn:aws:s3:::src-bucket/*"]},
    {"Effect": "Allow", "Action": ["s3:ReplicateDelete", "s3:ReplicateTags"], "Resource": ["arn:aws:s3:::dst-bucket/*"]}
  ]
}
"#;
    let main = replication("c", "", "aws_iam_role.r.arn");
    let found = lint(&[
        ("base.tf", &base),
        ("main.tf", &main),
        ("policy.json", policy),
    ]);
    // The statement on the destination lacks s3:ReplicateObject: reported in policy.json, at
    // the statement, since the file is linted in the same run.
    assert_eq!(
        found,
        ["RL305 policy.json:6 [aws_s3_bucket_replication_configuration.c]"]
    );
}
