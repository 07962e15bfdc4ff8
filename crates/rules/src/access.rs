//! What a replication configuration needs from its role, shared by the RL3xx rules: the linked
//! role, the ARNs of the source and destination objects, and how a permission check turned out.

use repl_lint_iam::policy::{ConditionEntry, Effect, Policy, PolicyString, SymStr};
use repl_lint_iam::{self as iam, ContextValue, Decision, Request, Tri, Verdict};
use repl_lint_model::resolve::RoleLink;
use repl_lint_model::{
    Bucket, BucketLink, Encryption, KeyLink, Model, Replication, ReplicationRule, Role,
};
use repl_lint_source::Span;
use repl_lint_source::diagnostic::{FixIntent, Severity};
use repl_lint_syntax::resource::Dialect;
use repl_lint_syntax::value::{TextPart, Value, ValueKind};

/// A replication configuration whose role is in the files.
pub struct RoleUse<'m> {
    /// The configuration.
    pub replication: &'m Replication,
    /// Its role.
    pub role: &'m Role,
    /// The role's index in [`Model::roles`].
    pub role_index: usize,
}

/// Every replication configuration whose role resolves to a role in the files.
pub fn role_uses(model: &Model) -> impl Iterator<Item = RoleUse<'_>> {
    model.replications.iter().filter_map(|replication| {
        let (role_index, role) = role_of(model, replication)?;
        Some(RoleUse {
            replication,
            role,
            role_index,
        })
    })
}

/// The role (index and view) a configuration uses, when it is in the files.
pub fn role_of<'m>(model: &'m Model, replication: &Replication) -> Option<(usize, &'m Role)> {
    let value = replication.role.as_ref()?;
    match model.resolve_role(replication.unit, value) {
        RoleLink::Found(i, _) => model.roles.get(i).map(|role| (i, role)),
        _ => None,
    }
}

/// The source bucket's ARN as a symbolic string, when it can be named: a bucket outside the
/// files is named by a literal name or ARN.
pub fn source_arn(model: &Model, replication: &Replication) -> Option<SymStr> {
    match &replication.source {
        BucketLink::Found(i) => Some(model.bucket_arn_sym(*i)),
        BucketLink::Dangling(_) => None,
        BucketLink::External(_) => {
            let value = replication.source_value.as_ref()?;
            let arn = model.bucket_arn(replication.unit, value);
            (!arn.is_symbolic()).then_some(arn)
        }
    }
}

/// The destination bucket's ARN of a rule as a symbolic string (a bare name gets the ARN prefix).
pub fn destination_arn(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
) -> Option<SymStr> {
    let value = rule.destination.bucket.as_ref()?;
    Some(model.bucket_arn(replication.unit, value))
}

/// The ARN pattern of an object a rule replicates: `BUCKET/<prefix><key>` with the key symbolic.
pub fn object_arn(
    model: &Model,
    replication: &Replication,
    bucket_arn: &SymStr,
    rule: &ReplicationRule,
) -> SymStr {
    let mut arn = bucket_arn.clone();
    arn.push_lit("/");
    if let Some(prefix) = rule.key_prefix() {
        arn.push_sym(&model.sym(replication.unit, prefix));
    }
    arn.push_symbol(OBJECT_KEY);
    arn
}

/// How a needed resource reads in messages: the symbolic object key shows as `*`.
pub fn display_resource(resource: &SymStr) -> String {
    use repl_lint_iam::policy::Piece;
    let mut shown = SymStr {
        hidden_prefix: resource.hidden_prefix,
        ..SymStr::default()
    };
    for piece in &resource.pieces {
        match piece {
            Piece::Symbol(k) if k.key == OBJECT_KEY => shown.push_lit("*"),
            other => shown.push_piece(other),
        }
    }
    shown.to_string()
}

/// The symbol that stands for any object key in an object ARN.
const OBJECT_KEY: &str = "object-key";

