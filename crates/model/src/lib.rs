//! The format-neutral model: spanned values, raw resources, and the typed views rules read.
//!
//! `lower` fills a [`Model`] from parsed configurations; rules read only this module's types
//! (plus the IAM evaluator), never a parser's syntax tree.

pub mod components;
pub mod lower;
pub mod place;
pub mod placement;
pub mod plan_map;
pub mod resolve;

use repl_lint_iam::policy::Policy;
use repl_lint_source::Span;
use repl_lint_syntax::resource::{self, ANY_RESOURCE, Dialect};
use repl_lint_syntax::value::{self, Value};
use rustc_hash::FxHashMap;

/// Index of a configuration unit (a Terraform module directory or a template) in a run.
pub type UnitId = usize;

/// What a resource is, as far as replication checks care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// An S3 bucket.
    Bucket,
    /// A standalone versioning resource.
    Versioning,
    /// A replication configuration.
    Replication,
    /// An IAM role.
    Role,
    /// A role's inline policy resource.
    RolePolicy,
    /// A managed policy.
    ManagedPolicy,
    /// A policy attachment.
    PolicyAttachment,
    /// A policy document data source.
    PolicyDocument,
    /// A bucket policy.
    BucketPolicy,
    /// A KMS key.
    KmsKey,
    /// A KMS alias.
    KmsAlias,
    /// Any other resource or data source.
    Other,
}

/// Every resource of the run, by unit and address: what a reference can point at.
#[derive(Debug, Clone)]
pub struct Node {
    /// The unit the resource belongs to.
    pub unit: UnitId,
    /// Its address or logical ID.
    pub address: String,
    /// Its type name as written.
    pub type_name: String,
    /// What it is.
    pub kind: NodeKind,
    /// The language it was written in.
    pub dialect: Dialect,
    /// Its header span.
    pub header: Span,
    /// Its whole span.
    pub span: Span,
    /// Index into the typed list for its kind ([`Model::buckets`], [`Model::roles`]), when it has one.
    pub index: Option<usize>,
    /// What it references or depends on: target addresses with the span of the referring value.
    /// The target [`ANY_RESOURCE`] stands for a dependency the files do not show.
    pub references: Vec<(String, Span)>,
    /// The entries of its explicit `depends_on` / `DependsOn`, in order.
    pub depends_on: Vec<Span>,
    /// True when a Terraform plan shows the resource exists before the apply
    /// ([`repl_lint_syntax::resource::Resource::exists_before_apply`]).
    pub exists_before_apply: bool,
    /// Its account and region, as far as the files say (see [`crate::placement`]).
    pub placement: place::Placement,
}

/// A bucket's versioning status as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersioningStatus {
    /// Enabled.
    Enabled,
    /// Suspended.
    Suspended,
    /// Disabled (never enabled).
    Disabled,
    /// Set by a value the linter cannot resolve.
    Unknown,
}

/// Versioning configured for a bucket, with where it is written.
#[derive(Debug, Clone)]
pub struct Versioning {
    /// The configured status.
    pub status: VersioningStatus,
    /// The status value (or the block when the status is implicit).
    pub status_span: Span,
    /// The status value as written (`None` when the status is implicit).
    pub value: Option<Value>,
    /// The standalone versioning resource's address (`None` for an inline block).
    pub resource: Option<String>,
    /// The versioning resource's header or the inline block.
    pub header: Span,
}

/// An S3 bucket.
#[derive(Debug, Clone)]
pub struct Bucket {
    /// Unit of the bucket.
    pub unit: UnitId,
    /// Address or logical ID.
    pub address: String,
    /// Header span.
    pub header: Span,
    /// Whole resource span.
    pub span: Span,
    /// The bucket name as written (`None` when AWS or the tool generates it).
    pub name: Option<Value>,
    /// Versioning configurations that target this bucket (inline and standalone).
    pub versioning: Vec<Versioning>,
    /// Default encryption configurations (inline and standalone).
    pub encryption: Vec<Encryption>,
    /// Object Ownership settings.
    pub ownership: Vec<Ownership>,
    /// Object Lock settings (the bucket's switch, lock configurations).
    pub object_lock: Vec<ObjectLock>,
    /// Who pays for requests (`Requester` or `BucketOwner`), when the format can say it.
    pub request_payer: Option<Value>,
}

