//! Where each format writes each field of the typed views: one table per view, naming for every
//! model field the key path that fills it in Terraform and in CloudFormation. The readers
//! (`views.rs`, `replication.rs`, `attach.rs`) read every format through these tables, so each
//! view is read by one piece of code.
//!
//! A Terraform plan is lowered by `syntax/plan` into the same raw resources as Terraform source
//! (the provider's attribute names, blocks as lists of objects), so the Terraform tables serve
//! plans too. Resources that exist in Terraform only (standalone versioning, attachments, ...)
//! keep their few keys in `terraform.rs`, beside the resource types of each format.

use super::replication::{flag, status, terraform_status};
use crate::{Switch, VersioningStatus};
use repl_lint_syntax::resource::Dialect;
use repl_lint_syntax::value::Value;

/// A path of keys from a view's element down to a value (blocks written once are descended).
pub type Path = &'static [&'static str];

/// One view's table in each format.
pub struct Formats<T> {
    /// Terraform source and plans (AWS provider v4+ resources).
    pub terraform: T,
    /// CloudFormation templates.
    pub cloudformation: T,
}

impl<T> Formats<T> {
    /// The table of a dialect.
    pub fn of(&'static self, dialect: Dialect) -> &'static T {
        match dialect {
            Dialect::Terraform => &self.terraform,
            Dialect::CloudFormation => &self.cloudformation,
        }
    }
}

/// A bucket's own properties (`Bucket`).
pub struct BucketKeys {
    /// `Bucket.name`.
    pub name: &'static str,
    /// The default encryption rules written in the bucket (`Bucket.encryption`).
    pub encryption_rules: Path,
    /// The Object Ownership rules written in the bucket (`Bucket.ownership`), when the format
    /// has them there.
    pub ownership_rules: Option<Path>,
    /// `Bucket.request_payer`, when the format writes it in the bucket.
    pub request_payer: Option<&'static str>,
}

/// `Bucket`.
pub const BUCKET: Formats<BucketKeys> = Formats {
    terraform: BucketKeys {
        name: "bucket",
        encryption_rules: &["server_side_encryption_configuration", "rule"],
        ownership_rules: None,
        request_payer: Some("request_payer"),
    },
    cloudformation: BucketKeys {
        name: "BucketName",
        encryption_rules: &["BucketEncryption", "ServerSideEncryptionConfiguration"],
        ownership_rules: Some(&["OwnershipControls", "Rules"]),
        request_payer: None,
    },
};

/// One default encryption rule (`Encryption`), from the rule.
pub struct EncryptionKeys {
    /// `Encryption.algorithm`.
    pub algorithm: Path,
    /// `Encryption.kms_key`.
    pub kms_key: Path,
    /// `Encryption.bucket_key`.
    pub bucket_key: Path,
}

/// `Encryption`.
pub const ENCRYPTION: Formats<EncryptionKeys> = Formats {
    terraform: EncryptionKeys {
        algorithm: &["apply_server_side_encryption_by_default", "sse_algorithm"],
        kms_key: &[
            "apply_server_side_encryption_by_default",
            "kms_master_key_id",
        ],
        bucket_key: &["bucket_key_enabled"],
    },
    cloudformation: EncryptionKeys {
        algorithm: &["ServerSideEncryptionByDefault", "SSEAlgorithm"],
        kms_key: &["ServerSideEncryptionByDefault", "KMSMasterKeyID"],
        bucket_key: &["BucketKeyEnabled"],
    },
};

/// One Object Ownership rule (`Ownership`), from the rule.
pub struct OwnershipKeys {
    /// `Ownership.object_ownership`.
    pub object_ownership: &'static str,
}

/// `Ownership`.
pub const OWNERSHIP: Formats<OwnershipKeys> = Formats {
    terraform: OwnershipKeys {
        object_ownership: "object_ownership",
    },
    cloudformation: OwnershipKeys {
        object_ownership: "ObjectOwnership",
    },
};

/// A versioning status (`Versioning`), from the bucket (CloudFormation) or the standalone
/// versioning resource (Terraform; the legacy inline `versioning` block is read in
/// `terraform.rs`).
pub struct VersioningKeys {
    /// The versioning configuration element.
    pub configuration: &'static str,
    /// `Versioning.value`, in the configuration.
    pub status: &'static str,
    /// The status words the format accepts; any other value is unknown.
    pub words: &'static [(&'static str, VersioningStatus)],
}

