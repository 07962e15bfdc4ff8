//! Bounded evaluation: names that each use the previous one several times stay linear, a value
//! over the size limits is unknown, and the first limit reached is reported once.

use super::*;

/// A module whose `count` names are defined by `define(i)` from the previous one, with
/// `x.y.a` reading the last; returns the module.
fn chain(count: usize, first: &str, define: impl Fn(usize) -> String) -> (SourceDb, Configuration) {
    let mut src = format!("locals {{\n  l0 = {first}\n");
    for i in 1..count {
        src.push_str(&format!("  l{i} = {}\n", define(i - 1)));
    }
    src.push_str(&format!(
        "}}\nresource \"x\" \"y\" {{\n  a = local.l{}\n}}\n",
        count - 1
    ));
    module(&[("main.tf", &src)])
}

fn a_of(config: &Configuration) -> &Value {
    resource(config, "x.y").body.get("a").expect("a")
}

#[test]
fn doubling_templates_stop_at_the_text_limit_with_one_note() {
    let (db, config) = chain(64, "\"aaaaaaaaaaaaaaaa\"", |p| {
        format!("\"${{local.l{p}}}${{local.l{p}}}\"")
    });
    assert!(a_of(&config).as_str().is_none());
    assert!(!matches!(a_of(&config).kind, ValueKind::Str(_)));
    let [(span, what)] = config.limits.as_slice() else {
        panic!("{:?}", config.limits);
    };
    assert!(what.contains("1 MiB"), "{what}");
    // 16 bytes doubled 17 times passes 1 MiB: the note is at `l17`.
    assert_eq!(lc(&db, *span).0, 19);
}

#[test]
fn values_under_the_limits_are_kept() {
    let (_db, config) = chain(16, "\"aaaaaaaaaaaaaaaa\"", |p| {
        format!("\"${{local.l{p}}}${{local.l{p}}}\"")
    });
    let a = a_of(&config).as_str().expect("known");
    assert_eq!(a.len(), 16 << 15);
    assert!(config.limits.is_empty());
}

#[test]
fn join_format_and_variable_defaults_stay_bounded() {
    let join = chain(64, "\"ab\"", |p| {
        format!("join(\"\", [local.l{p}, local.l{p}, local.l{p}])")
    });
    let format = chain(64, "\"ab\"", |p| {
        format!("format(\"%s%s%s\", local.l{p}, local.l{p}, local.l{p})")
    });
    for (_db, config) in [join, format] {
        assert!(a_of(&config).as_str().is_none());
        assert_eq!(config.limits.len(), 1, "{:?}", config.limits);
    }
    let mut src = String::from("variable \"v0\" {\n  default = \"ab\"\n}\n");
    for i in 1..64 {
        src.push_str(&format!(
            "variable \"v{i}\" {{\n  default = \"${{var.v{p}}}${{var.v{p}}}\"\n}}\n",
            p = i - 1
        ));
    }
    src.push_str("resource \"x\" \"y\" {\n  a = var.v63\n}\n");
    let (_db, config) = module(&[("main.tf", &src)]);
    assert!(a_of(&config).as_str().is_none());
    assert_eq!(config.limits.len(), 1);
}

#[test]
fn many_uses_of_a_large_value_exhaust_the_budget_once() {
    // A 512 KiB local used by many locals: each copy is charged, the budget runs out, and
    // later uses are unknown with one note.
    let mut src = String::from("locals {\n  big = \"");
    src.push_str(&"a".repeat(512 * 1024));
    src.push_str("\"\n");
    for i in 0..400 {
        src.push_str(&format!("  u{i:03} = local.big\n"));
    }
    src.push_str("}\nresource \"x\" \"y\" {\n  a = local.u399\n}\n");
    let (_db, config) = module(&[("main.tf", &src)]);
    assert!(a_of(&config).as_str().is_none());
    let [(_, what)] = config.limits.as_slice() else {
        panic!("{:?}", config.limits);
    };
    assert!(what.contains("budget"), "{what}");
}
