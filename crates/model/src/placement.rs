//! Placement: the AWS account and region of each resource, as far as the files say, and whether a
//! replication crosses accounts.
//!
//! A [`Place`] (an account or a region) carries two kinds of evidence:
//! - a literal (`111122223333`, `eu-west-1`) read from an ARN, a Terraform provider's
//!   `assume_role.role_arn` / single `allowed_account_ids` / `region`, a resource's own `region`
//!   argument (AWS provider v6), or `Destination.Account`;
//! - a scope: a name shared by resources that certainly live in the same account (or region)
//!   without saying which: every resource of one CloudFormation stack, or the Terraform resources
//!   of one configuration created through providers with the same credentials.
//!
//! Two places are the same when both literals are known and equal, or (without two literals)
//! when they share a scope; different only when both literals are known and differ. Anything
//! else is unknown, and unknown never decides a finding.

pub use crate::place::{Place, Placement};
use crate::{BucketLink, KeyLink, Model, Replication, ReplicationRule, UnitId};
use rayon::prelude::*;
use repl_lint_syntax::resource::{Configuration, Dialect, Provider, Resource};
use repl_lint_syntax::value::{TextPart, Value, ValueKind, number_text};
use std::collections::HashMap;

/// Provider settings that choose the credentials (and so the account).
const CREDENTIAL_SETTINGS: &[&str] = &[
    "access_key",
    "secret_key",
    "token",
    "shared_credentials_files",
    "shared_config_files",
    "assume_role_with_web_identity",
];

/// Fills [`crate::Node::placement`] for every resource of every unit.
pub fn assign(model: &mut Model, units: &[Configuration]) {
    for (unit, config) in units.iter().enumerate() {
        // Each provider configuration's placement is found once; its resources share its texts.
        let providers: HashMap<&str, Placement> = config
            .providers
            .iter()
            .map(|p| (p.key.as_str(), provider_placement(unit, p)))
            .collect();
        let ambient = ambient(unit, None);
        let stack = Place::scope(format!("stack:{unit}"));
        let Some(nodes) = model.nodes.get_mut(unit) else {
            continue;
        };
        // Placements are found apart (in parallel, a chunk of resources at a time), then set
        // in order.
        for chunk in config.resources.chunks(crate::lower::CHUNK) {
            let placements: Vec<Placement> = (chunk.par_iter())
                .map(|r| match config.dialect {
                    Dialect::CloudFormation => Placement {
                        account: stack.clone(),
                        region: stack.clone(),
                    },
                    Dialect::Terraform => terraform_placement(config, &providers, &ambient, r),
                })
                .collect();
            for (r, placement) in chunk.iter().zip(placements) {
                if let Some(node) = nodes.get_mut(&r.address) {
                    node.placement = placement;
                }
            }
        }
    }
}

/// A Terraform resource's placement: its provider configuration's (`providers`, or `ambient`
/// for the default configuration without a block), and its own `region`.
fn terraform_placement(
    config: &Configuration,
    providers: &HashMap<&str, Placement>,
    ambient: &Placement,
    r: &Resource,
) -> Placement {
    // Inside a called module, `provider` has been resolved to the root module's configuration
    // the calls' `providers` maps (or inheritance) choose (see `syntax::hcl::modules`).
    let key = r.provider.as_deref().unwrap_or("aws");
    let mut placement = match providers.get(key) {
        Some(placement) => placement.clone(),
        // No `provider "aws"` block: the default configuration from the environment.
        None if key == "aws" && !config.from_plan => ambient.clone(),
        None => Placement::default(),
    };
    // A null `region` leaves the provider's.
    if let Some(region) = r.body.get("region").filter(|v| v.kind != ValueKind::Null) {
        placement.region = region.as_str().map_or_else(Place::default, Place::literal);
    }
    placement
}

/// The placement of a provider configuration built from the environment's credentials
/// (optionally a named profile).
fn ambient(unit: UnitId, profile: Option<&str>) -> Placement {
    let scope = Place::scope(format!("terraform:{unit}:{}", profile.unwrap_or("")));
    Placement {
        account: scope.clone(),
        region: scope,
    }
}

