//! Finds the policies that reach roles, buckets and keys, and the aliases that name keys, in any
//! format, through the format's tables in `keys.rs`.

use super::Found;
use super::keys::{BUCKET_POLICY, KEY, POLICY, ROLE};
use super::policy::{PolicyReader, incomplete, well_known_managed_policy};
use crate::resolve::RoleLink;
use crate::{BucketPolicy, KeyLink, Model, NodeKind, UnitId};
use rayon::prelude::*;
use repl_lint_iam::policy::Policy;
use repl_lint_syntax::resource::{Dialect, Resource};
use repl_lint_syntax::value::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// Collects what one unit's resources attach, to apply once the model is no longer borrowed.
pub struct Attach<'a> {
    /// Reads the documents.
    pub reader: PolicyReader<'a>,
    /// The unit's resources by address.
    pub by_address: HashMap<&'a str, &'a Resource>,
    /// The unit's format.
    pub dialect: Dialect,
}

impl<'a> Attach<'a> {
    /// Starts with nothing found; `documents` are the unit's policy document data sources.
    pub fn new(
        model: &'a Model,
        unit: UnitId,
        resources: &'a [Arc<Resource>],
        dialect: Dialect,
        documents: HashMap<&'a str, &'a Resource>,
    ) -> Attach<'a> {
        Attach {
            reader: PolicyReader {
                model,
                unit,
                documents,
            },
            by_address: resources
                .iter()
                .map(|r| (r.address.as_str(), &**r))
                .collect(),
            dialect,
        }
    }

    fn model(&self) -> &'a Model {
        self.reader.model
    }

    /// The index of the typed view of resource `r` of this unit.
    pub fn index(&self, r: &Resource) -> Option<usize> {
        let unit = self.reader.unit;
        self.model().node(unit, &r.address).and_then(|n| n.index)
    }

    /// The role a value designates, when it is in the files.
    pub fn role_of(&self, v: &Value) -> Option<usize> {
        match self.model().resolve_role(self.reader.unit, v) {
            RoleLink::Found(i, _) => Some(i),
            _ => None,
        }
    }

    /// The KMS key a value designates, when it is in the files.
    pub fn key_of(&self, v: Option<&Value>) -> Option<usize> {
        match v.map(|v| self.model().resolve_key(self.reader.unit, v)) {
            Some(KeyLink::Found(i)) => Some(i),
            _ => None,
        }
    }

    /// The policy a managed policy ARN designates: the document of a managed policy of the
    /// files it references, an AWS managed policy the linter knows, or an incomplete policy.
    pub fn managed_policy(&self, arn: &Value, origin: &str) -> Policy {
        let target = arn.references().first().map(|(r, _)| r.target.clone());
        let unit = self.reader.unit;
        let managed = target
            .as_deref()
            .and_then(|t| self.by_address.get(t))
            .filter(|p| {
                let node = self.model().node(unit, &p.address);
                node.is_some_and(|n| n.kind == NodeKind::ManagedPolicy)
            });
        match managed {
            Some(p) => match p.body.get(POLICY.of(self.dialect).document) {
                Some(doc) => self.reader.read(doc, &p.address),
                None => incomplete(p.header, &p.address),
            },
            None => well_known_managed_policy(arn).unwrap_or_else(|| incomplete(arn.span, origin)),
        }
    }

    /// A role's trust policy, inline policies, managed policies and permissions boundary.
    pub fn role(&self, r: &Resource, found: &mut Found) {
        let Some(role) = self.index(r) else {
            return;
        };
        let keys = ROLE.of(self.dialect);
        let body = &r.body;
        if let Some(doc) = body.get(keys.trust) {
            let policy = self.reader.read(doc, &r.address);
            found.trust.push((role, policy));
        }
        for inline in body.get(keys.inline_policies).map_or(&[][..], Value::items) {
            if let Some(doc) = inline.get(keys.inline_document) {
                let policy = self.reader.read(doc, &r.address);
                found.grants.push((role, policy));
            }
        }
        for arn in body
            .get(keys.managed_policies)
            .map_or(&[][..], Value::items)
        {
            let policy = self.managed_policy(arn, &r.address);
            found.grants.push((role, policy));
        }
        if let Some(arn) = body.get(keys.boundary) {
            let policy = self.managed_policy(arn, &r.address);
            found.boundaries.push((role, policy));
        }
    }

    /// A policy resource's document, granted to every role it names.
    pub fn policy(&self, r: &Resource, found: &mut Found) {
        let keys = POLICY.of(self.dialect);
        let Some(doc) = r.body.get(keys.document) else {
            return;
        };
        let named = keys.roles.iter().filter_map(|k| r.body.get(k));
        let roles: Vec<usize> = named
            .flat_map(Value::items)
            .filter_map(|v| self.role_of(v))
            .collect();
        if roles.is_empty() {
            return;
        }
        // One reading of the document, granted to each role.
        let policy = self.reader.read(doc, &r.address);
        for role in roles {
            found.grants.push((role, policy.clone()));
        }
    }

    /// A bucket policy resource.
    pub fn bucket_policy(&self, r: &Resource, found: &mut Found) {
        let keys = BUCKET_POLICY.of(self.dialect);
        if let (Some(bucket), Some(doc)) = (r.body.get(keys.bucket), r.body.get(keys.document)) {
            let policy = BucketPolicy {
                address: r.address.clone(),
                bucket: self.model().resolve_bucket(self.reader.unit, bucket),
                policy: self.reader.read(doc, &r.address),
            };
            found.bucket_policies.push(policy);
        }
    }

    /// A KMS key's own key policy.
    pub fn key_policy(&self, r: &Resource, found: &mut Found) {
        let doc = r.body.get(KEY.of(self.dialect).policy);
        if let (Some(key), Some(doc)) = (self.index(r), doc) {
            let policy = self.reader.read(doc, &r.address);
            found.key_policies.push((key, policy));
        }
    }

    /// A KMS alias: its name is one of its target key's aliases.
    pub fn alias(&self, r: &Resource, found: &mut Found) {
        let keys = KEY.of(self.dialect);
        let key = self.key_of(r.body.get(keys.alias_target));
        if let (Some(key), Some(name)) = (key, r.body.get(keys.alias_name)) {
            found.aliases.push((key, name.clone()));
        }
    }

    /// What `attach` finds in each of `resources` (read in parallel), in their order.
    pub fn each(
        &self,
        resources: &[Arc<Resource>],
        attach: impl Fn(&Self, &Resource, &mut Found) + Sync,
    ) -> Found {
        // One collection per run of resources, joined in order: not one per resource.
        resources
            .par_iter()
            .fold(Found::default, |mut found, r| {
                attach(self, r, &mut found);
                found
            })
            .reduce(Found::default, Found::append)
    }
}
