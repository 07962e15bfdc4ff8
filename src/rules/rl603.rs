//! RL603 replication-chain: A→B→C, where replicas created in B do not go on to C.

use super::edges::{by_source, edges};
use super::{Context, RuleMeta, Sink};
use crate::diagnostic::Severity;
use std::collections::HashSet;

/// RL603.
pub static META: RuleMeta = RuleMeta {
    id: "RL603",
    name: "replication-chain",
    severity: Severity::Info,
    summary: "A→B→C: replicas created in B are not replicated on to C.",
    default_enabled: true,
};

/// Reports each chain (A, B, C) once, at the second hop's destination.
pub fn check(model: &Context, sink: &mut Sink) {
    let all = edges(model);
    let leaving = by_source(&all);
    let mut chains: HashSet<(usize, usize, usize)> = HashSet::new();
    for first in &all {
        let onward = leaving.get(&first.to).map_or(&[][..], Vec::as_slice);
        for second in onward.iter().filter(|e| e.to != first.from) {
            let chain = (first.from, first.to, second.to);
            if !chains.insert(chain) {
                continue;
            }
            let (Some(a), Some(b), Some(c)) = (
                model.buckets.get(chain.0),
                model.buckets.get(chain.1),
                model.buckets.get(chain.2),
            ) else {
                continue;
            };
            sink.report(
                &META,
                second.rule.destination.bucket_span,
                format!(
                    "`{}` replicates into `{}`, which replicates into `{}`: objects replicated from `{}` into `{}` are replicas and are not replicated on to `{}`",
                    a.address, b.address, c.address, a.address, b.address, c.address
                ),
            )
            .resource(&second.replication.address)
            .related(first.rule.destination.bucket_span, &format!("`{}` replicates into `{}` here", a.address, b.address))
            .help(&format!("replicate `{}` to `{}` directly as well, if its objects must reach it", a.address, c.address));
        }
    }
}
