//! What a run keeps for the next one when runs follow each other on the same files (the
//! language server's).

use super::components::ComponentFindings;
use crate::syntax::hcl;

/// Results kept between runs: each stage that can reuse its work on a file whose text did not
/// change keeps it here, bounded by the files of the last run.
#[derive(Default)]
pub struct Cache {
    /// Terraform files (and variable files) parsed and lowered, and the resources of each root
    /// module's own files.
    pub terraform: hcl::Cache,
    /// The findings of each component of the model.
    pub components: ComponentFindings,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache")
            .field("lowered_files", &self.terraform.files.len())
            .field("components", &self.components.len())
            .finish()
    }
}
