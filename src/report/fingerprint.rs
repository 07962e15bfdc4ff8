//! Stable fingerprints of diagnostics, shared by SARIF `partialFingerprints` and baselines.
//!
//! A fingerprint hashes what identifies a finding independently of where it sits: the rule, the
//! file, the resource, and the text of the primary span with whitespace collapsed, plus the
//! occurrence number among findings with the same key. Lines moving, unrelated edits and
//! re-indentation leave it unchanged.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::source::SourceDb;

/// One fingerprint (16 hex digits) per diagnostic, in the order given.
pub fn fingerprints(db: &SourceDb, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: HashMap<u64, u32> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let key = key_hash(db, d);
            let occurrence = seen.entry(key).or_insert(0);
            *occurrence += 1;
            let mut hash = Fnv::default();
            hash.write(&key.to_le_bytes());
            hash.write(&occurrence.to_le_bytes());
            format!("{:016x}", hash.0)
        })
        .collect()
}

fn key_hash(db: &SourceDb, d: &Diagnostic) -> u64 {
    let mut hash = Fnv::default();
    hash.write(d.rule.as_bytes());
    hash.write(&[0]);
    hash.write(db.file(d.primary.file).display.as_bytes());
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
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::source::{SourceFile, Span};

    fn diagnostic(db: &SourceDb, file: crate::source::FileId, needle: &str) -> Diagnostic {
        let start = db.file(file).text.find(needle).unwrap();
        Diagnostic {
            rule: "RL202",
            name: "destination-versioning",
            severity: Severity::Error,
            message: "m".into(),
            primary: Span::new(file, start, start + needle.len()),
            resource: Some("aws_s3_bucket.b".into()),
            related: Vec::new(),
            help: None,
        }
    }

    fn print(text: &str, needle: &str) -> String {
        let mut db = SourceDb::default();
        let file = db.add(SourceFile::new("m.tf".into(), "m.tf".into(), text.into()));
        fingerprints(&db, &[diagnostic(&db, file, needle)]).remove(0)
    }

    #[test]
    fn survives_moved_lines_and_reindentation() {
        let before = print("a\nstatus = \"Suspended\"\n", "status = \"Suspended\"");
        let after = print(
            "x\ny\n\n    status  =  \"Suspended\"\n",
            "status  =  \"Suspended\"",
        );
        assert_eq!(before, after);
        assert_eq!(before.len(), 16);
    }

    #[test]
    fn differs_for_different_text_and_repeated_findings() {
        let a = print("status = \"Suspended\"", "status = \"Suspended\"");
        let b = print("status = \"Disabled\"", "status = \"Disabled\"");
        assert_ne!(a, b);
        let mut db = SourceDb::default();
        let file = db.add(SourceFile::new("m.tf".into(), "m.tf".into(), "x x".into()));
        let d = diagnostic(&db, file, "x");
        let prints = fingerprints(&db, &[d.clone(), d]);
        assert_ne!(prints[0], prints[1]);
    }
}
