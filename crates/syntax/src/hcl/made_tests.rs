//! Tests for the reuse of a root module's resources between runs: a run with the cache gives
//! exactly what a fresh run gives, and reuses the resources of the files whose inputs are
//! unchanged.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::hcl::{Cache, TerraformDir, parse_modules};
use crate::resource::{Configuration, Resource};
use repl_lint_source::fsread::MaxFileSize;
use repl_lint_source::{SourceDb, SourceFile};

/// A workspace: directories (each a root module) with their files (`name`, `text`); files whose
/// name ends in `.tfvars` are the directory's variable files.
type Workspace<'a> = &'a [(&'a str, &'a [(&'a str, &'a str)])];

/// The units of `workspace`, parsed with `cache`.
fn parse(workspace: Workspace, cache: Option<&Cache>) -> Vec<Configuration> {
    let mut db = SourceDb::default();
    let dirs: Vec<TerraformDir> = workspace
        .iter()
        .map(|(dir, files)| {
            let mut out = TerraformDir {
                dir: PathBuf::from(dir),
                files: Vec::new(),
                tfvars: Vec::new(),
            };
            for (name, text) in *files {
                let path = Path::new(dir).join(name);
                let display = path.display().to_string();
                let file = SourceFile::new(path, display, (*text).to_string());
                let id = db.add(file);
                match name.ends_with(".tfvars") {
                    true => out.tfvars.push(id),
                    false => out.files.push(id),
                }
            }
            out
        })
        .collect();
    let roots = [PathBuf::from("/w")];
    let mut no_dirs = |_: &mut SourceDb, _: &Path| Vec::new();
    let limit = MaxFileSize::default();
    let parsed = parse_modules(&mut db, &dirs, &roots, limit, &mut no_dirs, cache);
    if let Some(cache) = cache {
        cache.keep_only_used();
    }
    parsed.units
}

/// The units of `workspace` parsed with `cache`, after checking that they are those of a run
/// without it.
fn units(workspace: Workspace, cache: &Cache) -> Vec<Configuration> {
    let cached = parse(workspace, Some(cache));
    let fresh = parse(workspace, None);
    assert_eq!(format!("{cached:#?}"), format!("{fresh:#?}"));
    cached
}

/// The resource at `address` of the first unit.
fn resource(units: &[Configuration], address: &str) -> Arc<Resource> {
    let found = units[0].resources.iter().find(|r| r.address == address);
    found.unwrap_or_else(|| panic!("no {address}")).clone()
}

/// The text of the `bucket` argument of the resource at `address`.
fn bucket(units: &[Configuration], address: &str) -> String {
    let r = resource(units, address);
    format!("{:?}", r.body.get("bucket").map(|v| &v.kind))
}

const A: &str = "resource \"aws_s3_bucket\" \"a\" {\n  bucket = \"a-${var.env}\"\n}\n";
const B: &str = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = local.b\n}\n";
const VARS: &str = "variable \"env\" {\n  default = \"prod\"\n}\nlocals {\n  b = \"b\"\n}\n";

#[test]
fn an_unchanged_file_keeps_its_resources_when_another_changes() {
    let cache = Cache::default();
    let first = units(
        &[("/w", &[("a.tf", A), ("b.tf", B), ("v.tf", VARS)])],
        &cache,
    );
    let b2 = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b2\"\n}\n";
    let second = units(
        &[("/w", &[("a.tf", A), ("b.tf", b2), ("v.tf", VARS)])],
        &cache,
    );
    let a = "aws_s3_bucket.a";
    assert!(Arc::ptr_eq(&resource(&first, a), &resource(&second, a)));
    assert!(bucket(&second, "aws_s3_bucket.b").contains("b2"));
}

