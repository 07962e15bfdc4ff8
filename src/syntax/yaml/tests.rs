//! Tests for the YAML composer.