/// The identity policies (and the boundary, when present) that decide what the role may do.
pub fn identity_verdict<'m>(role: &'m Role, action: &str, resource: &SymStr) -> Verdict<'m> {
    let policies: Vec<&Policy> = role.policies.iter().collect();
    let request = Request {
        action,
        resource: Some(resource),
        principal: None,
    };
    let verdict = iam::evaluate(&policies, &request);
    let Some(boundary) = &role.boundary else {
        return verdict;
    };
    let bounded = iam::evaluate(&[boundary], &request);
    match (&verdict.decision, &bounded.decision) {
        (
            Decision::Allowed | Decision::ConditionallyAllowed,
            Decision::Denied | Decision::NotAllowed | Decision::Unknown,
        ) => bounded,
        _ => verdict,
    }
}

/// The verdict for a need, and its decision. An object key is never empty, so for object-level
/// actions a resource naming the bucket itself (`bucket` or `bucket/`) matches no object: when
/// the symbolic comparison left the answer unknown, it is decided again without such resources.
pub fn need_verdict<'m>(role: &'m Role, need: &Need) -> (Verdict<'m>, Decision) {
    let verdict = identity_verdict(role, need.action, &need.resource);
    if verdict.decision != Decision::Unknown || !is_object_level(need.action) {
        let decision = verdict.decision;
        return (verdict, decision);
    }
    let mut pruned = role.clone();
    let mut with_slash = need.bucket_arn.clone();
    with_slash.push_lit("/");
    for statement in pruned.policies.iter_mut().flat_map(|p| &mut p.statements) {
        if let Some(resources) = &mut statement.resources {
            resources.retain(|r| r.text != need.bucket_arn && r.text != with_slash);
        }
    }
    let decision = identity_verdict(&pruned, need.action, &need.resource).decision;
    (verdict, decision)
}

/// The replication configurations written in `dialect`.
pub fn replications_in(model: &Model, dialect: Dialect) -> impl Iterator<Item = &Replication> {
    model
        .replications
        .iter()
        .filter(move |r| r.dialect == dialect)
}

/// An enabled rule list (rules that cannot be read yield none).
pub fn rules(replication: &Replication) -> &[ReplicationRule] {
    replication.rules.as_deref().unwrap_or(&[])
}

/// Every replication rule (of [`rules`]) of every configuration, with its configuration.
pub fn every_rule(model: &Model) -> impl Iterator<Item = (&Replication, &ReplicationRule)> {
    (model.replications.iter()).flat_map(|replication| {
        rules(replication)
            .iter()
            .map(move |rule| (replication, rule))
    })
}

/// Every replication rule (of [`rules`]) that sets `AccessControlTranslation`, with its
/// configuration and the span of the setting.
pub fn translations(model: &Model) -> impl Iterator<Item = (&Replication, &ReplicationRule, Span)> {
    every_rule(model).filter_map(|(replication, rule)| {
        let translation = rule.destination.access_control_translation?;
        Some((replication, rule, translation))
    })
}

/// A resource string of an Allow statement for `action` that names the bucket itself
/// (`arn:aws:s3:::b` or `arn:aws:s3:::b/`) where objects (`b/*`) were meant.
pub fn bucket_instead_of_objects<'m>(
    role: &'m Role,
    action: &str,
    bucket_arn: &SymStr,
) -> Option<&'m PolicyString> {
    let mut with_slash = bucket_arn.clone();
    with_slash.push_lit("/");
    role.policies
        .iter()
        .flat_map(|p| &p.statements)
        .filter(|s| s.effect == Some(Effect::Allow) && iam::action_matches(s, action) == Tri::Yes)
        .flat_map(|s| s.resources.iter().flatten())
        .find(|r| r.text == *bucket_arn || r.text == with_slash)
}

/// The rendered list of a role's policies, as related locations.
pub fn policy_locations(role: &Role) -> Vec<(repl_lint_source::Span, String)> {
    let mut out = vec![(role.header, format!("role `{}` defined here", role.address))];
    out.extend(
        role.policies
            .iter()
            .map(|p| (p.span, format!("permission policy from `{}`", p.origin))),
    );
    out
}

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
    pub cause: Option<repl_lint_source::Span>,
}