/// A bucket's default encryption.
#[derive(Debug, Clone)]
pub struct Encryption {
    /// The default algorithm (`AES256`, `aws:kms`, `aws:kms:dsse`).
    pub algorithm: Option<Value>,
    /// The KMS key of `aws:kms` encryption.
    pub kms_key: Option<Value>,
    /// Whether S3 Bucket Keys are enabled (`None` when not set: disabled).
    pub bucket_key: Option<Value>,
    /// The encryption rule (or resource header).
    pub span: Span,
}

/// A bucket's Object Ownership setting.
#[derive(Debug, Clone)]
pub struct Ownership {
    /// The setting (`BucketOwnerEnforced`, `BucketOwnerPreferred`, `ObjectWriter`).
    pub object_ownership: Value,
    /// The attribute.
    pub span: Span,
}

/// A bucket's Object Lock setting.
#[derive(Debug, Clone)]
pub struct ObjectLock {
    /// Whether Object Lock is enabled (`None` when unresolved).
    pub enabled: Option<bool>,
    /// The attribute or resource that says so.
    pub span: Span,
}

/// A KMS key with its key policy and aliases.
#[derive(Debug, Clone)]
pub struct KmsKey {
    /// Unit of the key.
    pub unit: UnitId,
    /// Address or logical ID.
    pub address: String,
    /// Header span.
    pub header: Span,
    /// The key policy (inline or from a separate key-policy resource), when in the files.
    pub policy: Option<Policy>,
    /// Whether the key is enabled (`None` when not set or unresolved: enabled by default).
    pub enabled: Option<Value>,
    /// The key spec (`SYMMETRIC_DEFAULT`, ...), when set.
    pub key_spec: Option<Value>,
    /// Alias names (`alias/...`) that point at the key.
    pub aliases: Vec<Value>,
    /// The key's ARN when the files or the plan state it (a planned or read key).
    pub arn: Option<Value>,
    /// The key state when known (a key read by a plan: `Enabled`, `Disabled`,
    /// `PendingDeletion`, ...). A deletion window is not a pending deletion.
    pub state: Option<Value>,
    /// True for a key a Terraform data source reads (it may be one the files create).
    pub is_data: bool,
}

/// A reference to a KMS key, resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyLink {
    /// A key in the files (index into [`Model::keys`]).
    Found(usize),
    /// A key outside the files, or a value the linter cannot resolve.
    External(String),
}

/// A reference from one resource to a bucket, resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum BucketLink {
    /// A bucket in the files (index into [`Model::buckets`]).
    Found(usize),
    /// A reference to a resource address that does not exist.
    Dangling(String),
    /// A bucket outside the files, or a name the linter cannot resolve.
    External(String),
}

/// Delete marker replication / replica modifications / other Enabled-Disabled switches.
#[derive(Debug, Clone)]
pub struct Switch {
    /// `Some(true)` for Enabled, `Some(false)` for Disabled, `None` when unresolved.
    pub enabled: Option<bool>,
    /// The value's span.
    pub span: Span,
}

/// The destination of a replication rule.
#[derive(Debug, Clone)]
pub struct Destination {
    /// The destination bucket (an ARN is expected).
    pub bucket: Option<Value>,
    /// The whole bucket attribute (key and value), or the destination when absent.
    pub bucket_span: Span,
    /// The destination block.
    pub span: Span,
    /// The destination bucket's account.
    pub account: Option<Value>,
    /// The replicas' storage class.
    pub storage_class: Option<Value>,
    /// The access control translation (owner override), when present.
    pub access_control_translation: Option<Span>,
    /// The KMS key that encrypts the replicas.
    pub replica_kms_key: Option<Value>,
    /// The translation's owner (`Destination` is the only valid value); the unknown
    /// translation itself when it cannot be read.
    pub access_control_owner: Option<Value>,
    /// S3 Replication Time Control, with its time in minutes.
    pub replication_time: Option<Control>,
    /// Replication metrics, with their event threshold in minutes.
    pub metrics: Option<Control>,
}

