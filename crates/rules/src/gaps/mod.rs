//! Silent gaps (RL7xx, info, off by default): what replication never does although users expect it.

// The family's rules, one module per rule file, listed by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/rule_modules/gaps.rs"));
