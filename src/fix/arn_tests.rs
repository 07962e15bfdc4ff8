//! Unit tests of `arn.rs`.
