//! The documentation of every rule (`rules/RLxxx.md`), built into the binary for
//! `repl-lint explain`.

/// Embeds `rules/<ID>.md` for each listed rule ID.
macro_rules! rule_docs {
    ($($id:literal),* $(,)?) => {
        /// (rule ID, Markdown documentation) for every rule.
        pub static DOCS: &[(&str, &str)] = &[
            $(($id, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $id, ".md")))),*
        ];
    };
}

rule_docs!(
    "RL001", "RL002", "RL003", "RL101", "RL102", "RL103", "RL105", "RL106", "RL107", "RL108",
    "RL201", "RL202", "RL203", "RL204", "RL301", "RL302", "RL303", "RL304", "RL305", "RL306",
    "RL307", "RL308", "RL309", "RL310", "RL311", "RL312", "RL313", "RL401", "RL402", "RL404",
    "RL406", "RL407",
);

/// The documentation of a rule by ID (case-insensitive) or name.
pub fn doc(id_or_name: &str) -> Option<&'static str> {
    let meta = super::RULES
        .iter()
        .map(|r| r.meta)
        .find(|m| m.id.eq_ignore_ascii_case(id_or_name) || m.name == id_or_name)?;
    DOCS.iter()
        .find(|(id, _)| *id == meta.id)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_registered_rule_has_embedded_documentation() {
        for rule in super::super::RULES {
            assert!(
                super::doc(rule.meta.id).is_some(),
                "{} has no embedded doc",
                rule.meta.id
            );
        }
        assert_eq!(super::DOCS.len(), super::super::RULES.len());
    }
}
