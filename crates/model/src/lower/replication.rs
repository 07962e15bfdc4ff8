//! Reads a replication configuration, its rules and their destinations into the typed views,
//! in any format, through the format's table in `keys.rs`.

use super::keys::{
    ControlKeys, DestinationKeys, FilterKeys, ReplicationKeys, RuleKeys, Tags, Threshold,
};
use super::path_or_unknown;
use crate::{
    BucketLink, Control, Destination, FilterTag, Replication, ReplicationRule, Schema, Switch,
    UnitId,
};
use repl_lint_source::Span;
use repl_lint_syntax::resource::{Dialect, Resource};
use repl_lint_syntax::value::{Entry, Value, ValueKind};

/// Where a replication configuration sits in its resource, and what the resource says of its
/// source bucket.
pub struct Site<'a> {
    /// The configuration's own keys (the resource body, or the inline element's value).
    pub body: &'a Value,
    /// The resource or the inline element.
    pub span: Span,
    /// True when it is written inside its source bucket.
    pub inline: bool,
    /// The source bucket.
    pub source: BucketLink,
    /// The attribute or element that names the source bucket.
    pub source_span: Span,
    /// The value that names the source bucket, when written apart from the bucket.
    pub source_value: Option<Value>,
    /// Where an absent role is located.
    pub role_missing: Span,
    /// Where absent rules are located.
    pub rules_missing: Span,
}

/// Reads the replication configuration at `site` of resource `r`.
pub fn replication(
    unit: UnitId,
    r: &Resource,
    dialect: Dialect,
    from_plan: bool,
    keys: &ReplicationKeys,
    site: Site,
) -> Replication {
    let body = site.body;
    let rules = match body.get(keys.rules) {
        Some(v) if v.is_unknown() => None,
        Some(v) => Some(
            v.items()
                .iter()
                .map(|rule| read_rule(rule, &keys.rule))
                .collect(),
        ),
        None => Some(Vec::new()),
    };
    Replication {
        unit,
        address: r.address.clone(),
        dialect,
        header: r.header,
        span: site.span,
        inline: site.inline,
        from_plan,
        source: site.source,
        source_span: site.source_span,
        source_value: site.source_value,
        role: body.get(keys.role).cloned(),
        role_span: body.entry(keys.role).map_or(site.role_missing, |e| e.span),
        rules,
        rules_span: body
            .entry(keys.rules)
            .map_or(site.rules_missing, |e| e.span),
        unexpanded: r.unexpanded.clone(),
    }
}

fn read_rule(rule: &Value, keys: &RuleKeys) -> ReplicationRule {
    let switch = keys.switch;
    let filter_entry = rule.entry(keys.filter.key);
    let filter = filter_entry.map(|e| e.value.single());
    let criteria = rule.get(keys.source_selection_criteria);
    let destination = match rule.entry(keys.destination.key) {
        Some(entry) => read_destination(entry, &keys.destination, switch),
        None => Destination::absent(rule.span),
    };
    let has_unknown_parts = unknown_parts(rule, keys);
    let (filter_tags, filter_tags_unknown) =
        filter.map_or((Vec::new(), false), |f| filter_tags(f, &keys.filter));
    let status = rule.get(keys.status);
    ReplicationRule {
        id: rule.get(keys.id).cloned(),
        span: rule.span,
        enabled: status.and_then(Value::as_str).map(|s| s == "Enabled"),
        status: status.cloned(),
        prefix: rule.get(keys.prefix).cloned(),
        has_filter: filter.is_some(),
        // A rule without a filter is V1: the Terraform provider sends it so (prefix "" by
        // default), and S3 takes a CloudFormation rule with neither `Prefix` nor `Filter` as V1
        // for every object (AWS's own sample templates omit both).
        schema: match (has_unknown_parts, filter) {
            (true, _) => None,
            (false, Some(_)) => Some(Schema::V2),
            (false, None) => Some(Schema::V1),
        },
        filter_span: filter_entry.map(|e| e.span),
        filter_tags,
        filter_tags_unknown,
        existing_object_replication: keys
            .existing_object_replication
            .as_ref()
            .and_then(|control| read_control(rule, control, switch)),
        has_unknown_parts,
        filter_elements: filter_elements(filter, &keys.filter),
        filter_prefix: filter
            .and_then(|f| {
                f.get(keys.filter.prefix)
                    .or_else(|| f.path(&[keys.filter.and, keys.filter.prefix]))
            })
            .cloned(),
        delete_marker_replication: rule.path(keys.delete_marker_replication).map(switch),
        priority: rule.get(keys.priority).cloned(),
        sse_kms_encrypted_objects: criteria
            .and_then(|c| path_or_unknown(c, keys.sse_kms_encrypted_objects))
            .map(keys.sse_kms_switch),
        replica_modifications: criteria
            .and_then(|c| c.path(keys.replica_modifications))
            .map(switch),
        destination,
    }
}

/// True when a part that decides the rule's schema (prefix, filter, delete marker replication)
/// is unknown.
fn unknown_parts(rule: &Value, keys: &RuleKeys) -> bool {
    let shape = [
        Some(keys.prefix),
        Some(keys.filter.key),
        keys.delete_marker_replication.first().copied(),
    ];
    rule.entries()
        .iter()
        .any(|e| shape.contains(&Some(e.key.as_str())) && e.value.is_unknown())
}

