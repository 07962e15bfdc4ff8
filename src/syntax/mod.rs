//! Front ends: turn source text (Terraform HCL, embedded JSON) into spanned resources and values.

pub mod cfn;
pub mod hcl;
pub mod json;
pub mod plan;
pub mod yaml;
