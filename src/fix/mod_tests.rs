//! Unit tests of `mod.rs`.
