//! Generates the rule registry from the rule files, so that adding a rule needs no registration.
//!
//! A rule file is a `.rs` file in a family folder of `src/` (`src/shape/`, `src/role/`, ...) with a
//! `declare_rule! {` line; its ID is the `id:` of that declaration. The documents are the
//! repository's `rules/RL*.md`. Written to `OUT_DIR`, sorted so the output does not
//! depend on the order the file system lists entries in:
//! - `rule_modules/<family>.rs`: the family's rule modules, included by the family's `mod.rs`;
//! - `rule_registry.rs`: `RULES`, every declared rule in ID order, included by `src/lib.rs`;
//! - `rule_docs.rs`: `DOCS`, every `rules/RL*.md` in ID order, included by `src/docs.rs`.
//!
//! A missing document, a document without a rule or a repeated ID is left to the tests of
//! `src/lib_tests.rs`, which name it.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let rules_src = root.join("src");
    let docs_dir = root
        .join("../../rules")
        .canonicalize()
        .expect("the repository's rules/ folder");
    println!("cargo:rerun-if-changed={}", rules_src.display());
    println!("cargo:rerun-if-changed={}", docs_dir.display());

    let modules_dir = out.join("rule_modules");
    fs::create_dir_all(&modules_dir).expect("create OUT_DIR/rule_modules");
    // (ID, `family::module`) of every rule.
    let mut rules: Vec<(String, String)> = Vec::new();
    for family in sorted_entries(&rules_src)
        .into_iter()
        .filter(|p| p.is_dir())
    {
        let family_name = file_stem(&family);
        let family_mod = fs::read_to_string(family.join("mod.rs")).expect("read a family's mod.rs");
        let mut modules = String::new();
        for file in sorted_entries(&family) {
            let module = file_stem(&file);
            let is_source = file.extension().is_some_and(|e| e == "rs");
            if !is_source || module == "mod" || module.ends_with("_tests") {
                continue;
            }
            let text = fs::read_to_string(&file).expect("read a rule file");
            let Some((id, name)) = declaration(&text) else {
                // A helper of the family, declared by hand in its mod.rs.
                assert!(
                    family_mod.contains(&format!("mod {module};")),
                    "{} has no `declare_rule! {{` line and {family_name}/mod.rs does not declare it",
                    file.display()
                );
                continue;
            };
            assert_eq!(
                module,
                name.replace('-', "_"),
                "{}: a rule file is named after its rule ({id} {name})",
                file.display()
            );
            writeln!(
                modules,
                "#[path = {:?}]\npub mod {module};",
                file.display().to_string()
            )
            .unwrap();
            rules.push((id, format!("{family_name}::{module}")));
        }
        fs::write(modules_dir.join(format!("{family_name}.rs")), modules)
            .expect("write a family's rule modules");
    }
    rules.sort();

    let mut registry =
        String::from("/// Every rule, in ID order.\npub static RULES: &[Rule] = &[\n");
    for (_, module) in &rules {
        writeln!(registry, "    {module}::RULE,").unwrap();
    }
    registry.push_str("];\n");
    let mut docs = String::from(
        "/// (rule ID, Markdown documentation) for every `rules/RL*.md`, in ID order.\n\
         pub static DOCS: &[(&str, &str)] = &[\n",
    );
    for doc in sorted_entries(&docs_dir) {
        let id = file_stem(&doc);
        if id.starts_with("RL") && doc.extension().is_some_and(|e| e == "md") {
            writeln!(
                docs,
                "    ({id:?}, include_str!({:?})),",
                doc.display().to_string()
            )
            .unwrap();
        }
    }
    docs.push_str("];\n");
    fs::write(out.join("rule_registry.rs"), registry).expect("write the rule registry");
    fs::write(out.join("rule_docs.rs"), docs).expect("write the rule documents");
}

/// The ID and name a rule file declares: from the `id:` and `name:` lines after its
/// `declare_rule! {` line (`id: RL122,`, `name: "prefix-leading-slash",`).
fn declaration(text: &str) -> Option<(String, String)> {
    let mut lines = text
        .lines()
        .skip_while(|l| l.trim_end() != "declare_rule! {");
    lines.next()?;
    let mut field = |key: &str| {
        let line = lines.next().map(str::trim).unwrap_or_default();
        let value = line.strip_prefix(key).and_then(|v| v.strip_suffix(','));
        let value =
            value.unwrap_or_else(|| panic!("declare_rule! wants `{key} ...,` here: `{line}`"));
        value.trim().trim_matches('"').to_string()
    };
    let id = field("id:");
    let name = field("name:");
    Some((id, name))
}

/// The entries of a directory, sorted by path.
fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|entry| entry.expect("read a directory entry").path())
        .collect();
    entries.sort();
    entries
}

/// A path's file name without its extension.
fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
