//! Unit tests of `rule.rs`.
