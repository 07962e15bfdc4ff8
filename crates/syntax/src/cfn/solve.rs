//! Whether some values of the template's parameters give the conditions wanted values: a
//! search over the vars of [`Logic`] (each var's values are the literals it is compared with,
//! its default and "any other value"), pruned as soon as a wanted condition is decided wrongly.
//!
//! Every evaluation is paid for from a budget of node visits shared by all the questions asked
//! about one template, so the work stays bounded whatever the template; once the budget is spent,
//! the answer is "cannot tell" ([`None`]) and [`Solver::exhausted`] says so.

use super::logic::{Logic, Mask};

/// The most vars one question may depend on (deeper searches are not attempted).
const MAX_VARS: usize = 128;

/// Answers questions about one template's conditions within a budget.
pub(crate) struct Solver<'a> {
    logic: &'a Logic,
    /// Node visits left.
    budget: usize,
    /// True once a question could not be answered within the budget.
    pub(crate) exhausted: bool,
    /// One value slot per node, reused by every evaluation.
    values: Vec<Option<bool>>,
}

impl<'a> Solver<'a> {
    /// A solver that may visit `budget` nodes in all.
    pub(crate) fn new(logic: &'a Logic, budget: usize) -> Solver<'a> {
        Solver {
            logic,
            budget,
            exhausted: false,
            values: vec![None; logic.size()],
        }
    }

    /// The compiled conditions.
    pub(crate) fn logic(&self) -> &'a Logic {
        self.logic
    }

    /// Whether the vars can take values within `masks` that give every `(node, value)` in
    /// `wanted` its value: `Some(true)` yes (or not refutable: a wanted node cannot be
    /// evaluated), `Some(false)` no, `None` the budget ran out.
    pub(crate) fn feasible(&mut self, wanted: &[(usize, bool)], masks: &[Mask]) -> Option<bool> {
        if self.exhausted {
            return None;
        }
        let roots: Vec<usize> = wanted.iter().map(|(node, _)| *node).collect();
        let (cone, vars) = self.logic.cone(&roots);
        if !self.pay(cone.len()) {
            return None;
        }
        if vars.len() > MAX_VARS {
            self.exhausted = true;
            return None;
        }
        let mut masks = masks.to_vec();
        self.search(wanted, &cone, &vars, &mut masks)
    }

    /// Takes `cost` from the budget, or notes that it ran out.
    fn pay(&mut self, cost: usize) -> bool {
        match self.budget.checked_sub(cost) {
            Some(left) => {
                self.budget = left;
                true
            }
            None => {
                self.budget = 0;
                self.exhausted = true;
                false
            }
        }
    }

    /// Depth-first over the values of `vars` (at most [`MAX_VARS`] levels deep).
    fn search(
        &mut self,
        wanted: &[(usize, bool)],
        cone: &[usize],
        vars: &[usize],
        masks: &mut [Mask],
    ) -> Option<bool> {
        if !self.pay(cone.len()) {
            return None;
        }
        self.logic.evaluate(masks, cone, &mut self.values);
        let mut open = false;
        for &(node, want) in wanted {
            match self.values[node] {
                Some(value) if value != want => return Some(false),
                Some(_) => {}
                None => open = true,
            }
        }
        if !open {
            return Some(true);
        }
        let Some(&var) = vars.iter().find(|&&v| masks[v].count_ones() > 1) else {
            // Every var is settled and a wanted node is still unknown: it cannot be refuted.
            return Some(true);
        };
        let saved = masks[var];
        let mut answer = Some(false);
        for bit in bits(saved) {
            masks[var] = 1 << bit;
            match self.search(wanted, cone, vars, masks) {
                Some(false) => {}
                other => {
                    answer = other;
                    break;
                }
            }
        }
        masks[var] = saved;
        answer
    }
}

/// The indexes of the set bits of a mask, lowest first.
pub(crate) fn bits(mask: Mask) -> impl Iterator<Item = usize> {
    (0..Mask::BITS as usize).filter(move |&i| mask & (1 << i) != 0)
}
