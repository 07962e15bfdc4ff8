//! Configuration shape (RL1xx): what the replication configuration alone must satisfy.

pub mod access_control_translation_needs_account;
pub mod all_rules_disabled;
pub mod delete_markers_with_tag_filter;
pub mod destination_is_source;
pub mod destination_not_arn;
pub mod directory_bucket;
pub mod duplicate_priority;
pub mod duplicate_replication_config;
pub mod existing_object_replication;
pub mod filter_needs_delete_marker_replication;
pub mod filter_needs_priority;
pub mod filter_shape;
pub mod invalid_storage_class;
pub mod metrics_threshold_without_rtc;
pub mod overlapping_rules;
pub mod prefix_and_filter;
pub mod prefix_leading_slash;
pub mod role_not_arn;
pub mod rtc_minutes;
pub mod rtc_needs_metrics;
pub mod rule_limits;
pub mod v1_multiple_destinations;
pub mod v2_only_element;