/// The placement a provider block gives its resources. Without explicit credentials (keys,
/// files, web identity, a profile that is not a literal) it shares the environment's scope; an
/// `assume_role` keeps the environment's region but names its own account.
fn provider_placement(unit: UnitId, provider: &Provider) -> Placement {
    let body = &provider.body;
    let profile = body.get("profile");
    let explicit_credentials = CREDENTIAL_SETTINGS.iter().any(|k| body.get(k).is_some())
        || profile.is_some_and(|p| p.as_str().is_none());
    let assume_role = body.get("assume_role").map(Value::single);
    let mut placement = if explicit_credentials {
        Placement::default()
    } else {
        ambient(unit, profile.and_then(Value::as_str))
    };
    if assume_role.is_some() {
        placement.account = Place::default();
    }
    let role_account = assume_role
        .and_then(|a| a.get("role_arn"))
        .and_then(Value::as_str)
        .and_then(|arn| arn_part(arn, 4));
    let allowed_account = match body.get("allowed_account_ids").map(Value::items) {
        Some([only]) => only.as_str().filter(|a| is_account_id(a)),
        _ => None,
    };
    if let Some(account) = role_account.or(allowed_account) {
        placement.account.literal = Some(std::sync::Arc::from(account));
    }
    if let Some(region) = body.get("region") {
        placement.region = region.as_str().map_or_else(Place::default, Place::literal);
    }
    placement
}

/// Field `index` of an ARN (`arn:partition:service:region:account:resource`): 3 is the region,
/// 4 the account; `None` when the text is not an ARN or the field is empty.
fn arn_part(arn: &str, index: usize) -> Option<&str> {
    if !arn.starts_with("arn:") {
        return None;
    }
    arn.splitn(6, ':').nth(index).filter(|s| !s.is_empty())
}

/// True for a 12-digit account ID.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The placement of the resource at `address` in `unit` (default: unknown).
pub fn placement_of<'m>(model: &'m Model, unit: UnitId, address: &str) -> Option<&'m Placement> {
    model.node(unit, address).map(|n| &n.placement)
}

/// The placement of a bucket of the model (by index into [`Model::buckets`]).
pub fn bucket_placement(model: &Model, bucket: usize) -> Placement {
    model
        .buckets
        .get(bucket)
        .and_then(|b| placement_of(model, b.unit, &b.address))
        .cloned()
        .unwrap_or_default()
}

/// The region of a bucket of the model: what `kms:ViaService` (`s3.<region>.amazonaws.com`) and
/// replica keys are checked against.
pub fn region_of_bucket(model: &Model, bucket: usize) -> Place {
    bucket_placement(model, bucket).region
}

/// The account and region of a KMS key value: from a key or alias ARN, else from the key
/// resource it designates.
pub fn key_placement(model: &Model, unit: UnitId, key: &Value) -> Placement {
    if let Some(arn) = key.as_str().filter(|k| k.starts_with("arn:")) {
        return Placement {
            account: arn_part(arn, 4).map_or_else(Place::default, Place::literal),
            region: arn_part(arn, 3).map_or_else(Place::default, Place::literal),
        };
    }
    match model.resolve_key(unit, key) {
        KeyLink::Found(i) => model
            .keys
            .get(i)
            .and_then(|k| placement_of(model, k.unit, &k.address))
            .cloned()
            .unwrap_or_default(),
        KeyLink::External(_) => Placement::default(),
    }
}

/// The account of a replication's source: the source bucket's, completed by the account of the
/// role (the replication role belongs to the source bucket owner).
pub fn source_account(model: &Model, replication: &Replication) -> Place {
    let bucket = match replication.source {
        BucketLink::Found(i) => bucket_placement(model, i).account,
        _ => Place::default(),
    };
    let role = replication
        .role
        .as_ref()
        .map(|role| account_of_value(model, replication, role))
        .unwrap_or_default();
    bucket.or(role)
}

/// The account of a rule's destination: `Destination.Account` when given, completed by the
/// destination bucket's placement when the bucket is in the files.
pub fn destination_account(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
) -> Place {
    let explicit = rule
        .destination
        .account
        .as_ref()
        .map(|a| account_of_value(model, replication, a))
        .unwrap_or_default();
    let bucket = match destination_bucket(model, replication, rule) {
        Some(i) => bucket_placement(model, i).account,
        None => Place::default(),
    };
    explicit.or(bucket)
}

