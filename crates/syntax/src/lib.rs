//! Front ends: turn source text (Terraform HCL and JSON syntax, plan JSON, YAML, CloudFormation)
//! into spanned [`value`]s and raw [`resource`]s; no AWS knowledge beyond each format's own rules.

pub mod cfn;
pub mod hcl;
pub mod json;
pub mod plan;
pub mod replaced;
pub mod resource;
pub mod value;
pub mod yaml;