/// An optional element with an Enabled/Disabled status, and for Replication Time Control and
/// metrics a threshold in minutes.
#[derive(Debug, Clone)]
pub struct Control {
    /// The element (block or key with its value).
    pub span: Span,
    /// False when the element is a value the linter cannot read (a `dynamic` block that may
    /// expand to nothing): then its status and minutes are `None`.
    pub known: bool,
    /// Its status (`None` when not written).
    pub status: Option<Switch>,
    /// The threshold element (or the element itself where the format writes the minutes
    /// there), when written.
    pub threshold: Option<Span>,
    /// Its minutes, when written.
    pub minutes: Option<Value>,
}

impl Control {
    /// `Some(true)` when the status is known Enabled, `Some(false)` when known Disabled.
    pub fn enabled(&self) -> Option<bool> {
        self.status.as_ref().and_then(|s| s.enabled)
    }
}

/// The replication configuration schema a rule is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// The earlier schema: a prefix in the rule, no filter, no priority.
    V1,
    /// The current schema: a filter and a priority.
    V2,
}

/// What one element of a replication rule's filter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterElementKind {
    /// A key prefix.
    Prefix,
    /// One required tag.
    Tag,
    /// A conjunction of a prefix and tags.
    And,
    /// A map of tags directly in the filter (sent as a conjunction).
    LooseTags,
    /// A key the format does not define for a filter.
    Other,
}

/// One element of a replication rule's filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterElement {
    /// What it is.
    pub kind: FilterElementKind,
    /// Its key as written.
    pub written: String,
    /// The key's span.
    pub span: Span,
}

/// A tag a rule's filter requires: its single tag, or one of the tags of its conjunction.
#[derive(Debug, Clone)]
pub struct FilterTag {
    /// The tag key.
    pub key: Value,
    /// The tag value, when written.
    pub value: Option<Value>,
    /// The tag element (block, map entry or list item).
    pub span: Span,
}

impl Destination {
    /// A rule without a destination: every field empty, located at the rule.
    pub fn absent(rule: Span) -> Destination {
        Destination {
            bucket: None,
            bucket_span: rule,
            span: rule,
            account: None,
            storage_class: None,
            access_control_translation: None,
            replica_kms_key: None,
            access_control_owner: None,
            replication_time: None,
            metrics: None,
        }
    }
}

/// One replication rule.
#[derive(Debug, Clone)]
pub struct ReplicationRule {
    /// The rule's ID.
    pub id: Option<Value>,
    /// The rule block.
    pub span: Span,
    /// True when the status is Enabled (`None` when unresolved).
    pub enabled: Option<bool>,
    /// The status as written.
    pub status: Option<Value>,
    /// The V1 prefix in the rule itself, when used.
    pub prefix: Option<Value>,
    /// True when the rule has a filter (schema V2).
    pub has_filter: bool,
    /// The schema AWS receives the rule in (`None` when its parts are unknown). A rule without a
    /// filter is V1, with an empty prefix when none is given.
    pub schema: Option<Schema>,
    /// The filter element (block or key), when present.
    pub filter_span: Option<Span>,
    /// The tags the filter requires.
    pub filter_tags: Vec<FilterTag>,
    /// True when the filter's tag map is a value the linter cannot read.
    pub filter_tags_unknown: bool,
    /// Existing object replication, when the format has it.
    pub existing_object_replication: Option<Control>,
    /// True when a part that decides the rule's schema is unknown (prefix, filter or delete
    /// marker replication from an unexpanded `dynamic` block or an unresolved value): its shape
    /// cannot be judged.
    pub has_unknown_parts: bool,
    /// The elements the filter holds as S3 receives them (a prefix, a tag, a conjunction), with
    /// their keys as written and the keys' spans.
    pub filter_elements: Vec<FilterElement>,
    /// The filter's prefix, when given.
    pub filter_prefix: Option<Value>,
    /// Delete marker replication's status.
    pub delete_marker_replication: Option<Switch>,
    /// The rule's priority.
    pub priority: Option<Value>,
    /// The status of replicating SSE-KMS encrypted objects (source selection criteria).
    pub sse_kms_encrypted_objects: Option<Switch>,
    /// The status of replicating replica modifications (source selection criteria).
    pub replica_modifications: Option<Switch>,
    /// The destination.
    pub destination: Destination,
}

