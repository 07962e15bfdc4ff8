//! Diagnostics: what rules emit and what every report writer consumes.

use crate::Span;

/// How serious a diagnostic is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something the files cannot prove either way.
    Info,
    /// Deploys, but objects are silently not replicated, or very likely a mistake.
    Warning,
    /// AWS rejects the configuration or replication fails.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary location that helps explain a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// Why it is relevant ("destination bucket defined here").
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Rule ID, e.g. `RL202`.
    pub rule: &'static str,
    /// Rule name, e.g. `destination-versioning`.
    pub name: &'static str,
    /// Severity of this finding (a rule may emit below its default severity).
    pub severity: Severity,
    /// One sentence that says what will break.
    pub message: String,
    /// The most specific span that explains the problem.
    pub primary: Span,
    /// The resource the finding is about (address or logical ID).
    pub resource: Option<String>,
    /// Other resources involved.
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Option<String>,
    /// The mechanical fix the rule knows for it, if any (the binary's `fix` module turns it into edits).
    pub fix: Option<FixIntent>,
}

/// A mechanical fix, as a rule knows it: what to change, located by the spans the model holds.
/// Rules never see text; the binary's `fix::candidate` reads the text at these spans and makes the
/// edits (or none, when the text is not in a shape it can edit with certainty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixIntent {
    /// A reference that yields a resource's name where its ARN is needed: Terraform
    /// `aws_iam_role.x.name` becomes `aws_iam_role.x.arn`, CloudFormation `!Ref X` becomes
    /// `!GetAtt X.Arn` (`{"Ref": "X"}` becomes `{"Fn::GetAtt": ["X", "Arn"]}`).
    UseArn {
        /// The reference as written.
        reference: Span,
        /// The referenced resource: its address (`aws_iam_role.x`, `module.m.aws_iam_role.x`) or
        /// logical ID.
        target: String,
        /// The Terraform attribute that yields the name (`name`, `id`, `bucket`); empty for a
        /// CloudFormation `Ref`.
        attr: String,
    },
    /// An element to add to a replication rule, written after the rule's filter.
    AddToRule {
        /// The rule.
        rule: Span,
        /// The rule's filter (the whole block or key with its value).
        filter: Span,
        /// What to add.
        element: RuleElement,
    },
    /// Actions to add to the action list of the one statement that grants the others on the
    /// resource (a single-string action becomes a list).
    AddAction {
        /// Every action string of the statement's list, in order (one for a single string).
        actions: Vec<Span>,
        /// The actions to add, e.g. `s3:GetObjectVersionForReplication`.
        added: Vec<String>,
    },
    /// A resource string that names a bucket where its objects were meant: it gets `/*`.
    ObjectWildcard {
        /// The resource as written.
        resource: Span,
    },
    /// A literal that reads `from` (quoted or bare) becomes `to`, quoted as it was: a
    /// versioning status `Suspended` becomes `Enabled`, `enabled = false` becomes `true`.
    ReplaceLiteral {
        /// The value as written.
        value: Span,
        /// What it must read.
        from: String,
        /// What it becomes.
        to: String,
    },
    /// A bucket without versioning gets versioning Enabled: in Terraform a new
    /// `aws_s3_bucket_versioning` resource right after the bucket's block (and the replication
    /// resource that needs it lists it in `depends_on`); in CloudFormation
    /// `VersioningConfiguration` under the bucket's `Properties`.
    AddVersioning {
        /// The whole bucket resource.
        bucket: Span,
        /// The bucket's address as written in its file (`aws_s3_bucket.x`) or logical ID.
        address: String,
        /// Terraform: the address of the new versioning resource (`aws_s3_bucket_versioning.x`).
        versioning: Option<String>,
        /// Terraform: the replication resource that must be created after the new resource.
        depends_on: Option<DependsOn>,
    },
    /// An address added to a Terraform resource's `depends_on` (created when absent).
    AddDependsOn(DependsOn),
    /// A KMS key named through an alias becomes its key's ARN: the whole value, which must read
    /// `from` (inside its quotes, if any), is replaced.
    UseKeyArn {
        /// The value as written.
        value: Span,
        /// What it must read: `alias/x`, `aws_kms_alias.x.name`.
        from: String,
        /// The key's ARN.
        arn: KeyArn,
    },
}

/// How a fix writes a KMS key's ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyArn {
    /// A Terraform expression, e.g. `aws_kms_alias.x.target_key_arn`.
    Terraform(String),
    /// The logical ID of a CloudFormation key: `!GetAtt ID.Arn` (`{"Fn::GetAtt": ["ID", "Arn"]}`
    /// in JSON).
    CloudFormation(String),
}

/// A Terraform resource and the address its `depends_on` must list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DependsOn {
    /// The whole resource.
    pub resource: Span,
    /// The entries of its `depends_on` list, in order (none when it has no `depends_on`).
    pub listed: Vec<Span>,
    /// The address to add, e.g. `aws_s3_bucket_versioning.source`.
    pub address: String,
}

/// An element [`FixIntent::AddToRule`] adds to a replication rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleElement {
    /// `DeleteMarkerReplication` with `Status` Disabled (the behaviour of a V1 rule without it).
    DeleteMarkerReplicationDisabled,
    /// `Priority` with this value (CloudFormation).
    Priority(u32),
}
