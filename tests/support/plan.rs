//! Hand-made Terraform plans in the exact shape `terraform show -json` (Terraform 1.x) writes,
//! for the plan tests (`plans.rs`, `plan_support.rs`). Include with
//! `#[path = "support/plan.rs"] mod plan;`.
//!
//! A test lists resources with their planned values (blocks as one-element arrays, as Terraform
//! writes them), marks attributes known only after apply, and names the references the
//! configuration section records for them; [`render`] writes the whole plan, pretty-printed so that
//! each value has its own line and tests can assert exact line:column positions with [`locate`].
#![allow(dead_code)]

use serde_json::{Map, Value, json};

/// One managed resource of the plan.
pub struct PlanResource {
    address: String,
    values: Value,
    after_unknown: Map<String, Value>,
    expressions: Map<String, Value>,
    depends_on: Vec<String>,
    provider_config_key: String,
}

/// A resource at `address` (`TYPE.NAME`, `TYPE.NAME["key"]` or `module.m.TYPE.NAME`) with its
/// planned values.
pub fn resource(address: &str, values: Value) -> PlanResource {
    PlanResource {
        address: address.to_string(),
        values,
        after_unknown: Map::new(),
        expressions: Map::new(),
        depends_on: Vec::new(),
        provider_config_key: "aws".to_string(),
    }
}

impl PlanResource {
    /// Marks top-level `attribute` as known only after apply (`after_unknown`), and drops it from
    /// the planned values, as Terraform does.
    pub fn unknown(mut self, attribute: &str) -> PlanResource {
        if let Some(values) = self.values.as_object_mut() {
            values.remove(attribute);
        }
        self.after_unknown
            .insert(attribute.to_string(), Value::Bool(true));
        self
    }

    /// Records the references of `attribute`'s expression in the configuration section
    /// (`["aws_iam_role.r.arn", "aws_iam_role.r"]`).
    pub fn references(mut self, attribute: &str, references: &[&str]) -> PlanResource {
        self.expressions
            .insert(attribute.to_string(), json!({ "references": references }));
        self
    }

    /// Adds `depends_on` entries to the configuration section.
    pub fn depends_on(mut self, addresses: &[&str]) -> PlanResource {
        self.depends_on
            .extend(addresses.iter().map(|a| a.to_string()));
        self
    }

    /// (module path, TYPE, NAME, index key) of the address.
    fn parts(&self) -> (Vec<String>, String, String, Option<Value>) {
        let (base, index) = match self.address.find('[') {
            Some(i) => {
                let key = self.address[i + 1..self.address.len() - 1].to_string();
                let index = serde_json::from_str(&key).unwrap_or(Value::String(key));
                (&self.address[..i], Some(index))
            }
            None => (self.address.as_str(), None),
        };
        let segments: Vec<&str> = base.split('.').collect();
        let n = segments.len();
        let module = segments[..n - 2].chunks(2).map(|c| c.join(".")).collect();
        (
            module,
            segments[n - 2].to_string(),
            segments[n - 1].to_string(),
            index,
        )
    }

    fn planned(&self) -> Value {
        let (_, kind, name, index) = self.parts();
        let mut out = json!({
            "address": self.address,
            "mode": "managed",
            "type": kind,
            "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 0,
            "values": self.values,
            "sensitive_values": {}
        });
        if let Some(index) = index {
            out["index"] = index;
        }
        out
    }

    fn change(&self) -> Value {
        let mut out = self.planned();
        let object = out.as_object_mut().unwrap();
        object.remove("values");
        object.remove("sensitive_values");
        object.remove("schema_version");
        object.insert(
            "change".to_string(),
            json!({
                "actions": ["create"],
                "before": null,
                "after": self.values,
                "after_unknown": self.after_unknown,
                "before_sensitive": false,
                "after_sensitive": {}
            }),
        );
        out
    }

    fn configuration(&self) -> Value {
        let (_, kind, name, _) = self.parts();
        let mut out = json!({
            "address": format!("{kind}.{name}"),
            "mode": "managed",
            "type": kind,
            "name": name,
            "provider_config_key": self.provider_config_key,
            "expressions": self.expressions,
            "schema_version": 0
        });
        if !self.depends_on.is_empty() {
            out["depends_on"] = json!(self.depends_on);
        }
        out
    }
}

/// The plan JSON for `resources`, pretty-printed (two-space indent), format version 1.2.
pub fn render(resources: &[PlanResource]) -> String {
    let mut planned = json!({ "resources": [] });
    let mut configuration = json!({ "resources": [] });
    for r in resources {
        let (module, ..) = r.parts();
        insert(&mut planned, &module, 0, r.planned(), true);
        insert(&mut configuration, &module, 0, r.configuration(), false);
    }
    let plan = json!({
        "format_version": "1.2",
        "terraform_version": "1.9.8",
        "planned_values": { "root_module": planned },
        "resource_changes": resources.iter().map(PlanResource::change).collect::<Vec<_>>(),
        "configuration": {
            "provider_config": {
                "aws": { "name": "aws", "full_name": "registry.terraform.io/hashicorp/aws" }
            },
            "root_module": configuration
        },
        "timestamp": "2026-11-23T00:00:00Z",
        "applyable": true,
        "complete": true,
        "errored": false
    });
    serde_json::to_string_pretty(&plan).unwrap()
}

