//! repl-lint: finds broken Amazon S3 replication in Terraform and CloudFormation before deployment.

pub mod diagnostic;
pub mod iam;
pub mod model;
pub mod source;
pub mod syntax;
