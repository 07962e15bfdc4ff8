//! References to resources that do not exist: a resource or data source whose `count` or
//! `for_each` is known to give no instance (`count = 0`, `for_each = {}`) is not there, and in
//! Terraform a reference to it (`aws_s3_bucket_policy.this[0].id`) is an evaluation error, which
//! `try()` and `can()` catch (`try(aws_s3_bucket_policy.this[0].id, aws_s3_bucket.this[0].id)`).
//! So `try` and `can` wait while an argument holds a reference to a resource instance (see
//! [`super::eval`]); once a module instance's resources are substituted, [`fail_absent`] turns
//! the references to its absent resources into errors and lets the `try` and `can` over them
//! decide. One that never meets that pass (a value only passed to a module call) decides when
//! the values are finalized, its references taken as existing.

use std::collections::HashSet;

use super::eval;
use super::expand;
use super::expr::MAX_DEPTH;
use super::placeholder;
use crate::resource::Resource;
use crate::value::{Reference, TextPart, Value, ValueKind};

/// The addresses of the resources whose `count` / `for_each` is known to give no instance.
pub(super) fn absent_resources<'r>(
    resources: impl IntoIterator<Item = &'r Resource>,
) -> HashSet<String> {
    resources
        .into_iter()
        .filter(|r| expand::has_no_instance(&r.body))
        .map(|r| r.address.clone())
        .collect()
}

/// True when the reference names a resource in `absent` (any of its instances, or an
/// attribute of it).
fn names_absent(r: &Reference, absent: &HashSet<String>) -> bool {
    if placeholder::is(r) {
        return false;
    }
    let base = r
        .target
        .split_once('[')
        .map_or(r.target.as_str(), |(base, _)| base);
    absent.contains(base)
}

/// Replaces every reference to an absent resource inside `value` by an evaluation error and
/// reduces the operations over them; the `try` and `can` inside no longer wait.
pub(super) fn fail_absent(value: &mut Value, absent: &HashSet<String>) {
    fail_in(value, absent, 0);
}

fn fail_in(value: &mut Value, absent: &HashSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let span = value.span;
    match &mut value.kind {
        ValueKind::Ref(r) if names_absent(r, absent) => {
            *value = Value::new(eval::error(r.display()), span);
        }
        ValueKind::Template(parts) => {
            for part in parts {
                if let TextPart::Ref(r) = part
                    && names_absent(r, absent)
                {
                    *part = TextPart::Unknown(format!("{}{}", eval::ERROR, r.display()));
                }
            }
        }
        ValueKind::List(items) => items.iter_mut().for_each(|v| fail_in(v, absent, depth + 1)),
        ValueKind::Map(entries) => {
            for entry in entries.iter_mut() {
                fail_in(&mut entry.value, absent, depth + 1);
            }
            if eval::is_op(value) {
                let op = std::mem::replace(value, Value::new(ValueKind::Null, span));
                *value = eval::checked(op);
            }
        }
        _ => {}
    }
}
