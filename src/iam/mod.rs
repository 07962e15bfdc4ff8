//! IAM policy evaluation: does a set of policies allow an action on a resource for a principal?

pub mod policy;
