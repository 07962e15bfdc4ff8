//! The replication role (RL3xx): its trust policy and the permissions its policies grant.

pub mod explicit_deny;
pub mod object_resource_without_wildcard;
pub mod role_destination_permissions;
pub mod role_kms_decrypt;
pub mod role_kms_encrypt;
pub mod role_object_lock_permissions;
pub mod role_owner_override_permission;
pub mod role_resource_scope;
pub mod role_source_bucket_permissions;
pub mod role_source_object_permissions;
pub mod role_source_tagging_permission;
pub mod role_trust;
pub mod role_trust_batch;
