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
    "RL001", "RL002", "RL003", "RL004", "RL101", "RL102", "RL103", "RL104", "RL105", "RL106",
    "RL107", "RL108", "RL109", "RL110", "RL111", "RL112", "RL113", "RL114", "RL115", "RL116",
    "RL117", "RL118", "RL119", "RL120", "RL121", "RL201", "RL202", "RL203", "RL204", "RL301",
    "RL302", "RL303", "RL304", "RL305", "RL306", "RL307", "RL308", "RL309", "RL310", "RL311",
    "RL312", "RL313", "RL401", "RL402", "RL403", "RL404", "RL405", "RL406", "RL407", "RL501",
    "RL502", "RL503", "RL504", "RL505", "RL506", "RL601", "RL602", "RL603", "RL701", "RL702",
    "RL703",
);

/// The documentation of a rule by ID (case-insensitive) or name.
pub fn doc(id_or_name: &str) -> Option<&'static str> {
    let meta = super::find(id_or_name)?;
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