/// `Versioning`.
pub const VERSIONING: Formats<VersioningKeys> = Formats {
    terraform: VersioningKeys {
        configuration: "versioning_configuration",
        status: "status",
        words: &[
            ("Enabled", VersioningStatus::Enabled),
            ("Suspended", VersioningStatus::Suspended),
            ("Disabled", VersioningStatus::Disabled),
        ],
    },
    cloudformation: VersioningKeys {
        configuration: "VersioningConfiguration",
        status: "Status",
        words: &[
            ("Enabled", VersioningStatus::Enabled),
            ("Suspended", VersioningStatus::Suspended),
        ],
    },
};

/// Object Lock written in the bucket (`ObjectLock`).
pub struct ObjectLockKeys {
    /// The bucket's boolean switch.
    pub enabled: &'static str,
    /// The lock configuration element.
    pub configuration: &'static str,
    /// Its `Enabled` status.
    pub configuration_enabled: &'static str,
    /// True when a configuration without the status enables Object Lock (the legacy Terraform
    /// block required it).
    pub configuration_enables: bool,
}

/// `ObjectLock`.
pub const OBJECT_LOCK: Formats<ObjectLockKeys> = Formats {
    terraform: ObjectLockKeys {
        enabled: "object_lock_enabled",
        configuration: "object_lock_configuration",
        configuration_enabled: "object_lock_enabled",
        configuration_enables: true,
    },
    cloudformation: ObjectLockKeys {
        enabled: "ObjectLockEnabled",
        configuration: "ObjectLockConfiguration",
        configuration_enabled: "ObjectLockEnabled",
        configuration_enables: false,
    },
};

/// `Role`, and the policies that reach it from its own body.
pub struct RoleKeys {
    /// `Role.name`.
    pub name: &'static str,
    /// The trust policy (`Role.trust`).
    pub trust: &'static str,
    /// The inline policies, each an object holding its document under `inline_document`.
    pub inline_policies: &'static str,
    /// The document of an inline policy.
    pub inline_document: &'static str,
    /// The managed policy ARNs.
    pub managed_policies: &'static str,
    /// The permissions boundary's ARN (`Role.boundary`).
    pub boundary: &'static str,
}

/// `Role`.
pub const ROLE: Formats<RoleKeys> = Formats {
    terraform: RoleKeys {
        name: "name",
        trust: "assume_role_policy",
        inline_policies: "inline_policy",
        inline_document: "policy",
        managed_policies: "managed_policy_arns",
        boundary: "permissions_boundary",
    },
    cloudformation: RoleKeys {
        name: "RoleName",
        trust: "AssumeRolePolicyDocument",
        inline_policies: "Policies",
        inline_document: "PolicyDocument",
        managed_policies: "ManagedPolicyArns",
        boundary: "PermissionsBoundary",
    },
};

/// A policy resource: a role's policy or a managed policy, with the roles it is attached to.
pub struct PolicyKeys {
    /// The document.
    pub document: &'static str,
    /// The keys naming roles (each a role or a list of roles).
    pub roles: &'static [&'static str],
}

/// Policy resources.
pub const POLICY: Formats<PolicyKeys> = Formats {
    terraform: PolicyKeys {
        document: "policy",
        roles: &["role"],
    },
    cloudformation: PolicyKeys {
        document: "PolicyDocument",
        roles: &["Roles", "RoleName"],
    },
};

/// `BucketPolicy`.
pub struct BucketPolicyKeys {
    /// The bucket it applies to.
    pub bucket: &'static str,
    /// The document.
    pub document: &'static str,
}

/// `BucketPolicy`.
pub const BUCKET_POLICY: Formats<BucketPolicyKeys> = Formats {
    terraform: BucketPolicyKeys {
        bucket: "bucket",
        document: "policy",
    },
    cloudformation: BucketPolicyKeys {
        bucket: "Bucket",
        document: "PolicyDocument",
    },
};

/// `KmsKey`, and the aliases that name a key.
pub struct KeyKeys {
    /// `KmsKey.enabled`.
    pub enabled: &'static str,
    /// `KmsKey.key_spec` (the first key written wins).
    pub key_spec: &'static [&'static str],
    /// `KmsKey.arn`, when the format states it.
    pub arn: Option<&'static str>,
    /// `KmsKey.state`, when the format states it.
    pub state: Option<&'static str>,
    /// The key policy (`KmsKey.policy`).
    pub policy: &'static str,
    /// An alias's target key.
    pub alias_target: &'static str,
    /// An alias's name (`KmsKey.aliases`).
    pub alias_name: &'static str,
}