/// Puts `resource` into the module at `path[depth..]` below `module`: `child_modules` with
/// full addresses in planned values, `module_calls.NAME.module` in the configuration.
fn insert(module: &mut Value, path: &[String], depth: usize, resource: Value, planned: bool) {
    if depth == path.len() {
        module["resources"].as_array_mut().unwrap().push(resource);
        return;
    }
    if planned {
        let address = path[..=depth].join(".");
        let children = module
            .as_object_mut()
            .unwrap()
            .entry("child_modules")
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .unwrap();
        let at = match children.iter().position(|c| c["address"] == address) {
            Some(at) => at,
            None => {
                children.push(json!({ "address": address, "resources": [] }));
                children.len() - 1
            }
        };
        insert(&mut children[at], path, depth + 1, resource, planned);
    } else {
        let name = path[depth].trim_start_matches("module.").to_string();
        let calls = module
            .as_object_mut()
            .unwrap()
            .entry("module_calls")
            .or_insert_with(|| json!({}));
        let call = calls
            .as_object_mut()
            .unwrap()
            .entry(name)
            .or_insert_with(|| json!({ "source": "./m", "module": { "resources": [] } }));
        insert(&mut call["module"], path, depth + 1, resource, planned);
    }
}

/// `line:col` (1-based, columns in characters) of the `nth` (0-based) occurrence of `needle`.
pub fn locate(text: &str, needle: &str, nth: usize) -> String {
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} occurs fewer than {} times", nth + 1))
        .0;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{line}:{column}")
}

/// A complete, correct same-account replication set-up: source and replica buckets with
/// versioning Enabled, a role trusted by S3 with every permission replication needs, and a
/// configuration with one V2 rule (`filter {}` equivalent, delete markers Enabled). Tests change
/// one value to plant a defect.
pub fn valid_setup() -> Vec<PlanResource> {
    vec![
        resource("aws_s3_bucket.source", json!({ "bucket": "orders-src", "force_destroy": false })),
        resource("aws_s3_bucket.replica", json!({ "bucket": "orders-dst", "force_destroy": false })),
        resource(
            "aws_s3_bucket_versioning.source",
            json!({ "bucket": "orders-src", "versioning_configuration": [{ "status": "Enabled", "mfa_delete": null }] }),
        ),
        resource(
            "aws_s3_bucket_versioning.replica",
            json!({ "bucket": "orders-dst", "versioning_configuration": [{ "status": "Enabled", "mfa_delete": null }] }),
        ),
        resource(
            "aws_iam_role.replication",
            json!({
                "name": "orders-replication",
                "assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"s3.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"
            }),
        )
        .unknown("arn"),
        resource(
            "aws_iam_role_policy.replication",
            json!({
                "name": "replication",
                "role": "orders-replication",
                "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetReplicationConfiguration\",\"s3:ListBucket\"],\"Resource\":\"arn:aws:s3:::orders-src\"},{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObjectVersionForReplication\",\"s3:GetObjectVersionAcl\",\"s3:GetObjectVersionTagging\"],\"Resource\":\"arn:aws:s3:::orders-src/*\"},{\"Effect\":\"Allow\",\"Action\":[\"s3:ReplicateObject\",\"s3:ReplicateDelete\",\"s3:ReplicateTags\"],\"Resource\":\"arn:aws:s3:::orders-dst/*\"}]}"
            }),
        )
        .references("role", &["aws_iam_role.replication.name", "aws_iam_role.replication"]),
        resource(
            "aws_s3_bucket_replication_configuration.this",
            json!({
                "bucket": "orders-src",
                "token": null,
                "rule": [{
                    "id": "all",
                    "status": "Enabled",
                    "priority": 0,
                    "prefix": "",
                    "filter": [{ "prefix": "", "tag": [], "and": [] }],
                    "delete_marker_replication": [{ "status": "Enabled" }],
                    "destination": [{
                        "bucket": "arn:aws:s3:::orders-dst",
                        "account": "",
                        "storage_class": "STANDARD",
                        "access_control_translation": [],
                        "encryption_configuration": [],
                        "metrics": [],
                        "replication_time": []
                    }],
                    "existing_object_replication": [],
                    "source_selection_criteria": []
                }]
            }),
        )
        .unknown("role")
        .references("role", &["aws_iam_role.replication.arn", "aws_iam_role.replication"])
        .references("bucket", &["aws_s3_bucket.source.id", "aws_s3_bucket.source"])
        .depends_on(&["aws_s3_bucket_versioning.source", "aws_s3_bucket_versioning.replica"]),
    ]
}
