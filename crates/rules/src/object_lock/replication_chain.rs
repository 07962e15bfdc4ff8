//! RL603 replication-chain: A→B→C, where replicas created in B do not go on to C.

use super::edges::{edges, outside_edges};
use crate::prelude::*;
use repl_lint_model::{Replication, ReplicationRule};
use std::collections::{HashMap, HashSet};

declare_rule! {
    id: RL603,
    name: "replication-chain",
    severity: Info,
    default_enabled: true,
    summary: "A→B→C: replicas created in B are not replicated on to C.",
    check: Some(check),
}

/// One hop onward from B: the far bucket C (an address in the files or a bucket ARN outside
/// them) and the rule that replicates into it.
struct Onward<'m> {
    to: Far<'m>,
    replication: &'m Replication,
    rule: &'m ReplicationRule,
}

/// The far end of a chain.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Far<'m> {
    /// A bucket of the files, by index.
    Bucket(usize),
    /// A bucket outside the files, by its ARN.
    Outside(&'m str),
}

/// Reports each chain (A, B, C) once, at the second hop's destination. C may be outside the
/// files when its ARN is written literally: it is then certainly neither A nor B.
pub fn check(model: &Context, sink: &mut Sink) {
    let all = edges(model);
    let mut onward: HashMap<usize, Vec<Onward<'_>>> = HashMap::new();
    for edge in &all {
        onward.entry(edge.from).or_default().push(Onward {
            to: Far::Bucket(edge.to),
            replication: edge.replication,
            rule: edge.rule,
        });
    }
    for edge in outside_edges(model) {
        onward.entry(edge.from).or_default().push(Onward {
            to: Far::Outside(edge.to),
            replication: edge.replication,
            rule: edge.rule,
        });
    }
    let mut chains: HashSet<(usize, usize, Far<'_>)> = HashSet::new();
    for first in &all {
        let hops = onward.get(&first.to).map_or(&[][..], Vec::as_slice);
        for second in hops.iter().filter(|e| e.to != Far::Bucket(first.from)) {
            if !chains.insert((first.from, first.to, second.to)) {
                continue;
            }
            let (Some(a), Some(b)) = (model.buckets.get(first.from), model.buckets.get(first.to))
            else {
                continue;
            };
            let c = match second.to {
                Far::Bucket(i) => match model.buckets.get(i) {
                    Some(c) => c.address.as_str(),
                    None => continue,
                },
                Far::Outside(arn) => arn,
            };
            sink.report(
                &META,
                second.rule.destination.bucket_span,
                format!(
                    "`{}` replicates into `{}`, which replicates into `{c}`: objects replicated from `{}` into `{}` are replicas and are not replicated on to `{c}`",
                    a.address, b.address, a.address, b.address
                ),
            )
            .resource(&second.replication.address)
            .related(first.rule.destination.bucket_span, &format!("`{}` replicates into `{}` here", a.address, b.address))
            .help(&format!("replicate `{}` to `{c}` directly as well, if its objects must reach it", a.address));
        }
    }
}
