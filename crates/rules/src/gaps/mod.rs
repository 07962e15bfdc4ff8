//! Silent gaps (RL7xx, info, off by default): what replication never does although users expect it.

pub mod existing_objects;
pub mod outside_policies;
pub mod tag_filter_at_creation;