fn read_destination(
    entry: &Entry,
    keys: &DestinationKeys,
    switch: fn(&Value) -> Switch,
) -> Destination {
    let d = entry.value.single();
    let span = if keys.at_entry { entry.span } else { d.span };
    let translation = d.entry(keys.access_control_translation);
    Destination {
        replica_kms_key: path_or_unknown(d, keys.replica_kms_key).cloned(),
        bucket: d.get(keys.bucket).cloned(),
        bucket_span: d.entry(keys.bucket).map_or(span, |e| e.span),
        span,
        account: d.get(keys.account).cloned(),
        storage_class: d.get(keys.storage_class).cloned(),
        access_control_translation: translation.map(|e| e.span),
        access_control_owner: translation
            .and_then(|e| match e.value.is_unknown() {
                true => Some(&e.value),
                false => e.value.single().get(keys.owner),
            })
            .cloned(),
        replication_time: read_control(d, &keys.replication_time, switch),
        metrics: read_control(d, &keys.metrics, switch),
    }
}

/// An element with a status and maybe minutes, when `holder` has it.
fn read_control(
    holder: &Value,
    keys: &ControlKeys,
    switch: fn(&Value) -> Switch,
) -> Option<Control> {
    let entry = holder.entry(keys.element)?;
    let body = entry.value.single();
    let known = !entry.value.is_unknown();
    let (threshold, minutes) = match keys.threshold {
        Threshold::In(name) => {
            let threshold = body.entry(name);
            let minutes = threshold.and_then(|t| t.value.single().get(keys.minutes));
            (threshold.map(|t| t.span), minutes)
        }
        Threshold::Direct => {
            let minutes = body.entry(keys.minutes);
            let threshold = known.then(|| minutes.map_or(entry.span, |m| m.span));
            (threshold, minutes.map(|m| &m.value))
        }
        Threshold::Absent => (None, None),
    };
    Some(Control {
        span: entry.span,
        known,
        status: body.get(keys.status).map(switch),
        threshold,
        minutes: minutes.cloned(),
    })
}

/// The elements of a filter as S3 receives them, with their key spans.
fn filter_elements(filter: Option<&Value>, keys: &FilterKeys) -> Vec<(String, Span)> {
    let Some(filter) = filter else {
        return Vec::new();
    };
    let mut elements: Vec<(String, Span)> = filter
        .entries()
        .iter()
        .map(|e| (e.key.clone(), e.key_span))
        .collect();
    let with_loose_tags = keys
        .loose_tags
        .is_some_and(|tags| elements.iter().any(|(k, _)| k == tags));
    let unset_prefix = keys.empty_prefix_unset
        && elements.len() > 1
        && filter
            .get(keys.prefix)
            .is_some_and(|p| p.as_str() == Some(""));
    if with_loose_tags || unset_prefix {
        elements.retain(|(k, _)| k != keys.prefix);
    }
    elements
}

/// The tags a filter requires, and whether some cannot be read.
fn filter_tags(filter: &Value, keys: &FilterKeys) -> (Vec<FilterTag>, bool) {
    let mut tags: Vec<FilterTag> = filter
        .get(keys.tag)
        .map(Value::single)
        .and_then(|t| tag_object(t, keys.tag_fields))
        .into_iter()
        .collect();
    let mut unknown = [keys.tag, keys.and]
        .iter()
        .any(|k| filter.get(k).is_some_and(Value::is_unknown));
    let loose = keys.loose_tags.and_then(|k| filter.get(k));
    let and_tags = |key| filter.path(&[keys.and, key]);
    let (maps, list) = match keys.and_tags {
        Tags::Map(key) => ([loose, and_tags(key)], None),
        Tags::List(key) => ([loose, None], and_tags(key)),
    };
    for map in maps.into_iter().flatten() {
        match tag_map(map) {
            Some(found) => tags.extend(found),
            None => unknown = true,
        }
    }
    if let Some(list) = list {
        unknown |= list.is_unknown();
        let objects = list.items().iter();
        tags.extend(objects.filter_map(|t| tag_object(t, keys.tag_fields)));
    }
    (tags, unknown)
}

/// A tag written as an object with a key and a value.
fn tag_object(tag: &Value, [key, value]: [&str; 2]) -> Option<FilterTag> {
    Some(FilterTag {
        key: tag.get(key)?.clone(),
        value: tag.get(value).cloned(),
        span: tag.span,
    })
}

/// The tags of a `{ key = value }` map, or `None` when the map cannot be read.
fn tag_map(tags: &Value) -> Option<Vec<FilterTag>> {
    match &tags.kind {
        ValueKind::Map(entries) => Some(
            entries
                .iter()
                .map(|e| FilterTag {
                    key: Value::new(ValueKind::Str(e.key.clone()), e.key_span),
                    value: Some(e.value.clone()),
                    span: e.span,
                })
                .collect(),
        ),
        _ => None,
    }
}

/// A status (`"Enabled"` / `"Disabled"`) as a switch.
pub fn status(v: &Value) -> Switch {
    Switch {
        enabled: v.as_str().map(|s| s == "Enabled"),
        span: v.span,
    }
}

/// A Terraform status, which may also be written as a bool.
pub fn terraform_status(v: &Value) -> Switch {
    let enabled = match &v.kind {
        ValueKind::Str(s) => Some(s == "Enabled"),
        ValueKind::Bool(b) => Some(*b),
        _ => None,
    };
    Switch {
        enabled,
        span: v.span,
    }
}

/// A bool argument (`enabled`) as a switch, converted as Terraform converts it (`"true"` is
/// true).
pub fn flag(v: &Value) -> Switch {
    Switch {
        enabled: v.as_bool(),
        span: v.span,
    }
}
