//! Which template conditions decide what exists (`Fn::If` anywhere in a resource, resource-level
//! `Condition:`), and the scenarios a template is lowered under: the possible assignments of
//! those conditions, each with what it implies for the parameters the conditions test.
//!
//! A condition constrains the parameters it tests: when `HasDst: !Not [!Equals [!Ref Dst, ""]]`
//! is true, `Dst` is not its default `""` but some other value the template does not know. So in
//! each scenario a parameter keeps its default only when the default is consistent with the
//! scenario's conditions; otherwise it is the one value the conditions force
//! (`!Equals [!Ref Env, prod]` true: `prod`), or unknown. An assignment no parameter values can
//! produce is no scenario at all.
//!
//! The work is bounded: the solver has a budget of node visits per template ([`BUDGET`]), at
//! most `max_scenarios` scenarios are made and at most [`MAX_CONDITIONS`] conditions decided. A
//! condition beyond them stays undecided (its `Fn::If` values are unknown) and
//! [`Plan::unexplored`] names it.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::logic::{Logic, Mask, Others};
use super::solve::{Solver, bits};
use crate::value::{Value, ValueKind};
use repl_lint_source::Span;

/// Node visits the solver may spend on one template.
const BUDGET: usize = 4_000_000;

/// The most conditions a scenario decides; the others stay undecided.
const MAX_CONDITIONS: usize = 256;

/// Resource types whose resources the model reads: the conditions that decide parts of them
/// are the ones worth a scenario each.
const MODELLED_TYPES: &[&str] = &["AWS::S3::", "AWS::S3Express::", "AWS::IAM::", "AWS::KMS::"];

/// What a use of a condition decides, most important first: the scenarios go to the
/// conditions that decide replication before the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Decides {
    /// A replication configuration, or whether a bucket that has one exists.
    Replication,
    /// Another part of a resource the model reads (S3, IAM, KMS types).
    Modelled,
    /// Only a resource the model does not read.
    Other,
}

/// One place a condition decides something.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionUse {
    /// The condition's name.
    pub name: String,
    /// What it decides: the `Fn::If` written there, or the whole resource for `Condition:`.
    pub span: Span,
    /// What kind of thing it decides.
    pub decides: Decides,
}

/// Every use of a condition under `Resources`, in document order.
///
/// Walks with an explicit stack, so arbitrarily deep values cannot overflow the call stack.
pub fn condition_uses(root: &Value) -> Vec<ConditionUse> {
    let mut uses = Vec::new();
    let Some(resources) = root.get("Resources") else {
        return uses;
    };
    for entry in resources.entries() {
        let modelled = entry
            .value
            .get("Type")
            .and_then(Value::as_str)
            .is_some_and(|ty| MODELLED_TYPES.iter().any(|p| ty.starts_with(p)));
        let properties = entry.value.get("Properties");
        let replicates = properties.is_some_and(|p| p.get("ReplicationConfiguration").is_some());
        let decides = |in_replication: bool| match (modelled, in_replication) {
            (false, _) => Decides::Other,
            (true, true) => Decides::Replication,
            (true, false) => Decides::Modelled,
        };
        if let Some(name) = entry.value.get("Condition").and_then(Value::as_str) {
            uses.push(ConditionUse {
                name: name.to_string(),
                span: entry.span,
                decides: decides(replicates),
            });
        }
        let mut stack: Vec<(&Value, bool)> = vec![(&entry.value, false)];
        while let Some((v, in_replication)) = stack.pop() {
            match &v.kind {
                ValueKind::Map(entries) => {
                    if let [only] = entries.as_slice()
                        && only.key == "Fn::If"
                        && let Some(name) = only.value.items().first().and_then(Value::as_str)
                    {
                        uses.push(ConditionUse {
                            name: name.to_string(),
                            span: v.span,
                            decides: decides(in_replication),
                        });
                    }
                    let is_properties = properties.is_some_and(|p| std::ptr::eq(p, v));
                    stack.extend(entries.iter().rev().map(|e| {
                        let inner = is_properties && e.key == "ReplicationConfiguration";
                        (&e.value, in_replication || inner)
                    }));
                }
                ValueKind::List(items) => {
                    stack.extend(items.iter().rev().map(|item| (item, in_replication)))
                }
                _ => {}
            }
        }
    }
    uses
}

/// What a scenario says about one parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// The conditions force this value.
    Value(String),
    /// Not its default, and not one known value: it stays symbolic.
    Unknown,
}

/// One way the template can be deployed, as far as its conditions go.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scenario {
    /// The value of each condition used under `Resources` that the scenario decides.
    pub conditions: BTreeMap<String, bool>,
    /// The parameters that do not take their default here (the others do).
    pub parameters: HashMap<String, Binding>,
}

/// The scenarios of a template.
#[derive(Debug)]
pub struct Plan {
    /// At least one (with no condition: the one empty scenario).
    pub scenarios: Vec<Scenario>,
    /// Conditions deciding modelled resources that some scenario leaves undecided, because the
    /// scenarios or the solver's budget ran out.
    pub unexplored: Vec<String>,
    /// True when the solver's budget ran out (some answers were not known).
    pub exhausted: bool,
}

