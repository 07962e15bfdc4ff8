//! The format-neutral model: spanned values, raw resources, and the typed views rules read.

pub mod resource;
pub mod value;