/// The index of a rule's destination bucket, when it is in the files.
pub fn destination_bucket(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
) -> Option<usize> {
    match model.resolve_bucket(replication.unit, rule.destination.bucket.as_ref()?) {
        BucketLink::Found(i) => Some(i),
        _ => None,
    }
}

/// The account a value written in `replication` names: a 12-digit ID, an ARN's account field,
/// `AWS::AccountId` (the stack's), `data.aws_caller_identity.x.account_id` (its provider's), or
/// a resource in the files whose ARN it is (an IAM role's). Inside a called Terraform module the
/// caller identity is not trusted: module references to it are not prefixed, so it may be the
/// root's data source while the module runs with another provider.
fn account_of_value(model: &Model, replication: &Replication, value: &Value) -> Place {
    let unit = replication.unit;
    // `!Sub "${AWS::AccountId}"`, `"${data.aws_caller_identity.c.account_id}"`: the reference.
    // An ARN template's account field (`arn:aws:iam::${AWS::AccountId}:role/r`): that reference.
    let single;
    let kind = match &value.kind {
        ValueKind::Template(parts) => match parts.as_slice() {
            [TextPart::Ref(r)] => {
                single = ValueKind::Ref(r.clone());
                &single
            }
            [
                TextPart::Lit(head),
                TextPart::Ref(r),
                TextPart::Lit(tail),
                ..,
            ] if head.starts_with("arn:")
                && head.matches(':').count() == 4
                && tail.starts_with(':')
                && !matches!(r.attr_name(), "arn" | "Arn") =>
            {
                single = ValueKind::Ref(r.clone());
                &single
            }
            _ => &value.kind,
        },
        other => other,
    };
    match kind {
        ValueKind::Str(text) if is_account_id(text) => Place::literal(text),
        // An unquoted YAML or JSON number, or an HCL number: CloudFormation and Terraform send
        // it as its decimal text.
        ValueKind::Number(n) if is_account_id(&number_text(*n)) => Place::literal(&number_text(*n)),
        ValueKind::Str(text) => arn_part(text, 4).map_or_else(Place::default, Place::literal),
        ValueKind::Ref(r) if r.target == "AWS::AccountId" => Place::scope(format!("stack:{unit}")),
        ValueKind::Ref(r) => {
            let in_module = !replication.from_plan && replication.address.starts_with("module.");
            let is_caller = r.target.rsplit('.').nth(1) == Some("aws_caller_identity")
                && r.attr_name() == "account_id"
                && !in_module;
            let is_arn = matches!(r.attr_name(), "arn" | "Arn");
            match model.node(unit, &r.target) {
                Some(node) if is_caller || is_arn => node.placement.account.clone(),
                _ => Place::default(),
            }
        }
        _ => Place::default(),
    }
}

/// Whether a rule replicates into another account: `None` when the files cannot tell.
pub fn rule_cross_account(
    model: &Model,
    replication: &Replication,
    rule: &ReplicationRule,
) -> Option<bool> {
    rule.destination.bucket.as_ref()?;
    let source = source_account(model, replication);
    let destination = destination_account(model, replication, rule);
    source.same(&destination).map(|same| !same)
}