impl Need {
    /// A need on `resource` in the bucket `bucket_arn`, without context; its owner, action and
    /// severity are set by [`Needs::each`].
    fn on(
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

/// The context key S3 sets to `s3.<region>.amazonaws.com` when it calls KMS.
pub const VIA_SERVICE: &str = "kms:ViaService";
/// The context key that holds the S3 encryption context (object ARN, or bucket ARN with an S3
/// Bucket Key).
pub const S3_CONTEXT: &str = "kms:EncryptionContext:aws:s3:arn";

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

/// True for the AWS managed S3 key named by alias (`alias/aws/s3`, or its alias ARN, also written
/// as a template such as `arn:aws:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/s3`): its key
/// policy lets every principal of its account use it through S3, and no other account.
pub fn is_aws_managed_key(key: &Value) -> bool {
    if let ValueKind::Template(parts) = &key.kind {
        return matches!(
            (parts.first(), parts.last()),
            (Some(TextPart::Lit(head)), Some(TextPart::Lit(tail)))
                if head.starts_with("arn:") && tail.ends_with(":alias/aws/s3")
        );
    }
    key.as_str().is_some_and(|k| {
        k == "alias/aws/s3" || (k.starts_with("arn:") && k.ends_with(":alias/aws/s3"))
    })
}

/// The source bucket of a configuration, when it is in the files.
pub fn source_bucket<'m>(model: &'m Model, replication: &Replication) -> Option<&'m Bucket> {
    match replication.source {
        BucketLink::Found(i) => model.buckets.get(i),
        _ => None,
    }
}

/// The KMS default encryption of a bucket: the first rule whose algorithm is `aws:kms` or
/// `aws:kms:dsse`.
pub fn kms_default_encryption(bucket: &Bucket) -> Option<&Encryption> {
    bucket.encryption.iter().find(|e| {
        e.algorithm
            .as_ref()
            .and_then(Value::as_str)
            .is_some_and(|a| a == "aws:kms" || a == "aws:kms:dsse")
    })
}

/// `kms:Decrypt` on the key of the source objects: the source bucket's default KMS key when the
/// files name it, else any key.
fn source_key_need(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
    src: &SymStr,
) -> Need {
    let bucket = match replication.source {
        BucketLink::Found(i) => Some(i),
        _ => None,
    };
    let encryption = bucket
        .and_then(|i| model.buckets.get(i))
        .and_then(kms_default_encryption);
    let mut need = match encryption.and_then(|e| e.kms_key.as_ref()) {
        Some(key) => key_need(model, replication, rule, key, src, bucket),
        None => {
            // No expression names this key: messages name it by `need.what` alone.
            let mut any_key = SymStr::default();
            any_key.push_shown_symbol("?source-key?the KMS key of the source objects", "");
            let region = kms_region(model, bucket, None, &SymStr::default());
            let mut need = key_need_at(
                model,
                any_key,
                None,
                region,
                (replication, rule),
                src,
                bucket,
            );
            if encryption.is_none() {
                // Objects encrypted on upload may or may not use a Bucket Key: their encryption
                // context is unknown, only the service name is.
                need.context.retain(|(key, _)| *key == VIA_SERVICE);
            }
            need
        }
    };
    need.owner = "RL311";
    need.action = "kms:Decrypt";
    need.what = "the source objects' KMS key";
    need
}

/// A KMS need on the key `value` designates, with the request context S3 sends for the objects
/// of `rule` in the bucket `bucket_arn` (the replica key when `bucket_arn` is the destination).
fn key_need(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
    value: &Value,
    bucket_arn: &SymStr,
    bucket: Option<usize>,
) -> Need {
    let unit = replication.unit;
    let (resource, key, written) = match model.resolve_key(unit, value) {
        KeyLink::Found(i) => (model.key_arn_sym(i), Some(i), model.sym(unit, value)),
        KeyLink::External(_) => {
            let sym = model.sym(unit, value);
            let resource = if is_key_arn(&sym) {
                sym.clone()
            } else {
                // An alias or key ID: the ARN IAM compares is not in the files.
                // Shown as the user wrote the key, never as a synthetic ARN.
                let mut unknown = SymStr::default();
                let key = format!("?key:{}?ARN of {sym}", value.span.start);
                unknown.push_shown_symbol(&key, &sym.to_string());
                unknown
            };
            (resource, None, sym)
        }
    };
    let region = kms_region(model, bucket, key, &written);
    Need {
        cause: Some(value.span),
        ..key_need_at(
            model,
            resource,
            key,
            region,
            (replication, rule),
            bucket_arn,
            bucket,
        )
    }
}