impl ReplicationRule {
    /// True for a rule AWS receives in schema V1 (a prefix in the rule, no filter).
    pub fn is_v1(&self) -> bool {
        self.schema == Some(Schema::V1)
    }

    /// The key prefix the rule selects, when it is a known literal ("" for the whole bucket).
    pub fn key_prefix(&self) -> Option<&Value> {
        self.filter_prefix.as_ref().or(self.prefix.as_ref())
    }
}

/// A replication configuration: one source bucket, one role, a list of rules.
#[derive(Debug, Clone)]
pub struct Replication {
    /// Unit of the configuration.
    pub unit: UnitId,
    /// Address of the resource that holds it.
    pub address: String,
    /// The language it was written in.
    pub dialect: Dialect,
    /// The resource header.
    pub header: Span,
    /// The resource (or inline block) span.
    pub span: Span,
    /// True when written inside its source bucket (CloudFormation, and Terraform's legacy
    /// inline block).
    pub inline: bool,
    /// True when it comes from a Terraform plan rather than source files.
    pub from_plan: bool,
    /// The source bucket.
    pub source: BucketLink,
    /// The attribute that names the source bucket (the inline block for legacy inline form).
    pub source_span: Span,
    /// The value that names the source bucket (`None` for the legacy inline form).
    pub source_value: Option<Value>,
    /// The role value.
    pub role: Option<Value>,
    /// The whole role attribute (or the configuration header when absent).
    pub role_span: Span,
    /// The rules; `None` when they cannot be read (dynamic blocks, unknown values).
    pub rules: Option<Vec<ReplicationRule>>,
    /// The element that holds the rules (the configuration when there is none).
    pub rules_span: Span,
    /// The `count` / `for_each` that could not be evaluated, when the configuration stands
    /// for an unknown number of instances.
    pub unexpanded: Option<resource::Unexpanded>,
}

/// An IAM role with every policy that reaches it.
#[derive(Debug, Clone)]
pub struct Role {
    /// Unit of the role.
    pub unit: UnitId,
    /// Address.
    pub address: String,
    /// Header span.
    pub header: Span,
    /// The role name as written (`None` when generated).
    pub name: Option<Value>,
    /// The trust policy, when readable (`None` when absent).
    pub trust: Option<Policy>,
    /// The trust policy attribute span (or the header).
    pub trust_span: Span,
    /// Identity policies attached in any way (inline, role policy, managed + attachment).
    /// Policies that cannot be read are present with `complete == false`.
    pub policies: Vec<Policy>,
    /// The permissions boundary, when readable.
    pub boundary: Option<Policy>,
}

/// A bucket policy.
#[derive(Debug, Clone)]
pub struct BucketPolicy {
    /// Address.
    pub address: String,
    /// The bucket it applies to.
    pub bucket: BucketLink,
    /// The document.
    pub policy: Policy,
}

impl Node {
    /// True when the resource references `address` or lists it in `depends_on`, or may do so
    /// through a dependency the files do not show ([`ANY_RESOURCE`]).
    /// Terraform orders whole resources, so a reference to one instance (`x[0]`) orders after
    /// every instance of `x`.
    pub fn refers_to(&self, address: &str) -> bool {
        let base = address
            .contains('[')
            .then(|| resource::without_keys(address));
        self.references.iter().any(|(target, _)| {
            target == address
                || target == ANY_RESOURCE
                || (target.contains('[') || base.is_some())
                    && resource::without_keys(target) == base.as_deref().unwrap_or(address)
        })
    }
}