/// `KmsKey`.
pub const KEY: Formats<KeyKeys> = Formats {
    terraform: KeyKeys {
        enabled: "is_enabled",
        key_spec: &["customer_master_key_spec", "key_spec"],
        arn: Some("arn"),
        state: Some("key_state"),
        policy: "policy",
        alias_target: "target_key_id",
        alias_name: "name",
    },
    cloudformation: KeyKeys {
        enabled: "Enabled",
        key_spec: &["KeySpec"],
        arn: None,
        state: None,
        policy: "KeyPolicy",
        alias_target: "TargetKeyId",
        alias_name: "AliasName",
    },
};

/// `Replication`, from the replication configuration.
pub struct ReplicationKeys {
    /// The bucket's key of a configuration written inside it.
    pub in_bucket: &'static str,
    /// `Replication.role`.
    pub role: &'static str,
    /// `Replication.rules`.
    pub rules: &'static str,
    /// The rules' keys.
    pub rule: RuleKeys,
}

/// `Replication`: the standalone Terraform resource and CloudFormation's
/// `ReplicationConfiguration`.
pub const REPLICATION: Formats<ReplicationKeys> = Formats {
    terraform: ReplicationKeys {
        in_bucket: "replication_configuration",
        role: "role",
        rules: "rule",
        rule: RuleKeys {
            id: "id",
            status: "status",
            priority: "priority",
            prefix: "prefix",
            filter: FilterKeys {
                key: "filter",
                prefix: "prefix",
                tag: "tag",
                tag_fields: ["key", "value"],
                and: "and",
                and_tags: Tags::Map("tags"),
                loose_tags: Some("tags"),
                empty_prefix_unset: true,
            },
            delete_marker_replication: &["delete_marker_replication", "status"],
            existing_object_replication: Some(ControlKeys {
                element: "existing_object_replication",
                status: "status",
                minutes: "minutes",
                threshold: Threshold::Absent,
            }),
            source_selection_criteria: "source_selection_criteria",
            sse_kms_encrypted_objects: &["sse_kms_encrypted_objects", "status"],
            replica_modifications: &["replica_modifications", "status"],
            switch: terraform_status,
            sse_kms_switch: terraform_status,
            destination: DestinationKeys {
                key: "destination",
                bucket: "bucket",
                account: "account",
                storage_class: "storage_class",
                replica_kms_key: &["encryption_configuration", "replica_kms_key_id"],
                access_control_translation: "access_control_translation",
                owner: "owner",
                replication_time: ControlKeys {
                    element: "replication_time",
                    status: "status",
                    minutes: "minutes",
                    threshold: Threshold::In("time"),
                },
                metrics: ControlKeys {
                    element: "metrics",
                    status: "status",
                    minutes: "minutes",
                    threshold: Threshold::In("event_threshold"),
                },
                at_entry: false,
            },
        },
    },
    cloudformation: ReplicationKeys {
        in_bucket: "ReplicationConfiguration",
        role: "Role",
        rules: "Rules",
        rule: RuleKeys {
            id: "Id",
            status: "Status",
            priority: "Priority",
            prefix: "Prefix",
            filter: FilterKeys {
                key: "Filter",
                prefix: "Prefix",
                tag: "TagFilter",
                tag_fields: ["Key", "Value"],
                and: "And",
                and_tags: Tags::List("TagFilters"),
                loose_tags: None,
                empty_prefix_unset: false,
            },
            delete_marker_replication: &["DeleteMarkerReplication", "Status"],
            // Not a property of AWS::S3::Bucket's ReplicationRule.
            existing_object_replication: None,
            source_selection_criteria: "SourceSelectionCriteria",
            sse_kms_encrypted_objects: &["SseKmsEncryptedObjects", "Status"],
            replica_modifications: &["ReplicaModifications", "Status"],
            switch: status,
            sse_kms_switch: status,
            destination: DestinationKeys {
                key: "Destination",
                bucket: "Bucket",
                account: "Account",
                storage_class: "StorageClass",
                replica_kms_key: &["EncryptionConfiguration", "ReplicaKmsKeyID"],
                access_control_translation: "AccessControlTranslation",
                owner: "Owner",
                replication_time: ControlKeys {
                    element: "ReplicationTime",
                    status: "Status",
                    minutes: "Minutes",
                    threshold: Threshold::In("Time"),
                },
                metrics: ControlKeys {
                    element: "Metrics",
                    status: "Status",
                    minutes: "Minutes",
                    threshold: Threshold::In("EventThreshold"),
                },
                at_entry: true,
            },
        },
    },
};