/// A KMS need on `resource` with the context S3 sends: the service name in `region` and the
/// ARN of the bucket (with an S3 Bucket Key) or of the rule's objects.
fn key_need_at(
    model: &Model,
    resource: SymStr,
    key: Option<usize>,
    region: Option<String>,
    (replication, rule): (&Replication, &ReplicationRule),
    bucket_arn: &SymStr,
    bucket: Option<usize>,
) -> Need {
    let mut via = SymStr::lit("s3.");
    match region {
        Some(region) => via.push_lit(&region),
        // The region S3 runs in, written as the stack or the default provider reads it.
        None => via.push_shown_symbol(
            "?region?the bucket's region",
            match replication.dialect {
                Dialect::Terraform => "data.aws_region.current.name",
                Dialect::CloudFormation => "${AWS::Region}",
            },
        ),
    }
    via.push_lit(".amazonaws.com");
    let mut context = vec![(VIA_SERVICE, via)];
    // With an S3 Bucket Key the encryption context is the bucket ARN, else the object ARN.
    // A bucket outside the files may use one or not; without a default KMS key it does not.
    let bucket_key =
        bucket
            .and_then(|i| model.buckets.get(i))
            .and_then(|b| match kms_default_encryption(b) {
                Some(e) => e.bucket_key.as_ref().map_or(Some(false), Value::as_bool),
                None => Some(false),
            });
    match bucket_key {
        Some(true) => context.push((S3_CONTEXT, bucket_arn.clone())),
        Some(false) => context.push((S3_CONTEXT, object_arn(model, replication, bucket_arn, rule))),
        None => {}
    }
    Need {
        key,
        context,
        ..Need::on(resource, bucket_arn, None, "the replica KMS key")
    }
}

/// The region S3 names in `kms:ViaService` (`s3.<region>.amazonaws.com`) when it uses a key for
/// the objects of `bucket`: the bucket's region where the files state it (provider or resource
/// `region`), else the region in the key's ARN (a working key is in the bucket's region). The one
/// place that decides it.
pub fn kms_region(
    model: &Model,
    bucket: Option<usize>,
    key: Option<usize>,
    written: &SymStr,
) -> Option<String> {
    if let Some(region) =
        bucket.and_then(|b| repl_lint_model::placement::region_of_bucket(model, b).literal)
    {
        return Some(region);
    }
    let from_arn = |arn: &str| {
        let mut parts = arn.split(':');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some("arn"), Some(_), Some("kms"), Some(region)) if !region.is_empty() => {
                Some(region.to_string())
            }
            _ => None,
        }
    };
    let stated = key
        .and_then(|k| model.keys.get(k))
        .and_then(|k| k.arn.as_ref())
        .and_then(Value::as_str);
    stated.or(written.as_literal()).and_then(from_arn)
}

/// True for a KMS key ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`), symbols allowed
/// in its parts.
pub fn is_key_arn(sym: &SymStr) -> bool {
    use repl_lint_iam::policy::Piece;
    let Some(Piece::Lit(first)) = sym.pieces.first() else {
        return false;
    };
    let text = sym.to_string();
    first.starts_with("arn:") && text.contains(":kms:") && text.contains(":key/")
}

/// Checks each need against the role's identity policies and reports under `meta`: a missing
/// grant at the configuration's role attribute, a grant that only holds under a condition as a
/// warning at that statement, and what cannot be decided as one RL003 note. Explicit denies are
/// left to RL310 and bucket ARNs without `/*` to RL306.
pub fn require(
    model: &crate::Context<'_>,
    sink: &mut crate::Sink,
    meta: &'static crate::RuleMeta,
    role_use: &RoleUse<'_>,
) {
    require_grouped(model, sink, meta, role_use, false);
}