/// The resources of one unit, in the order they were added, found by address.
#[derive(Debug, Default)]
pub struct Nodes {
    list: Vec<Node>,
    /// Indexes into `list`, found by the hash of the address: the address is kept once, in the
    /// node (a run of half a million resources would otherwise keep every address twice, and
    /// twice as many node-sized slots).
    by_address: hashbrown::HashTable<u32>,
}

/// The hash by which [`Nodes`] finds an address.
fn address_hash(address: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(address)
}

impl Nodes {
    /// Room for `n` resources.
    pub fn with_capacity(n: usize) -> Nodes {
        Nodes {
            list: Vec::with_capacity(n),
            by_address: hashbrown::HashTable::with_capacity(n),
        }
    }

    /// The position in the list of the resource at `address`.
    fn position(&self, address: &str) -> Option<usize> {
        let list = &self.list;
        let found = self.by_address.find(address_hash(address), |&i| {
            list.get(i as usize).is_some_and(|n| n.address == address)
        });
        found.map(|&i| i as usize)
    }

    /// The resource at `address`.
    pub fn get(&self, address: &str) -> Option<&Node> {
        self.list.get(self.position(address)?)
    }

    /// The resource at `address`, to change it (not its address).
    pub fn get_mut(&mut self, address: &str) -> Option<&mut Node> {
        let i = self.position(address)?;
        self.list.get_mut(i)
    }

    /// Adds a resource; one already at its address is replaced.
    pub fn insert(&mut self, node: Node) {
        match self.position(&node.address) {
            Some(i) => self.list[i] = node,
            None => {
                let i = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
                let list = &self.list;
                let rehash =
                    |&j: &u32| list.get(j as usize).map_or(0, |n| address_hash(&n.address));
                self.by_address
                    .insert_unique(address_hash(&node.address), i, rehash);
                self.list.push(node);
            }
        }
    }

    /// Every resource, in the order added.
    pub fn values(&self) -> impl Iterator<Item = &Node> {
        self.list.iter()
    }
}

impl Model {
    /// The resource at `address` in `unit`.
    pub fn node(&self, unit: UnitId, address: &str) -> Option<&Node> {
        self.nodes.get(unit)?.get(address)
    }
}

/// The linked model of a whole run.
#[derive(Debug, Default)]
pub struct Model {
    /// Every resource: one [`Nodes`] per unit, by address (see [`Model::node`]). The model's maps use
    /// a fast hash: their keys are addresses and names from the user's own files.
    pub nodes: Vec<Nodes>,
    /// The `bucket` attribute of resources that configure a bucket (`aws_s3_bucket_versioning`,
    /// `aws_s3_bucket_policy`, ...), by (unit, address): a reference to their `.bucket` or `.id`
    /// designates that bucket.
    pub bucket_attributes: FxHashMap<(UnitId, String), value::Value>,
    /// Buckets.
    pub buckets: Vec<Bucket>,
    /// Replication configurations.
    pub replications: Vec<Replication>,
    /// Roles.
    pub roles: Vec<Role>,
    /// Bucket policies.
    pub bucket_policies: Vec<BucketPolicy>,
    /// KMS keys.
    pub keys: Vec<KmsKey>,
    /// Units that hold a standalone versioning resource whose bucket could not be resolved
    /// (it may belong to any bucket of that unit), each once.
    pub units_with_unattached_versioning: Vec<UnitId>,
    /// The `target_key_id` of each KMS alias, by (unit, address).
    pub alias_targets: FxHashMap<(UnitId, String), value::Value>,
    /// Buckets by (symbolic) name, for matching names and ARNs written as text.
    pub bucket_by_name: FxHashMap<repl_lint_iam::policy::SymStr, Vec<usize>>,
    /// Roles by literal name.
    pub role_by_name: FxHashMap<String, Vec<usize>>,
}

#[cfg(test)]
#[path = "lib_tests.rs"]
mod tests;
