//! Encryption and KMS keys (RL4xx): which keys replication uses and what their policies allow.

pub mod aws_managed_key;
pub mod bucket_key_replica_decrypt;
pub mod key_disabled;
pub mod key_policy_grants;
pub mod kms_objects_not_selected;
pub mod kms_selection_needs_replica_key;
pub mod replica_key_form;
pub mod replica_key_region;