/// As [`require`], but the actions missing on one resource at one place make one finding that
/// names them all (RL309: the Object Lock reads fail one by one, and are granted together).
pub fn require_together(
    model: &crate::Context<'_>,
    sink: &mut crate::Sink,
    meta: &'static crate::RuleMeta,
    role_use: &RoleUse<'_>,
) {
    require_grouped(model, sink, meta, role_use, true);
}

/// Actions the role lacks on one resource, reported at one place.
struct Gap<'n, 'm> {
    /// The missing actions, in the order of the needs.
    actions: Vec<&'static str>,
    /// The first need concerned (its resource, owner and severity stand for all).
    need: &'n Need,
    /// Where it is reported.
    span: Span,
    /// The unconditional statements that grant other actions on the resource, with their action
    /// lists (the first is where the actions belong).
    places: Vec<(&'m repl_lint_iam::policy::Statement, Span)>,
}

/// [`require`] (each missing action its own finding) or, with `together`, [`require_together`].
fn require_grouped(
    model: &crate::Context<'_>,
    sink: &mut crate::Sink,
    meta: &'static crate::RuleMeta,
    role_use: &RoleUse<'_>,
    together: bool,
) {
    let RoleUse {
        replication, role, ..
    } = role_use;
    let mut unverified: Vec<String> = Vec::new();
    // One missing grant per action and place: rules with several prefixes need the same action
    // on several object globs, and the fix is the same line.
    let mut missing: Vec<(&str, repl_lint_source::Span)> = Vec::new();
    let mut gaps: Vec<Gap<'_, '_>> = Vec::new();
    for (need, (verdict, decision)) in model
        .needs(replication)
        .iter()
        .zip(model.need_verdicts(replication))
        .filter(|(n, _)| n.owner == meta.id)
    {
        // A KMS grant named only on an alias is RL314's finding.
        if super::role::kms_grant_on_alias::defers(role, need, *decision) {
            continue;
        }
        let shown = display_resource(&need.resource);
        match decision {
            Decision::Allowed | Decision::Denied => {}
            Decision::ConditionallyAllowed if !need.context.is_empty() => {
                let policies: Vec<&Policy> = role.policies.iter().collect();
                match conditional_grant(&policies, need, None) {
                    (Tri::Yes, _) => {}
                    (Tri::No, Some(condition)) => {
                        let sent = sent_value(need, &condition.key);
                        sink.report(
                            meta,
                            condition.span,
                            format!(
                                "role `{}` is granted `{}` on {} only when `{}` matches, but S3 sends `{sent}`: the grant never applies",
                                role.address, need.action, described(need.what, &shown), condition.key
                            ),
                        )
                        .severity(need.severity)
                        .resource(&replication.address)
                        .related(replication.role_span, "the replication configuration uses this role")
                        .help(&format!("let the condition on `{}` match `{sent}`", condition.key));
                    }
                    _ => note_unverified(&mut unverified, need, &shown),
                }
            }
            Decision::ConditionallyAllowed
                if verdict
                    .statement
                    .is_some_and(conditions_hold_for_replication) => {}
            Decision::ConditionallyAllowed => {
                let span = verdict.statement.map_or(replication.role_span, |s| s.span);
                sink.report(
                    meta,
                    span,
                    format!(
                        "`{}` on {} is granted only under a condition: replication fails whenever it does not hold",
                        need.action, described(need.what, &shown)
                    ),
                )
                .severity(Severity::Warning.min(need.severity))
                .resource(&replication.address)
                .related(replication.role_span, "the replication configuration uses this role");
            }
            Decision::NotAllowed => {
                if is_object_level(need.action) && object_grant_on_bucket(role, need) {
                    continue;
                }
                if let Some((substitute, severity)) = need.substitute {
                    let grant = identity_verdict(role, substitute, &need.resource);
                    if let (Decision::Allowed, Some(statement)) = (grant.decision, grant.statement)
                    {
                        let at = action_span(statement, substitute);
                        if !missing.contains(&(need.action, at)) {
                            missing.push((need.action, at));
                            report_substitute(
                                sink,
                                meta,
                                role_use,
                                need,
                                (substitute, severity),
                                at,
                            )
                            .fix(add_actions(statement, &[need.action]));
                        }
                        continue;
                    }
                }
                let places = statements_for_resource(role, need.action, &need.resource);
                let span = need
                    .cause
                    .or(places.first().map(|&(_, actions)| actions))
                    .unwrap_or(replication.role_span);
                if missing.contains(&(need.action, span)) {
                    continue;
                }
                missing.push((need.action, span));
                match gaps
                    .iter_mut()
                    .find(|g| together && g.span == span && g.need.resource == need.resource)
                {
                    Some(gap) => gap.actions.push(need.action),
                    None => gaps.push(Gap {
                        actions: vec![need.action],
                        need,
                        span,
                        places,
                    }),
                }
            }
            // A grant on part of the rule's objects is RL307's finding.
            Decision::Unknown if partial_scope(role, need).is_some() => {}
            Decision::Unknown => note_unverified(&mut unverified, need, &shown),
        }
    }
    for gap in gaps {
        report_gap(sink, meta, role_use, gap);
    }
    if !unverified.is_empty() {
        crate::input::unverifiable::note(
            sink,
            replication.role_span,
            &replication.address,
            meta,
            &format!(
                "could not verify that role `{}` allows {}: a policy or value is not in the files",
                role.address,
                unverified.join(", ")
            ),
        );
    }
}

/// Reports actions the role lacks on one resource: at the statement that grants the others on it
/// (with the fix that adds them when it is the only such statement), else at the place the need
/// names, with the role's policies as related locations.
fn report_gap(
    sink: &mut crate::Sink,
    meta: &'static crate::RuleMeta,
    RoleUse {
        replication, role, ..
    }: &RoleUse<'_>,
    gap: Gap<'_, '_>,
) {
    let Gap {
        actions,
        need,
        span,
        places,
    } = gap;
    let shown = display_resource(&need.resource);
    let listed = actions.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>();
    let (on, on_it) = (
        described(need.what, &shown),
        described_or(&shown, need.what),
    );
    let (message, help) = match listed.as_slice() {
        [one] => (
            format!("role `{}` does not allow {one} on {on}", role.address),
            format!("grant {one} on {on_it} in a policy attached to the role"),
        ),
        [first @ .., last] => (
            format!(
                "role `{}` allows neither {} nor {last} on {on}",
                role.address,
                first.join(", "),
            ),
            format!(
                "grant {} and {last} on {on_it} in a policy attached to the role",
                first.join(", ")
            ),
        ),
        [] => return,
    };
    let uses_role = "the replication configuration uses this role";
    match places.first() {
        // A statement already covers these objects: the actions belong in its list.
        Some(&(statement, statement_actions)) => {
            let sid = statement
                .sid
                .as_deref()
                .map_or(String::new(), |s| format!(" `{s}`"));
            let them = if actions.len() == 1 {
                "this one"
            } else {
                "these"
            };
            let mut report = sink
                .report(
                    meta,
                    span,
                    format!("{message}: statement{sid} grants other actions on it, but not {them}"),
                )
                .severity(need.severity)
                .resource(&replication.address);
            if span != statement_actions {
                report = report.related(
                    statement_actions,
                    "this statement grants the other actions on it",
                );
            }
            report
                .related(replication.role_span, uses_role)
                .help(&help)
                // Only one statement is the certain place for the actions.
                .fix(add_actions(statement, &actions).filter(|_| places.len() == 1));
        }
        None => {
            let mut report = sink
                .report(meta, span, message)
                .severity(need.severity)
                .resource(&replication.address)
                .help(&help);
            if span != replication.role_span {
                report = report.related(replication.role_span, uses_role);
            }
            for (span, message) in policy_locations(role) {
                report = report.related(span, &message);
            }
        }
    }
}

/// A need met only by its older substitute action: a note when that is enough for the objects
/// the rule replicates, an error when it leaves SSE-KMS objects behind; `at` is the substitute in
/// the granting statement.
fn report_substitute<'s>(
    sink: &'s mut crate::Sink,
    meta: &'static crate::RuleMeta,
    role_use: &RoleUse<'_>,
    need: &Need,
    (substitute, severity): (&str, Severity),
    at: Span,
) -> crate::Report<'s> {
    let why = if severity == Severity::Error {
        "which does not replicate the SSE-KMS-encrypted objects this rule selects"
    } else {
        "which replicates unencrypted and SSE-S3 objects but not SSE-KMS ones; AWS recommends the narrower action"
    };
    sink.report(
        meta,
        at,
        format!(
            "role `{}` grants `{substitute}` instead of `{}` on {}, {why}",
            role_use.role.address,
            need.action,
            described(need.what, &display_resource(&need.resource))
        ),
    )
    .severity(severity)
    .resource(&role_use.replication.address)
    .related(
        role_use.replication.role_span,
        "the replication configuration uses this role",
    )
    .help(&format!(
        "grant `{}` instead of `{substitute}`",
        need.action
    ))
}