/// Whether a configuration replicates into another account: `Some(true)` when some rule
/// certainly does, `Some(false)` when every rule certainly does not, `None` otherwise.
pub fn is_cross_account(model: &Model, replication: &Replication) -> Option<bool> {
    let rules = replication.rules.as_deref()?;
    let mut all_same = !rules.is_empty();
    for rule in rules {
        match rule_cross_account(model, replication, rule) {
            Some(true) => return Some(true),
            Some(false) => {}
            None => all_same = false,
        }
    }
    all_same.then_some(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn places_compare_by_literal_then_scope() {
        let a = Place::literal("111111111111");
        let b = Place::literal("222222222222");
        assert_eq!(a.same(&b), Some(false));
        assert_eq!(a.same(&a.clone()), Some(true));
        let s = Place::scope("stack:0".into());
        assert_eq!(s.same(&s.clone()), Some(true));
        assert_eq!(s.same(&Place::scope("stack:1".into())), None);
        assert_eq!(a.same(&s), None);
        assert_eq!(Place::default().same(&Place::default()), None);
        assert_eq!(a.clone().or(s.clone()).same(&s), Some(true));
    }

    const PROVIDERS: &str = r#"
provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111111111111"]
}
provider "aws" {
  alias  = "replica"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/deploy"
  }
}
provider "aws" {
  alias  = "unknown"
  region = var.region
  assume_role {
    role_arn = var.role
  }
}
resource "aws_s3_bucket" "src" {
  bucket = "src"
}
resource "aws_s3_bucket" "same" {
  bucket = "same"
  region = "ap-south-1"
}
resource "aws_s3_bucket" "other" {
  provider = aws.replica
  bucket   = "other"
}
resource "aws_s3_bucket" "unknown" {
  provider = aws.unknown
  bucket   = "unknown"
}
resource "aws_kms_key" "k" {
  provider = aws.replica
}
"#;

    fn replication_to(bucket: &str, extra: &str) -> String {
        format!(
            r#"{PROVIDERS}
resource "aws_s3_bucket_replication_configuration" "r" {{
  bucket = aws_s3_bucket.src.id
  role   = "arn:aws:iam::111111111111:role/r"
  rule {{
    status = "Enabled"
    destination {{
      bucket = aws_s3_bucket.{bucket}.arn{extra}
    }}
  }}
}}
"#
        )
    }

    fn cross(bucket: &str, extra: &str) -> Option<bool> {
        let model = crate::lower::tests::model_of(&replication_to(bucket, extra));
        is_cross_account(&model, &model.replications[0])
    }

    #[test]
    fn cross_account_from_providers_and_accounts() {
        assert_eq!(cross("same", ""), Some(false));
        assert_eq!(cross("other", ""), Some(true));
        assert_eq!(cross("unknown", ""), None);
        // An explicit account decides for an unknown provider.
        assert_eq!(
            cross("unknown", "\n      account = \"111111111111\""),
            Some(false)
        );
        assert_eq!(cross("same", "\n      account = var.account"), Some(false));
    }

    #[test]
    fn regions_of_buckets_and_keys() {
        let model = crate::lower::tests::model_of(&replication_to("same", ""));
        let region = |name: &str| {
            let i = model.buckets.iter().position(|b| b.address == name);
            i.and_then(|i| region_of_bucket(&model, i).literal)
        };
        assert_eq!(region("aws_s3_bucket.src").as_deref(), Some("us-east-1"));
        assert_eq!(region("aws_s3_bucket.same").as_deref(), Some("ap-south-1"));
        assert_eq!(region("aws_s3_bucket.other").as_deref(), Some("eu-west-1"));
        assert_eq!(region("aws_s3_bucket.unknown"), None);
        let key = |text: &str| {
            let value = Value::new(ValueKind::Str(text.into()), model.buckets[0].header);
            key_placement(&model, 0, &value)
        };
        let arn = key("arn:aws:kms:eu-west-1:222222222222:key/k");
        assert_eq!(arn.region.literal.as_deref(), Some("eu-west-1"));
        assert_eq!(arn.account.literal.as_deref(), Some("222222222222"));
        assert_eq!(key("alias/other"), Placement::default());
        let node = model.node(0, "aws_kms_key.k").map(|n| &n.placement);
        assert_eq!(
            node.and_then(|p| p.region.literal.as_deref()),
            Some("eu-west-1")
        );
    }

    #[test]
    fn resources_of_one_provider_share_its_texts() {
        let model = crate::lower::tests::model_of(&replication_to("same", ""));
        let region = |address: &str| {
            let node = model.node(0, address).map(|n| &n.placement);
            node.and_then(|p| p.region.literal.clone())
        };
        let bucket = region("aws_s3_bucket.src");
        let configuration = region("aws_s3_bucket_replication_configuration.r");
        assert_eq!(bucket.as_deref(), Some("us-east-1"));
        assert!(
            bucket
                .zip(configuration)
                .is_some_and(|(a, b)| Arc::ptr_eq(&a, &b))
        );
        // A resource's own region is its own.
        assert_eq!(region("aws_s3_bucket.same").as_deref(), Some("ap-south-1"));
    }

    #[test]
    fn arn_fields() {
        let key = "arn:aws:kms:eu-west-1:111122223333:key/abc";
        assert_eq!(arn_part(key, 3), Some("eu-west-1"));
        assert_eq!(arn_part(key, 4), Some("111122223333"));
        assert_eq!(arn_part("arn:aws:s3:::bucket", 4), None);
        assert_eq!(arn_part("alias/aws/s3", 3), None);
    }
}
