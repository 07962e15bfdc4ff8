//! Lowering: turns parsed configurations (format-specific resource types and attribute names)
//! into the typed, linked [`Model`] that rules read.

mod policy;
mod terraform;
#[cfg(test)]
mod tests;

use crate::model::Model;
use crate::model::resource::Configuration;

/// Builds the linked model of a whole run from its configuration units (index = unit id).
pub fn build_model(units: &[Configuration]) -> Model {
    let mut model = Model::default();
    for (unit, config) in units.iter().enumerate() {
        terraform::register(&mut model, unit, config);
    }
    model.index_names();
    for (unit, config) in units.iter().enumerate() {
        terraform::link(&mut model, unit, config);
    }
    model
}

impl Model {
    /// Fills the name indexes once every bucket and role is registered.
    fn index_names(&mut self) {
        for i in 0..self.buckets.len() {
            let name = self.bucket_name_sym(i);
            self.bucket_by_name.entry(name).or_default().push(i);
        }
        for (i, role) in self.roles.iter().enumerate() {
            if let Some(name) = role.name.as_ref().and_then(|n| n.as_str()) {
                self.role_by_name
                    .entry(name.to_string())
                    .or_default()
                    .push(i);
            }
        }
    }
}
