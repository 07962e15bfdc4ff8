//! The permissions a replication configuration needs from its role ([`needs`]), each owned by the
//! rule that reports it when missing (RL302-RL305, RL308, RL309, RL311, RL312) and checked again
//! by RL306, RL307, RL310 and RL406; and how a need reads in messages.

use super::kms_needs::{is_aws_managed_key, key_need, kms_default_encryption, source_key_need};
use super::prelude::{rules, source_bucket};
use super::resource_arns::{destination_arn, display_resource, object_arn, source_arn};
use repl_lint_iam::policy::SymStr;
use repl_lint_model::{BucketLink, Model, Replication};
use repl_lint_source::Span;
use repl_lint_source::diagnostic::Severity;

/// One permission a replication needs from its role.
#[derive(Debug, Clone)]
pub struct Need {
    /// The rule that reports it when missing (`RL302` ... `RL305`, `RL308`, `RL309`, `RL311`,
    /// `RL312`).
    pub owner: &'static str,
    /// The action, e.g. `s3:ReplicateObject`.
    pub action: &'static str,
    /// The resource it is needed on (a bucket ARN, an object ARN with a symbolic key, or a KMS
    /// key ARN).
    pub resource: SymStr,
    /// The ARN of the bucket concerned.
    pub bucket_arn: SymStr,
    /// The bucket whose bucket policy also governs the action (`None` for KMS actions, which key
    /// policies govern).
    pub bucket: Option<BucketLink>,
    /// The KMS key in the files the action uses, for its key policy and state.
    pub key: Option<usize>,
    /// The request context S3 sends with the call (for KMS: `kms:ViaService` and the encryption
    /// context), against which the conditions of a grant are checked.
    pub context: Vec<(&'static str, SymStr)>,
    /// What the resource is, for messages ("the source bucket").
    pub what: &'static str,
    /// Severity when the permission is missing.
    pub severity: Severity,
    /// An older action that also does the job for some objects, and the severity when only it is
    /// granted: `s3:GetObjectVersion` replicates unencrypted and SSE-S3 objects but not SSE-KMS
    /// ones (Amazon S3 User Guide, "Setting up permissions").
    pub substitute: Option<(&'static str, Severity)>,
    /// The element of the configuration that makes the action needed, when it explains a
    /// missing grant better than the role does: the KMS key a bucket or rule names.
    pub cause: Option<Span>,
}

impl Need {
    /// A need on `resource` in the bucket `bucket_arn`, without context; its owner, action and
    /// severity are set by [`Needs::each`].
    pub(super) fn on(
        resource: SymStr,
        bucket_arn: &SymStr,
        bucket: Option<BucketLink>,
        what: &'static str,
    ) -> Need {
        Need {
            owner: "",
            action: "",
            resource,
            bucket_arn: bucket_arn.clone(),
            bucket,
            key: None,
            context: Vec::new(),
            what,
            severity: Severity::Error,
            substitute: None,
            cause: None,
        }
    }
}

/// The action that replicates objects, with their tags and ACLs, to the destination.
pub const REPLICATE_OBJECT: &str = "s3:ReplicateObject";
/// The action for replicating tags alone: never needed (`s3:ReplicateObject` replicates tags),
/// but a Deny on it in the destination bucket policy keeps tags from replicating.
pub const REPLICATE_TAGS: &str = "s3:ReplicateTags";

/// The action that lets S3 make the destination bucket owner the replicas' owner.
const OWNER_OVERRIDE: &str = "s3:ObjectOwnerOverrideToBucketOwner";

/// Collects needs once per (action, resource, context).
#[derive(Default)]
struct Needs(Vec<Need>);

impl Needs {
    fn push(&mut self, need: Need) {
        let known = self.0.iter().any(|n| {
            n.action == need.action && n.resource == need.resource && n.context == need.context
        });
        if !known {
            self.0.push(need);
        }
    }

    /// One need per action on the same resource, bucket and context.
    fn each(&mut self, template: &Need, actions: &[(&'static str, &'static str, Severity)]) {
        for &(owner, action, severity) in actions {
            self.push(Need {
                owner,
                action,
                severity,
                ..template.clone()
            });
        }
    }
}

/// Every permission a configuration needs from its role, once per (action, resource, context):
/// the "actions above" of RL302-RL305, RL308, RL309, RL311 and RL312 that RL306 and RL310 check
/// too.
pub fn needs(model: &Model, replication: &Replication) -> Vec<Need> {
    use Severity::{Error, Info, Warning};
    let mut out = Needs::default();
    let source = source_arn(model, replication);
    if let Some(src) = &source {
        let bucket = Need::on(
            src.clone(),
            src,
            Some(replication.source.clone()),
            "the source bucket",
        );
        out.each(
            &bucket,
            &[
                ("RL302", "s3:GetReplicationConfiguration", Error),
                ("RL302", "s3:ListBucket", Error),
            ],
        );
    }
    let locked = source_bucket(model, replication)
        .is_some_and(|b| b.object_lock.iter().any(|l| l.enabled == Some(true)));
    for rule in rules(replication) {
        if let Some(src) = &source {
            let objects = Need::on(
                object_arn(model, replication, src, rule),
                src,
                Some(replication.source.clone()),
                "source objects",
            );
            // `s3:GetObjectVersion` reads unencrypted and SSE-S3 objects for replication, not
            // SSE-KMS ones: enough (a note) unless the rule may select KMS-encrypted objects.
            let selects_kms = rule
                .sse_kms_encrypted_objects
                .as_ref()
                .is_some_and(|s| s.enabled != Some(false));
            out.push(Need {
                owner: "RL303",
                action: "s3:GetObjectVersionForReplication",
                severity: Error,
                substitute: Some((
                    "s3:GetObjectVersion",
                    if selects_kms { Error } else { Info },
                )),
                ..objects.clone()
            });
            out.each(
                &objects,
                &[
                    ("RL303", "s3:GetObjectVersionAcl", Error),
                    ("RL304", "s3:GetObjectVersionTagging", Warning),
                ],
            );
            if locked {
                out.each(
                    &objects,
                    &[
                        ("RL309", "s3:GetObjectRetention", Error),
                        ("RL309", "s3:GetObjectLegalHold", Error),
                    ],
                );
            }
            if rule
                .sse_kms_encrypted_objects
                .as_ref()
                .is_some_and(|s| s.enabled == Some(true))
            {
                out.push(source_key_need(model, replication, rule, src));
            }
        }
        let Some(dst) = destination_arn(model, replication, rule) else {
            continue;
        };
        let link = rule
            .destination
            .bucket
            .as_ref()
            .map_or(BucketLink::External(String::new()), |v| {
                model.resolve_bucket(replication.unit, v)
            });
        let deletes = rule.is_v1()
            || rule
                .delete_marker_replication
                .as_ref()
                .is_some_and(|d| d.enabled == Some(true));
        let objects = Need::on(
            object_arn(model, replication, &dst, rule),
            &dst,
            Some(link.clone()),
            "destination objects",
        );
        out.each(&objects, &[("RL305", REPLICATE_OBJECT, Error)]);
        if deletes {
            out.each(&objects, &[("RL305", "s3:ReplicateDelete", Error)]);
        }
        // No `s3:ReplicateTags`: `s3:ReplicateObject` also replicates tags and ACLs (Amazon S3
        // User Guide, "Setting up permissions").
        if rule.destination.access_control_translation.is_some() {
            out.each(&objects, &[("RL308", OWNER_OVERRIDE, Error)]);
        }
        let dst_bucket = match link {
            BucketLink::Found(i) => Some(i),
            _ => None,
        };
        match &rule.destination.replica_kms_key {
            // A key from an unexpanded block may not exist at all.
            Some(key) if key.is_unknown() => {}
            // Replication works with `kms:Encrypt` alone (tested by AWS:
            // landing-zone-accelerator-on-aws issue 1144): `kms:GenerateDataKey` is not needed.
            Some(key) => out.each(
                &key_need(model, replication, rule, key, &dst, dst_bucket),
                &[("RL312", "kms:Encrypt", Error)],
            ),
            // Without a replica key, replicas of plaintext objects are encrypted on arrival with
            // the destination's default key, which may take `kms:GenerateDataKey`: a note.
            None => {
                if let Some(key) = dst_bucket
                    .and_then(|i| model.buckets.get(i))
                    .and_then(kms_default_encryption)
                    .and_then(|e| e.kms_key.as_ref())
                    .filter(|k| !k.is_unknown() && !is_aws_managed_key(k))
                {
                    out.push(Need {
                        owner: "RL312",
                        action: "kms:GenerateDataKey",
                        severity: Info,
                        what: "the destination bucket's default KMS key",
                        ..key_need(model, replication, rule, key, &dst, dst_bucket)
                    });
                }
            }
        }
    }
    out.0
}

/// What a need is on, for messages: `what` followed by the resource as written (`the replica KMS
/// key `aws_kms_key.r.arn``), or `what` alone when no expression names it.
pub fn described(what: &str, shown: &str) -> String {
    if shown.is_empty() {
        what.to_string()
    } else {
        format!("{what} `{shown}`")
    }
}

/// The resource as written, in backticks, or `what` when no expression names it.
pub fn described_or(shown: &str, what: &str) -> String {
    if shown.is_empty() {
        what.to_string()
    } else {
        format!("`{shown}`")
    }
}

/// The value S3 sends for a context key (of a need's context, say), as shown in messages.
pub fn sent_value(context: &[(&'static str, SymStr)], key: &str) -> String {
    context
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map_or(String::new(), |(_, v)| display_resource(v))
}
