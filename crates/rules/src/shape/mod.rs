//! Configuration shape (RL1xx): what the replication configuration alone must satisfy.

// The family's rules, one module per rule file, listed by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/rule_modules/shape.rs"));
