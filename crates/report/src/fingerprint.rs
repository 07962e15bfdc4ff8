//! Stable fingerprints of diagnostics, shared by SARIF `partialFingerprints` and baselines.
//!
//! A fingerprint hashes what identifies a finding independently of where it sits: the rule, the
//! file (relative to the repository root, see [`super::root`]), the resource, and the text of
//! the primary span with whitespace collapsed, plus the occurrence number among findings with
//! the same key. Lines moving, unrelated edits, re-indentation and the working directory leave
//! it unchanged.

use std::collections::HashMap;

use repl_lint_source::SourceDb;
use repl_lint_source::diagnostic::Diagnostic;

/// One fingerprint (16 hex digits) per diagnostic, in the order given.
pub fn fingerprints(db: &SourceDb, diagnostics: &[Diagnostic]) -> Vec<String> {
    let root = super::root::repository_root();
    let mut seen: HashMap<u64, u32> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let key = key_hash(db, root.as_deref(), d);
            let occurrence = seen.entry(key).or_insert(0);
            *occurrence += 1;
            let mut hash = Fnv::default();
            hash.write(&key.to_le_bytes());
            hash.write(&occurrence.to_le_bytes());
            format!("{:016x}", hash.0)
        })
        .collect()
}

fn key_hash(db: &SourceDb, root: Option<&std::path::Path>, d: &Diagnostic) -> u64 {
    let mut hash = Fnv::default();
    hash.write(d.rule.as_bytes());
    hash.write(&[0]);
    let file = db.file(d.primary.file);
    hash.write(super::root::report_path(root, file).as_bytes());
    hash.write(&[0]);
    hash.write(d.resource.as_deref().unwrap_or("").as_bytes());
    hash.write(&[0]);
    for word in db.file(d.primary.file).slice(d.primary).split_whitespace() {
        hash.write(word.as_bytes());
        hash.write(b" ");
    }
    hash.0
}

/// FNV-1a, 64 bit: stable across Rust versions and platforms, unlike `DefaultHasher`.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
#[path = "fingerprint_tests.rs"]
mod tests;
