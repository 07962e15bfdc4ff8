//! Input and resolution (RL0xx): files that cannot be parsed, references that cannot be resolved, values that cannot be verified, suppressions that match nothing.

pub mod parse_error;
pub mod unresolved_reference;
pub mod unused_suppression;
pub mod unverifiable;
