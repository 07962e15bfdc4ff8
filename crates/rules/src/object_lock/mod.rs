//! Object Lock, replica modification sync and two-way replication (RL6xx).

mod edges;
// The family's rules, one module per rule file, listed by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/rule_modules/object_lock.rs"));
