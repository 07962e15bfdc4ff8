//! Encryption and KMS keys (RL4xx): which keys replication uses and what their policies allow.

// The family's rules, one module per rule file, listed by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/rule_modules/kms.rs"));
