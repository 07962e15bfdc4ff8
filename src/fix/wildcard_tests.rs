//! Unit tests of `wildcard.rs`.