/// The fix that adds `actions` to the action list of `statement`.
fn add_actions(
    statement: &repl_lint_iam::policy::Statement,
    actions: &[&str],
) -> Option<FixIntent> {
    let list = statement.actions.as_ref()?;
    Some(FixIntent::AddAction {
        actions: list.iter().map(|a| a.span).collect(),
        added: actions.iter().map(|a| a.to_string()).collect(),
    })
}

/// Where `statement` names `action` (where a fix goes, or what a deny matches): the first
/// `Action` pattern that covers it, else the whole `Action` list, else the `NotAction` list (which
/// leaves the action out), else the statement.
pub fn action_span(statement: &repl_lint_iam::policy::Statement, action: &str) -> Span {
    statement
        .actions
        .iter()
        .flatten()
        .find(|a| iam::glob::glob_match_str(&a.text, action, true) == Tri::Yes)
        .map(|a| a.span)
        .or_else(|| actions_span(statement.actions.as_deref()?))
        .or_else(|| actions_span(statement.not_actions.as_deref()?))
        .unwrap_or(statement.span)
}

/// The span of a whole action list.
fn actions_span(actions: &[PolicyString]) -> Option<Span> {
    actions.iter().map(|a| a.span).reduce(Span::cover)
}

/// Adds "`action` on `resource`" to the list of needs that could not be verified, once.
fn note_unverified(unverified: &mut Vec<String>, need: &Need, shown: &str) {
    let item = format!("`{}` on {}", need.action, described_or(shown, need.what));
    if !unverified.contains(&item) {
        unverified.push(item);
    }
}