#[test]
fn a_changed_default_local_or_variable_file_reaches_unchanged_files() {
    let cache = Cache::default();
    let files = [("a.tf", A), ("b.tf", B), ("v.tf", VARS)];
    units(&[("/w", &files)], &cache);
    let default = VARS.replace("prod", "dev");
    let got = units(&[("/w", &[files[0], files[1], ("v.tf", &default)])], &cache);
    assert!(bucket(&got, "aws_s3_bucket.a").contains("a-dev"));
    let local = VARS.replace("= \"b\"", "= \"other\"");
    let got = units(&[("/w", &[files[0], files[1], ("v.tf", &local)])], &cache);
    assert!(bucket(&got, "aws_s3_bucket.b").contains("other"));
    let tfvars = ("terraform.tfvars", "env = \"test\"\n");
    let got = units(&[("/w", &[files[0], files[1], files[2], tfvars])], &cache);
    assert!(bucket(&got, "aws_s3_bucket.a").contains("a-test"));
    let got = units(&[("/w", &files)], &cache);
    assert!(bucket(&got, "aws_s3_bucket.a").contains("a-prod"));
}

#[test]
fn a_count_in_another_file_decides_the_references_of_an_unchanged_file() {
    let cache = Cache::default();
    let user = "resource \"aws_s3_bucket_versioning\" \"v\" {\n  bucket = try(aws_s3_bucket.x[0].id, \"none\")\n}\nresource \"aws_s3_bucket_policy\" \"p\" {\n  bucket = aws_s3_bucket.x\n}\n";
    let x = |count: &str| format!("resource \"aws_s3_bucket\" \"x\" {{\n  count = {count}\n}}\n");
    let (one, none, two) = (x("1"), x("0"), x("2"));
    for count in [&one, &none, &one, &two, &one] {
        let got = units(&[("/w", &[("user.tf", user), ("x.tf", count)])], &cache);
        let policy = resource(&got, "aws_s3_bucket_policy.p");
        let target = format!("{:?}", policy.body.get("bucket").map(|v| &v.kind));
        // With one instance the reference names it (`fix_references`).
        assert_eq!(target.contains("x[0]"), count == &one, "{target}");
    }
}

#[test]
fn a_file_moved_to_another_module_is_made_again() {
    let cache = Cache::default();
    let other = "variable \"env\" {\n  default = \"other\"\n}\nlocals {\n  b = \"ob\"\n}\n";
    units(
        &[
            ("/w/one", &[("a.tf", A), ("v.tf", VARS)]),
            ("/w/two", &[("b.tf", B), ("v.tf", other)]),
        ],
        &cache,
    );
    let got = units(
        &[
            ("/w/one", &[("v.tf", VARS)]),
            ("/w/two", &[("a.tf", A), ("b.tf", B), ("v.tf", other)]),
        ],
        &cache,
    );
    assert!(got[0].resources.is_empty());
    assert!(bucket(&got[1..], "aws_s3_bucket.a").contains("a-other"));
}

#[test]
fn reused_files_still_count_against_the_evaluation_budget() {
    // Each use of `local.big` weighs about 40,000 nodes of the module's 2,000,000.
    let big = format!("locals {{\n  big = \"{}\"\n}}\n", "x".repeat(640_000));
    let user = |uses: usize| {
        let attrs: String = (0..uses).map(|i| format!("  a{i} = local.big\n")).collect();
        format!("resource \"aws_s3_bucket\" \"b\" {{\n{attrs}}}\n")
    };
    let names: Vec<String> = (0..45).map(|i| format!("f{i}.tf")).collect();
    let (once, six) = (user(1), user(6));
    let workspace = |first: &str| -> Vec<(String, String)> {
        let mut files = vec![("big.tf".to_string(), big.clone())];
        for (i, name) in names.iter().enumerate() {
            let text = if i == 0 { first } else { &once };
            files.push((name.clone(), text.replace("\"b\"", &format!("\"b{i}\""))));
        }
        files
    };
    let cache = Cache::default();
    for (first, over) in [(&once, false), (&six, true)] {
        let files = workspace(first);
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (&**n, &**t)).collect();
        let cached = parse(&[("/w", &files)], Some(&cache));
        let fresh = parse(&[("/w", &files)], None);
        assert_eq!(!cached[0].limits.is_empty(), over);
        assert_eq!(!fresh[0].limits.is_empty(), over);
    }
}
