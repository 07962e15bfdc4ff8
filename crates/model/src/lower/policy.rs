//! Reads policy documents into [`Policy`]: JSON-shaped values (from `jsonencode`, heredoc or
//! template JSON) and Terraform `aws_iam_policy_document` data sources.

use crate::{Model, UnitId};
use repl_lint_iam::policy::{
    ConditionEntry, Effect, Policy, PolicyString, PrincipalEntry, Statement, SymStr,
};
use repl_lint_source::Span;
use repl_lint_syntax::replaced::{Replacement, as_replaced_document, replace_all};
use repl_lint_syntax::resource::Resource;
use repl_lint_syntax::value::{Value, ValueKind};
use std::collections::HashMap;

/// How many policy documents may include each other before reading stops.
const MAX_DOCUMENT_DEPTH: usize = 8;

/// Reads the policy documents of one unit.
pub struct PolicyReader<'a> {
    /// The model, for symbolic names of referenced resources.
    pub model: &'a Model,
    /// The unit whose references are read.
    pub unit: UnitId,
    /// `data "aws_iam_policy_document"` resources by address.
    pub documents: HashMap<&'a str, &'a Resource>,
}

impl PolicyReader<'_> {
    /// Reads a policy written as a value (a JSON object, a reference to a policy document, or
    /// something unreadable, which yields an incomplete empty policy).
    pub fn read(&self, value: &Value, origin: &str) -> Policy {
        self.read_at(value, origin, 0, &[])
    }

    /// Reads a document with `replacements` (from `replace()` over its text) applied to its
    /// strings and to those of every document it includes.
    fn read_at(
        &self,
        value: &Value,
        origin: &str,
        depth: usize,
        replacements: &[Replacement<'_>],
    ) -> Policy {
        if let Some((doc, more)) = as_replaced_document(value) {
            let mut all = replacements.to_vec();
            all.extend(more);
            return self.read_at(doc, origin, depth, &all);
        }
        match &value.kind {
            ValueKind::Map(_) => self.read_json(&replace_all(value, replacements), origin),
            // A document held in a string (plan JSON, `jsonencode` results, CloudFormation
            // strings): parsed, and located at the string.
            ValueKind::Str(text) if text.trim_start().starts_with('{') => {
                match repl_lint_syntax::json::parse_json(text, value.span.file, 0) {
                    Ok(mut document) => {
                        document.respan(value.span);
                        self.read_json(&replace_all(&document, replacements), origin)
                    }
                    Err(_) => incomplete(value.span, origin),
                }
            }
            ValueKind::Ref(r) if depth < MAX_DOCUMENT_DEPTH => {
                match self.documents.get(r.target.as_str()) {
                    Some(doc) => self.read_document_source(doc, depth + 1, replacements),
                    None => incomplete(value.span, origin),
                }
            }
            _ => incomplete(value.span, origin),
        }
    }

    fn read_json(&self, doc: &Value, origin: &str) -> Policy {
        let mut policy = Policy {
            statements: Vec::new(),
            complete: true,
            span: doc.span,
            origin: origin.to_string(),
        };
        match doc.get("Statement") {
            Some(statements) if !statements.is_unknown() => {
                for s in statements.items() {
                    if matches!(s.kind, ValueKind::Map(_)) {
                        policy.statements.push(self.json_statement(s));
                    } else {
                        policy.complete = false;
                    }
                }
            }
            _ => policy.complete = false,
        }
        policy
    }

    fn json_statement(&self, s: &Value) -> Statement {
        let mut has_unknowns = false;
        let effect = match s.get("Effect").and_then(Value::as_str) {
            Some("Allow") => Some(Effect::Allow),
            Some("Deny") => Some(Effect::Deny),
            _ => None,
        };
        let mut conditions = Vec::new();
        if let Some(c) = s.get("Condition") {
            has_unknowns |= !matches!(c.kind, ValueKind::Map(_));
            for op in c.entries() {
                for key in op.value.entries() {
                    conditions.push(ConditionEntry {
                        operator: op.key.clone(),
                        key: key.key.clone(),
                        values: self.strings(&key.value),
                        span: key.span,
                    });
                }
            }
        }
        Statement {
            sid: s.get("Sid").and_then(Value::as_str).map(str::to_string),
            effect,
            actions: s.get("Action").map(|v| self.strings(v)),
            not_actions: s.get("NotAction").map(|v| self.strings(v)),
            resources: s.get("Resource").map(|v| self.strings(v)),
            not_resources: s.get("NotResource").map(|v| self.strings(v)),
            principals: s.get("Principal").map(|v| self.json_principals(v)),
            not_principals: s.get("NotPrincipal").map(|v| self.json_principals(v)),
            conditions,
            has_unknowns: has_unknowns || effect.is_none(),
            span: s.span,
        }
    }

    fn json_principals(&self, v: &Value) -> Vec<PrincipalEntry> {
        if v.as_str() == Some("*") {
            return vec![PrincipalEntry::Everyone(v.span)];
        }
        v.entries()
            .iter()
            .flat_map(|e| {
                e.value
                    .items()
                    .iter()
                    .map(move |item| (e.key.as_str(), item))
            })
            .map(|(kind, item)| self.principal(kind, item))
            .collect()
    }

    fn principal(&self, kind: &str, item: &Value) -> PrincipalEntry {
        if item.as_str() == Some("*") && kind == "AWS" {
            PrincipalEntry::Everyone(item.span)
        } else {
            PrincipalEntry::Typed {
                kind: kind.to_string(),
                value: self.string(item),
            }
        }
    }

    fn strings(&self, v: &Value) -> Vec<PolicyString> {
        v.items().iter().map(|item| self.string(item)).collect()
    }

    fn string(&self, v: &Value) -> PolicyString {
        PolicyString {
            text: self.model.sym(self.unit, v),
            span: v.span,
        }
    }

    /// Reads a `data "aws_iam_policy_document"`: source documents, own statements, overrides.
    fn read_document_source(
        &self,
        doc: &Resource,
        depth: usize,
        replacements: &[Replacement<'_>],
    ) -> Policy {
        let body = &*replace_all(&doc.body, replacements);
        let mut policy = Policy {
            statements: Vec::new(),
            complete: true,
            span: doc.span,
            origin: doc.address.clone(),
        };
        let merge = |policy: &mut Policy, included: Policy| {
            policy.complete &= included.complete;
            for s in included.statements {
                merge_by_sid(&mut policy.statements, s);
            }
        };
        for source in body
            .get("source_policy_documents")
            .map_or(&[][..], Value::items)
        {
            let included = self.read_at(source, &doc.address, depth, replacements);
            merge(&mut policy, included);
        }
        match body.get("statement") {
            Some(v) if v.is_unknown() => policy.complete = false,
            Some(v) => {
                for s in v.items() {
                    merge_by_sid(&mut policy.statements, self.tf_statement(s));
                }
            }
            None => {}
        }
        for source in body
            .get("override_policy_documents")
            .map_or(&[][..], Value::items)
        {
            let included = self.read_at(source, &doc.address, depth, replacements);
            merge(&mut policy, included);
        }
        policy
    }

    fn tf_statement(&self, s: &Value) -> Statement {
        let effect = match s.get("effect").map(|v| v.as_str()) {
            None => Some(Effect::Allow),
            Some(Some("Allow")) => Some(Effect::Allow),
            Some(Some("Deny")) => Some(Effect::Deny),
            Some(_) => None,
        };
        let principals = |key: &str| {
            s.get(key).map(|blocks| {
                blocks
                    .items()
                    .iter()
                    .flat_map(|b| {
                        let kind = b
                            .get("type")
                            .and_then(Value::as_str)
                            .unwrap_or("")
                            .to_string();
                        let ids = b.get("identifiers").map_or(&[][..], Value::items);
                        ids.iter().map(move |id| (kind.clone(), id))
                    })
                    .map(|(kind, id)| self.principal(&kind, id))
                    .collect::<Vec<_>>()
            })
        };
        let conditions = s
            .get("condition")
            .map_or(&[][..], Value::items)
            .iter()
            .map(|c| ConditionEntry {
                operator: c
                    .get("test")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                key: c
                    .get("variable")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                values: c.get("values").map(|v| self.strings(v)).unwrap_or_default(),
                span: c.span,
            })
            .collect();
        let has_unknowns = effect.is_none()
            || ["principals", "not_principals", "condition"]
                .iter()
                .any(|k| s.get(k).is_some_and(Value::is_unknown));
        Statement {
            sid: s.get("sid").and_then(Value::as_str).map(str::to_string),
            effect,
            actions: s.get("actions").map(|v| self.strings(v)),
            not_actions: s.get("not_actions").map(|v| self.strings(v)),
            resources: s.get("resources").map(|v| self.strings(v)),
            not_resources: s.get("not_resources").map(|v| self.strings(v)),
            principals: principals("principals"),
            not_principals: principals("not_principals"),
            conditions,
            has_unknowns,
            span: s.span,
        }
    }
}

/// Adds a statement, replacing an earlier one with the same non-empty `Sid`.
fn merge_by_sid(statements: &mut Vec<Statement>, s: Statement) {
    let same = s
        .sid
        .as_deref()
        .filter(|sid| !sid.is_empty())
        .and_then(|sid| {
            statements
                .iter()
                .position(|existing| existing.sid.as_deref() == Some(sid))
        });
    match same {
        Some(i) => statements[i] = s,
        None => statements.push(s),
    }
}

/// A policy the linter cannot read: it may grant or deny anything.
pub fn incomplete(span: Span, origin: &str) -> Policy {
    Policy {
        statements: Vec::new(),
        complete: false,
        span,
        origin: origin.to_string(),
    }
}

/// AWS managed policies whose content is well known enough to count as grants.
pub fn well_known_managed_policy(arn: &Value) -> Option<Policy> {
    let text = arn.as_str()?;
    let name = text.strip_prefix("arn:aws:iam::aws:policy/")?;
    let actions = match name {
        "AmazonS3FullAccess" => vec!["s3:*", "s3-object-lambda:*"],
        _ => return None,
    };
    let strings = |items: &[&str]| {
        items
            .iter()
            .map(|a| PolicyString {
                text: SymStr::lit(a),
                span: arn.span,
            })
            .collect::<Vec<_>>()
    };
    Some(Policy {
        statements: vec![Statement {
            sid: None,
            effect: Some(Effect::Allow),
            actions: Some(strings(&actions)),
            not_actions: None,
            resources: Some(strings(&["*"])),
            not_resources: None,
            principals: None,
            not_principals: None,
            conditions: Vec::new(),
            has_unknowns: false,
            span: arn.span,
        }],
        complete: true,
        span: arn.span,
        origin: text.to_string(),
    })
}