/// The scenarios to lower a template with, at most `max_scenarios` of them.
///
/// The conditions are split on in order of what they decide ([`Decides`]), then of first use:
/// each scenario so far becomes one scenario per value the condition can take with it, as long as
/// the scenarios stay within the limit; beyond it, and for conditions that decide only other
/// resources, a condition takes a value only where the others force it.
pub fn plan(root: &Value, uses: &[ConditionUse], max_scenarios: usize) -> Plan {
    let logic = Logic::new(root);
    let mut solver = Solver::new(&logic, BUDGET);
    let mut order: Vec<(&str, bool)> = Vec::new();
    let mut seen = HashSet::new();
    for decides in [Decides::Replication, Decides::Modelled, Decides::Other] {
        for u in uses.iter().filter(|u| u.decides == decides) {
            if seen.insert(u.name.as_str()) {
                order.push((u.name.as_str(), decides != Decides::Other));
            }
        }
    }
    let possible = logic.possible();
    let mut partial = vec![Partial::default()];
    let mut unexplored = Vec::new();
    for (rank, (name, modelled)) in order.into_iter().enumerate() {
        if rank >= MAX_CONDITIONS {
            if modelled {
                unexplored.push(name.to_string());
            }
            continue;
        }
        let node = logic.condition(name);
        // Whether each scenario so far can have the condition true, and false (`None`: the
        // budget ran out before the answer).
        let options: Vec<[Option<bool>; 2]> = partial
            .iter()
            .map(|p| {
                [true, false].map(|value| {
                    let wanted = p.clone().with(node, name, value).wanted;
                    solver.feasible(&wanted, &possible)
                })
            })
            .collect();
        let outcomes = |o: &[Option<bool>; 2]| match o {
            [Some(true), Some(true)] => 2,
            [Some(false), Some(false)] => 0,
            _ => 1,
        };
        let count: usize = options.iter().map(outcomes).sum();
        let split = modelled && count <= max_scenarios.max(1);
        let mut next = Vec::with_capacity(count);
        for (p, options) in partial.into_iter().zip(options) {
            match options {
                [Some(true), Some(true)] if split => {
                    next.push(p.clone().with(node, name, true));
                    next.push(p.with(node, name, false));
                }
                [Some(true) | None, Some(false)] => next.push(p.with(node, name, true)),
                [Some(false), Some(true) | None] => next.push(p.with(node, name, false)),
                // Contradictory already: no scenario.
                [Some(false), Some(false)] => {}
                // Both possible beyond the limit, or not known: undecided.
                _ => {
                    if modelled && !unexplored.iter().any(|u| u == name) {
                        unexplored.push(name.to_string());
                    }
                    next.push(p);
                }
            }
        }
        partial = next;
    }
    let scenarios = partial
        .into_iter()
        .filter_map(|p| {
            let parameters = bindings(&mut solver, &p.wanted, &possible)?;
            let conditions = p
                .named
                .into_iter()
                .map(|(n, v)| (n.to_string(), v))
                .collect();
            Some(Scenario {
                conditions,
                parameters,
            })
        })
        .collect();
    Plan {
        scenarios,
        unexplored,
        exhausted: solver.exhausted,
    }
}

/// A scenario being planned: the conditions decided so far, as nodes and by name.
#[derive(Debug, Clone, Default)]
struct Partial<'a> {
    wanted: Vec<(usize, bool)>,
    named: Vec<(&'a str, bool)>,
}

impl<'a> Partial<'a> {
    /// This scenario with condition `name` (node `node`) decided as `value`.
    fn with(mut self, node: usize, name: &'a str, value: bool) -> Partial<'a> {
        self.wanted.push((node, value));
        self.named.push((name, value));
        self
    }
}

/// What the conditions `wanted` imply for the parameters they test, one parameter after the
/// other in the order they are first compared: its default when the default is consistent with
/// the conditions and the parameters before it, else the one value it can take, else unknown.
/// `None` when no values give the conditions (a contradictory assignment).
fn bindings(
    solver: &mut Solver<'_>,
    wanted: &[(usize, bool)],
    possible: &[Mask],
) -> Option<HashMap<String, Binding>> {
    let logic = solver.logic();
    let roots: Vec<usize> = wanted.iter().map(|(node, _)| *node).collect();
    let (_, tested) = logic.cone(&roots);
    let mut masks = possible.to_vec();
    let mut out = HashMap::new();
    for var in tested {
        let declared = &logic.vars[var];
        if !declared.parameter {
            continue;
        }
        let saved = masks[var];
        if let Some(default) = declared.default
            && saved & (1 << default) != 0
        {
            masks[var] = 1 << default;
            match solver.feasible(wanted, &masks) {
                Some(true) => continue,
                Some(false) => {}
                None => {
                    // Cannot tell: the value is unknown rather than a default that may be wrong.
                    masks[var] = saved;
                    out.insert(declared.name.clone(), Binding::Unknown);
                    continue;
                }
            }
        }
        let mut can = 0;
        for bit in bits(saved) {
            masks[var] = 1 << bit;
            if solver.feasible(wanted, &masks) != Some(false) {
                can |= 1 << bit;
            }
        }
        if can == 0 {
            return None;
        }
        masks[var] = can;
        let single = (can.count_ones() == 1).then(|| can.trailing_zeros() as usize);
        let binding = match single {
            Some(bit) if bit < declared.other_bit() => Binding::Value(declared.values[bit].clone()),
            Some(_) => match &declared.others {
                Others::Allowed(rest) if rest.len() == 1 => Binding::Value(rest[0].clone()),
                _ => Binding::Unknown,
            },
            None => Binding::Unknown,
        };
        out.insert(declared.name.clone(), binding);
    }
    Some(out)
}

#[cfg(test)]
#[path = "conditions_tests.rs"]
mod tests;