/// For a need whose request context is known: whether the conditions of some conditional Allow
/// of `policies` that grants it (to `principal`, for resource policies) hold (`Yes`), certainly
/// fail for every such Allow (`No`, with the first failing condition), or cannot be told
/// (`Maybe`).
pub fn conditional_grant<'p>(
    policies: &[&'p Policy],
    need: &Need,
    principal: Option<iam::Principal<'_>>,
) -> (Tri, Option<&'p ConditionEntry>) {
    let request = Request {
        action: need.action,
        resource: Some(&need.resource),
        principal,
    };
    let context: Vec<ContextValue<'_>> = need.context.iter().map(|(k, v)| (*k, v)).collect();
    let mut result = (Tri::No, None);
    let granting = policies.iter().flat_map(|p| &p.statements).filter(|s| {
        s.effect == Some(Effect::Allow)
            && !s.conditions.is_empty()
            && iam::statement_applies(s, &request) == Tri::Yes
    });
    let mut any = false;
    for statement in granting {
        any = true;
        match iam::conditions_hold(statement, &context) {
            (Tri::Yes, _) => return (Tri::Yes, None),
            (Tri::Maybe, _) => result.0 = Tri::Maybe,
            (Tri::No, failing) => {
                if result.1.is_none() {
                    result.1 = failing;
                }
            }
        }
    }
    if !any {
        return (Tri::Maybe, None);
    }
    result
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

/// The value S3 sends for a context key of a need, as shown in messages.
pub fn sent_value(need: &Need, key: &str) -> String {
    need.context
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map_or(String::new(), |(_, v)| display_resource(v))
}

/// For an object-level need that the role's policies grant on some but not all of the rule's
/// objects (`SRC/logs/*` where the rule replicates every key): the resource string that covers
/// part of them. Only when nothing else is unknown: complete policies, literal resources, no
/// unresolved statements, a literal bucket and prefix.
pub fn partial_scope<'m>(role: &'m Role, need: &Need) -> Option<&'m PolicyString> {
    use repl_lint_iam::policy::Piece;
    let literal_prefix = matches!(
        need.resource.pieces.as_slice(),
        [Piece::Lit(_), Piece::Symbol(k)] if k.key == OBJECT_KEY
    );
    let settled = role.policies.iter().all(|p| p.complete)
        && role.boundary.as_ref().is_none_or(|b| b.complete);
    if !literal_prefix || !settled || !is_object_level(need.action) {
        return None;
    }
    let mut relevant = role
        .policies
        .iter()
        .flat_map(|p| &p.statements)
        .filter(|s| iam::action_matches(s, need.action) != Tri::No);
    let literal = |list: &Option<Vec<PolicyString>>| {
        list.iter().flatten().all(|r| r.text.as_literal().is_some())
    };
    if !relevant.clone().all(|s| {
        !s.has_unknowns && s.effect.is_some() && literal(&s.resources) && literal(&s.not_resources)
    }) {
        return None;
    }
    relevant.find_map(|s| {
        let grants = s.effect == Some(Effect::Allow)
            && s.conditions.is_empty()
            && iam::action_matches(s, need.action) == Tri::Yes
            && s.not_resources.is_none();
        grants
            .then(|| {
                s.resources
                    .iter()
                    .flatten()
                    .find(|r| iam::glob_match(&r.text, &need.resource, false) == Tri::Maybe)
            })
            .flatten()
    })
}

