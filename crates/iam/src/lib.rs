//! IAM policy evaluation: does a set of policies allow an action on a resource for a principal?
//!
//! The evaluator works on symbolic policies ([`policy::SymStr`]): strings may hold opaque
//! symbols whose text is unknown. Every comparison therefore answers with a three-valued
//! [`Tri`], and [`evaluate`] folds those answers into a [`Decision`] the way IAM does
//! (explicit deny wins, otherwise an allow is needed, otherwise implicit deny).

pub mod condition;
pub mod eval;
#[cfg(test)]
mod fixtures;
pub mod glob;
pub mod policy;
pub mod principal;

pub use condition::{ContextValue, condition_holds, conditions_hold};
pub use eval::{
    Decision, Request, Verdict, action_matches, evaluate, evaluate_in, resource_matches,
    statement_applies,
};
pub use glob::{glob_match, sym_equals};
pub use principal::{Principal, principal_matches};

/// A three-valued answer: certainly, certainly not, or it depends on unknown text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tri {
    /// Holds for every possible value of the unknowns.
    Yes,
    /// Holds for no possible value of the unknowns.
    No,
    /// May or may not hold.
    Maybe,
}

impl Tri {
    /// Disjunction: `Yes` if either is `Yes`, `No` if both are `No`, else `Maybe`.
    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::Yes, _) | (_, Tri::Yes) => Tri::Yes,
            (Tri::No, Tri::No) => Tri::No,
            _ => Tri::Maybe,
        }
    }

    /// Conjunction: `No` if either is `No`, `Yes` if both are `Yes`, else `Maybe`.
    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::No, _) | (_, Tri::No) => Tri::No,
            (Tri::Yes, Tri::Yes) => Tri::Yes,
            _ => Tri::Maybe,
        }
    }

    /// Negation: swaps `Yes` and `No`, keeps `Maybe`.
    #[allow(clippy::should_implement_trait)]
    pub fn not(self) -> Tri {
        match self {
            Tri::Yes => Tri::No,
            Tri::No => Tri::Yes,
            Tri::Maybe => Tri::Maybe,
        }
    }

    /// The disjunction of many answers (`No` for none).
    pub fn any(items: impl IntoIterator<Item = Tri>) -> Tri {
        let mut acc = Tri::No;
        for t in items {
            acc = acc.or(t);
            if acc == Tri::Yes {
                break;
            }
        }
        acc
    }

    /// `Yes` for true, `No` for false.
    pub fn from_bool(b: bool) -> Tri {
        if b { Tri::Yes } else { Tri::No }
    }

    /// At most `Maybe`: turns `Yes` into `Maybe`, keeps the rest.
    pub fn cap_maybe(self) -> Tri {
        match self {
            Tri::Yes => Tri::Maybe,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Tri::{self, Maybe, No, Yes};

    #[test]
    fn tri_logic() {
        assert_eq!(Yes.or(No), Yes);
        assert_eq!(No.or(Maybe), Maybe);
        assert_eq!(No.or(No), No);
        assert_eq!(Yes.and(Maybe), Maybe);
        assert_eq!(Maybe.and(No), No);
        assert_eq!(Yes.and(Yes), Yes);
        assert_eq!(Maybe.not(), Maybe);
        assert_eq!(Yes.not(), No);
        assert_eq!(Tri::any([]), No);
        assert_eq!(Tri::any([No, Maybe, No]), Maybe);
        assert_eq!(Tri::any([Maybe, Yes]), Yes);
        assert_eq!(Yes.cap_maybe(), Maybe);
        assert_eq!(No.cap_maybe(), No);
    }
}
