//! Input and resolution (RL0xx): files that cannot be parsed, references that cannot be resolved, values that cannot be verified, suppressions that match nothing.

// The family's rules, one module per rule file, listed by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/rule_modules/input.rs"));
