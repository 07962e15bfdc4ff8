//! Unit tests of `actions.rs`.
