//! Resources as the parsers deliver them: an address, a type, spans, and a body of [`Value`]s.
//! Format-specific names (`aws_s3_bucket`, `AWS::S3::Bucket`) are still in place here; the
//! `lower` stage turns them into the typed views that rules read.

use crate::value::Value;
use repl_lint_source::Span;

/// Which language a resource was written in (decides how `lower` reads its attribute names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    /// Terraform AWS provider (HCL source, `.tf.json`, plan JSON).
    Terraform,
    /// CloudFormation / SAM / CDK templates.
    CloudFormation,
}

/// One resource or data source of a configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Unique address inside its module: `aws_s3_bucket.src`, `data.aws_iam_policy_document.p`,
    /// or a CloudFormation logical ID.
    pub address: String,
    /// The resource type: `aws_s3_bucket`, `AWS::S3::Bucket`.
    pub type_name: String,
    /// True for a Terraform `data` block.
    pub is_data: bool,
    /// The header (`resource "aws_s3_bucket" "src"`), used when an attribute is missing.
    pub header: Span,
    /// The whole block.
    pub span: Span,
    /// The body: a map of attributes; nested blocks are lists of maps under their type name.
    pub body: Value,
    /// Explicit dependencies (`depends_on` / `DependsOn`) as addresses, with their spans.
    pub depends_on: Vec<(String, Span)>,
    /// The Terraform provider reference (`aws.replica`) when given.
    pub provider: Option<String>,
    /// True when a Terraform plan shows the resource exists before the apply (its change
    /// creates nothing: no-op, update, read, or no change listed). Always false for source
    /// files, which are linted as a first apply.
    pub exists_before_apply: bool,
    /// The `count` or `for_each` (of the resource or of a module call around it) the linter
    /// could not evaluate: the resource stands for an unknown number of instances and is linted
    /// as one whose iterator values are unknown.
    pub unexpanded: Option<Unexpanded>,
}

/// A `count` or `for_each` that could not be evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct Unexpanded {
    /// The expression.
    pub span: Span,
    /// The argument and the expression as written (`for_each = var.rules`).
    pub text: String,
}

/// A Terraform `provider` block, reduced to what replication checks need.
#[derive(Debug, Clone, PartialEq)]
pub struct Provider {
    /// `aws` or `aws.<alias>`.
    pub key: String,
    /// The body (region, allowed_account_ids, assume_role, ...).
    pub body: Value,
    /// The block header.
    pub header: Span,
}

/// A problem that stopped a file from being read.
#[derive(Debug, Clone)]
pub struct ParseError {
    /// Where the problem is (a zero-width span at the offending byte is fine).
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

/// Everything one configuration unit (a Terraform module directory, a template) contributes.
#[derive(Debug, Clone, Default)]
pub struct Configuration {
    /// The language of its resources.
    pub dialect: Dialect,
    /// True for a Terraform plan (`terraform show -json`) rather than source files.
    pub from_plan: bool,
    /// Resources and data sources.
    pub resources: Vec<Resource>,
    /// Provider blocks.
    pub providers: Vec<Provider>,
    /// Files that could not be parsed.
    pub errors: Vec<ParseError>,
    /// The Terraform module calls whose resources were flattened into this unit.
    pub module_calls: Vec<ModuleCall>,
    /// Evaluation limits reached while reading it: where, and what became unknown (each is
    /// reported once as an RL003 note).
    pub limits: Vec<(Span, String)>,
}

impl Configuration {
    /// Its resources by address.
    pub fn by_address(&self) -> std::collections::HashMap<&str, &Resource> {
        self.resources
            .iter()
            .map(|r| (r.address.as_str(), r))
            .collect()
    }
}

/// A Terraform `module` block that was followed: the resources of the module it calls have
/// addresses starting with `prefix`.
#[derive(Debug, Clone)]
pub struct ModuleCall {
    /// The address prefix of the called module's resources, with a trailing dot:
    /// `module.logs.` or `module.logs.module.replica.`.
    pub prefix: String,
    /// The header of the calling `module` block (`module "replica"`).
    pub header: Span,
}

/// An address without its instance keys: `module.a["k"].x.y[0]` → `module.a.x.y`.
pub fn without_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    for c in address.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_str => escaped = true,
            '"' if depth > 0 => in_str = !in_str,
            '[' if !in_str => depth += 1,
            ']' if !in_str => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The reference target of a dependency the files do not name: a plan expression that uses a
/// `local`, a child module's input variable or a module's outputs. It may be any resource.
pub const ANY_RESOURCE: &str = "*";
