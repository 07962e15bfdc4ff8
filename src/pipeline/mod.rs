//! The run as named stages, each a function whose output type says what it adds:
//!
//! ```text
//! discover ─► read ─► parse ─► lower ─► check ─► report
//!  Found      Read     Parsed   Model    Findings  Outcome
//! ```
//!
//! [`discover`] lists the files of the paths ([`Found`]); [`read`] reads each once into the
//! [`SourceDb`](crate::source::SourceDb) ([`Read`]); [`parse`] turns Terraform modules (with the
//! modules they call), plans and CloudFormation templates into format-neutral units
//! ([`Parsed`]: units, conditional templates, parse errors, suppressions); [`check`] lowers and
//! links the unconditional units into one [`Model`](crate::model::Model) ([`lower`]), runs the
//! rules on it and on each scenario of every conditional template, maps plan findings onto the
//! source and adds the input findings ([`Findings`]) — with a [`Cache`], it lowers and checks
//! each component of the units on its own and reuses the findings of unchanged components
//! (`components.rs`); [`report`] relates findings to their module
//! calls, applies suppressions and severities, sorts, and counts ([`Outcome`]).
//!
//! `lint` (the command line, `--fix` verification, the language server) and `lint_with_models`
//! (`graph`) are [`run`]; the language server keeps a [`Cache`] between runs
//! (`Options::cache`): what discovery, reading, parsing, checking and the search for suppression
//! comments can prove unchanged is taken over (`kept`, `components`).

mod cache;
mod cfn_conditions;
mod check;
mod components;
mod kept;
mod parse;
mod read;
mod report;
mod templates_and_plans;

pub use cache::{Cache, Reused};
pub use check::{Findings, check, lower};
pub use parse::{Conditional, Parsed, parse};
pub use read::{Found, Read, discover, read};
pub use report::report;

use crate::{Options, Outcome, model::Model};

/// Lints `options`; keeps the linked models when `keep_models` is set (the run's model first,
/// then one per scenario of each conditional template).
pub fn run(options: &Options, keep_models: bool) -> Result<(Outcome, Vec<Model>), String> {
    let found = discover(options)?;
    let read = read(found, options)?;
    let mut parsed = parse(read, options);
    let findings = check(&mut parsed, options, keep_models);
    Ok(report(parsed, findings, options))
}