/// The legacy inline `replication_configuration` block of Terraform's `aws_s3_bucket`
/// (provider v3): only where it differs from the standalone resource.
pub const TERRAFORM_INLINE_REPLICATION: ReplicationKeys = {
    let standalone = REPLICATION.terraform;
    let rule = standalone.rule;
    let destination = rule.destination;
    ReplicationKeys {
        rules: "rules",
        rule: RuleKeys {
            delete_marker_replication: &["delete_marker_replication_status"],
            sse_kms_encrypted_objects: &["sse_kms_encrypted_objects", "enabled"],
            // A bool argument where the standalone resource has a status.
            sse_kms_switch: flag,
            destination: DestinationKeys {
                account: "account_id",
                replica_kms_key: &["replica_kms_key_id"],
                replication_time: ControlKeys {
                    threshold: Threshold::Direct,
                    ..destination.replication_time
                },
                metrics: ControlKeys {
                    threshold: Threshold::Direct,
                    ..destination.metrics
                },
                ..destination
            },
            ..rule
        },
        ..standalone
    }
};

/// One replication rule (`ReplicationRule`).
pub struct RuleKeys {
    /// `ReplicationRule.id`.
    pub id: &'static str,
    /// `ReplicationRule.status`.
    pub status: &'static str,
    /// `ReplicationRule.priority`.
    pub priority: &'static str,
    /// `ReplicationRule.prefix` (the V1 top-level prefix).
    pub prefix: &'static str,
    /// The filter.
    pub filter: FilterKeys,
    /// `ReplicationRule.delete_marker_replication`.
    pub delete_marker_replication: Path,
    /// `ReplicationRule.existing_object_replication`, when the format has it.
    pub existing_object_replication: Option<ControlKeys>,
    /// The source selection criteria element.
    pub source_selection_criteria: &'static str,
    /// `ReplicationRule.sse_kms_encrypted_objects`, in the criteria.
    pub sse_kms_encrypted_objects: Path,
    /// `ReplicationRule.replica_modifications`, in the criteria.
    pub replica_modifications: Path,
    /// How the format's Enabled/Disabled statuses read.
    pub switch: fn(&Value) -> Switch,
    /// How `sse_kms_encrypted_objects` reads.
    pub sse_kms_switch: fn(&Value) -> Switch,
    /// `ReplicationRule.destination`.
    pub destination: DestinationKeys,
}

/// A rule's filter.
pub struct FilterKeys {
    /// The rule's key of the filter.
    pub key: &'static str,
    /// `ReplicationRule.filter_prefix`, in the filter or in its conjunction.
    pub prefix: &'static str,
    /// A single required tag, an object of `tag_fields`.
    pub tag: &'static str,
    /// A tag's key and value.
    pub tag_fields: [&'static str; 2],
    /// The conjunction.
    pub and: &'static str,
    /// The conjunction's tags.
    pub and_tags: Tags,
    /// A map of tags directly in the filter (the legacy Terraform inline form, which the
    /// provider sends as a conjunction with the prefix).
    pub loose_tags: Option<&'static str>,
    /// True when an empty prefix beside another element is an unset one (a plan writes `""`
    /// for it) and adds nothing to the filter.
    pub empty_prefix_unset: bool,
}

/// How a conjunction's tags are written.
pub enum Tags {
    /// A map of tag keys to values.
    Map(&'static str),
    /// A list of tag objects.
    List(&'static str),
}

/// A rule's destination (`Destination`).
pub struct DestinationKeys {
    /// The rule's key of the destination.
    pub key: &'static str,
    /// `Destination.bucket`.
    pub bucket: &'static str,
    /// `Destination.account`.
    pub account: &'static str,
    /// `Destination.storage_class`.
    pub storage_class: &'static str,
    /// `Destination.replica_kms_key`.
    pub replica_kms_key: Path,
    /// `Destination.access_control_translation`.
    pub access_control_translation: &'static str,
    /// `Destination.access_control_owner`, in the translation.
    pub owner: &'static str,
    /// `Destination.replication_time`.
    pub replication_time: ControlKeys,
    /// `Destination.metrics`.
    pub metrics: ControlKeys,
    /// True when the destination is located at its key and value (CloudFormation), false when
    /// at its block (Terraform).
    pub at_entry: bool,
}

/// An element with a status and maybe minutes (`Control`).
pub struct ControlKeys {
    /// The element.
    pub element: &'static str,
    /// `Control.status`.
    pub status: &'static str,
    /// `Control.minutes`.
    pub minutes: &'static str,
    /// Where the minutes are written.
    pub threshold: Threshold,
}

/// Where a control's minutes are written.
pub enum Threshold {
    /// In a threshold element of this name (`Time`, `EventThreshold`).
    In(&'static str),
    /// Directly in the control, which is the threshold too (the legacy Terraform inline form).
    Direct,
    /// Nowhere: the control has a status only.
    Absent,
}