/// The unconditional Allow statements that grant actions of the same service as `action` on
/// resources that certainly cover `resource`, with the span of their action lists.
fn statements_for_resource<'m>(
    role: &'m Role,
    action: &str,
    resource: &SymStr,
) -> Vec<(&'m repl_lint_iam::policy::Statement, Span)> {
    let service = action.split(':').next().unwrap_or(action);
    let same_service = |a: &PolicyString| {
        a.text
            .as_literal()
            .and_then(|t| t.split(':').next())
            .is_some_and(|s| s.eq_ignore_ascii_case(service))
    };
    role.policies
        .iter()
        .flat_map(|p| &p.statements)
        .filter_map(|s| {
            let actions = s.actions.as_ref()?;
            let span = actions_span(actions)?;
            let covers = s.effect == Some(Effect::Allow)
                && actions.iter().any(same_service)
                && s.conditions.is_empty()
                && s.resources.is_some()
                && iam::resource_matches(s, resource) == Tri::Yes;
            covers.then_some((s, span))
        })
        .collect()
}

/// The condition key that says whether a request came over TLS.
pub const SECURE_TRANSPORT: &str = "aws:SecureTransport";

/// True when every condition of a statement holds for S3's replication requests: a condition
/// on `aws:SecureTransport` that TLS meets (S3 replicates over TLS), or one with an `...IfExists`
/// operator, which holds when the request lacks the key, as in AWS's documented policy for
/// replicating SSE-KMS objects (`StringLikeIfExists` on `s3:x-amz-server-side-encryption`).
fn conditions_hold_for_replication(statement: &repl_lint_iam::policy::Statement) -> bool {
    let tls = SymStr::lit("true");
    let context = [(SECURE_TRANSPORT, &tls)];
    !statement.conditions.is_empty()
        && statement.conditions.iter().all(|c| {
            if c.key.eq_ignore_ascii_case(SECURE_TRANSPORT) {
                iam::condition_holds(c, &context) == Tri::Yes
            } else {
                c.operator.ends_with("IfExists")
            }
        })
}

/// True for object-level S3 actions (granted on `bucket/*`).
pub fn is_object_level(action: &str) -> bool {
    action.starts_with("s3:")
        && !matches!(action, "s3:GetReplicationConfiguration" | "s3:ListBucket")
}

fn object_grant_on_bucket(role: &Role, need: &Need) -> bool {
    bucket_instead_of_objects(role, need.action, &need.bucket_arn).is_some()
}
