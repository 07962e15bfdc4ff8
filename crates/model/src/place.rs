//! The account and region of a resource as the files tell them ([`Place`]); filled and queried
//! by [`crate::placement`].

use std::sync::Arc;

/// An account or a region, as far as the files tell. The texts are shared: every resource of a
/// provider configuration holds the same ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The literal account ID or region name, when written.
    pub literal: Option<Arc<str>>,
    /// A name for "the same as every other resource with this scope".
    pub scope: Option<Arc<str>>,
}

impl Place {
    /// A place known by its literal.
    pub fn literal(text: &str) -> Place {
        Place {
            literal: Some(Arc::from(text)),
            scope: None,
        }
    }

    /// A place known only by its scope.
    pub(crate) fn scope(name: String) -> Place {
        Place {
            literal: None,
            scope: Some(Arc::from(name)),
        }
    }

    /// `Some(true)` when both are certainly the same, `Some(false)` when certainly different,
    /// `None` when the files cannot tell.
    pub fn same(&self, other: &Place) -> Option<bool> {
        if let (Some(a), Some(b)) = (&self.literal, &other.literal) {
            return Some(a == b);
        }
        match (&self.scope, &other.scope) {
            (Some(a), Some(b)) if a == b => Some(true),
            _ => None,
        }
    }

    /// This place's evidence, completed by `other`'s where this one has none.
    pub fn or(self, other: Place) -> Place {
        Place {
            literal: self.literal.or(other.literal),
            scope: self.scope.or(other.scope),
        }
    }

    /// The literal for messages, or a description.
    pub fn describe(&self) -> &str {
        self.literal.as_deref().unwrap_or("an unknown one")
    }
}

/// The account and region of one resource.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placement {
    /// The account it is created in.
    pub account: Place,
    /// The region it is created in.
    pub region: Place,
}
