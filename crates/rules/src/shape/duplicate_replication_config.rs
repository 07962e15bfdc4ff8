//! RL117 duplicate-replication-config: two Terraform replication configurations for one bucket.

use crate::input::unverifiable;
use crate::prelude::*;
use repl_lint_model::{BucketLink, Model, Replication};
use repl_lint_syntax::resource::Dialect;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

declare_rule! {
    id: RL117,
    name: "duplicate-replication-config",
    severity: Error,
    default_enabled: true,
    summary: "Terraform: two replication configurations (standalone or inline) for one bucket overwrite each other.",
    check: Some(check),
}

/// The bucket a configuration replicates, as a comparable key: the bucket in the files, or the
/// literal name written.
#[derive(PartialEq, Eq, Hash)]
enum SourceKey {
    Bucket(usize),
    Name(String),
}

/// Flags every Terraform replication configuration after the first for the same source bucket;
/// notes (RL003) a configuration whose `count` / `for_each` could not be evaluated, since its
/// instances may be several configurations of one bucket.
pub fn check(model: &Context, sink: &mut Sink) {
    // The first configuration of each (unit, source bucket).
    let mut seen: HashMap<(usize, SourceKey), &Replication> = HashMap::new();
    for replication in replications_in(model, Dialect::Terraform) {
        if let Some(unexpanded) = &replication.unexpanded {
            unverifiable::note(
                sink,
                unexpanded.span,
                &replication.address,
                &META,
                &format!(
                    "`{}` could not be evaluated, so how many instances of `{}` exist is unknown: it is checked as one instance, with unknown `count.index` / `each` values",
                    unexpanded.text, replication.address
                ),
            );
        }
        let Some(key) = source_key(model, replication) else {
            continue;
        };
        match seen.entry((replication.unit, key)) {
            Entry::Occupied(first) => {
                let first = *first.get();
                sink.report(
                    &META,
                    replication.source_span,
                    format!("`{}` configures replication for the same bucket: S3 keeps one replication configuration per bucket, so each apply overwrites the other", first.address),
                )
                .resource(&replication.address)
                .related(first.source_span, "other replication configuration for the bucket")
                .help("keep one aws_s3_bucket_replication_configuration per bucket, with all its rules, and no inline replication_configuration block");
            }
            Entry::Vacant(slot) => {
                slot.insert(replication);
            }
        }
    }
}

fn source_key(model: &Model, replication: &Replication) -> Option<SourceKey> {
    match &replication.source {
        BucketLink::Found(i) => Some(SourceKey::Bucket(*i)),
        _ => {
            let value = replication.source_value.as_ref()?;
            let sym = model.sym(replication.unit, value);
            sym.as_literal()
                .filter(|s| !s.is_empty())
                .map(|s| SourceKey::Name(s.to_string()))
        }
    }
}
