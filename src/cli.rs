//! The command line: arguments, output selection and exit codes (see `shared/spec/output.md`).

use crate::diagnostic::Severity;
use crate::report::{self, Format};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Finds broken Amazon S3 replication in Terraform and CloudFormation before deployment.
#[derive(Debug, Parser)]
#[command(
    name = "repl-lint",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// `rules` or `explain` instead of linting.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or directories to lint.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Run only these rules (IDs, names or ID prefixes such as RL3), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub select: Vec<String>,
    /// Do not run these rules (IDs, names or ID prefixes), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub ignore: Vec<String>,
    /// A Terraform variable file to apply to every module (repeatable; later files win).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// A Terraform plan (`terraform show -json`, *.json) to lint with PATH's source: its values
    /// win, its findings are located in the source (repeatable).
    #[arg(long = "plan", value_name = "FILE")]
    pub plans: Vec<PathBuf>,
}

/// Commands other than linting.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule: ID, name, default severity, whether it runs by default, summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// Rule ID (`RL202`) or name (`destination-versioning`).
        rule: String,
    },
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Code frames for people (colour on a terminal unless NO_COLOR is set).
    Human,
    /// The JSON contract.
    Json,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Any diagnostic.
    Info,
    /// Never fail on diagnostics.
    Never,
}

impl FailOn {
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

/// Runs the command line and returns the process exit code (0 clean, 1 findings, 2 failure).
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Some(Command::Rules { format }) => return list_rules(format),
        Some(Command::Explain { rule }) => return explain(&rule),
        None => {}
    }
    let known = |s: &String| {
        crate::rules::RULES.iter().any(|r| {
            let m = r.meta;
            m.id.eq_ignore_ascii_case(s) || m.name == s || m.id.starts_with(&s.to_ascii_uppercase())
        })
    };
    if let Some(bad) = cli.select.iter().chain(&cli.ignore).find(|s| !known(s)) {
        eprintln!(
            "repl-lint: unknown rule selector `{bad}` (use a rule ID such as RL202, a name, or a prefix such as RL3)"
        );
        return 2;
    }
    let options = crate::Options {
        paths: cli.paths,
        var_files: cli.var_files,
        plans: cli.plans,
        select: cli.select,
        ignore: cli.ignore,
    };
    let outcome = match crate::lint(&options) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("repl-lint: {message}");
            return 2;
        }
    };
    if outcome.summary.files_linted == 0 {
        eprintln!(
            "repl-lint: no lintable files found ({} skipped)",
            outcome.summary.files_skipped
        );
    }
    let format = match cli.format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Json => Format::Json,
    };
    let written = match &cli.output {
        Some(path) => std::fs::File::create(path).and_then(|mut f| {
            report::write_report(
                &mut f,
                format,
                &outcome.db,
                &outcome.diagnostics,
                &outcome.summary,
                false,
            )?;
            f.flush()
        }),
        None => {
            let stdout = std::io::stdout();
            let color =
                stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let mut lock = stdout.lock();
            report::write_report(
                &mut lock,
                format,
                &outcome.db,
                &outcome.diagnostics,
                &outcome.summary,
                color,
            )
            .and_then(|()| lock.flush())
        }
    };
    match written {
        // A reader that stopped early (`| head`) is not a failure of the run.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("repl-lint: cannot write the report: {e}");
            return 2;
        }
        Ok(()) => {}
    }
    if outcome.all_failed_to_parse() {
        return 2;
    }
    let failing = cli
        .fail_on
        .threshold()
        .is_some_and(|t| outcome.diagnostics.iter().any(|d| d.severity >= t));
    i32::from(failing)
}

/// One rule in `repl-lint rules --format json` (fields in this order).
#[derive(serde::Serialize)]
struct RuleEntry {
    id: &'static str,
    name: &'static str,
    severity: &'static str,
    summary: &'static str,
    default_enabled: bool,
}

/// `repl-lint rules`: a table, or JSON objects with id, name, severity, summary, default_enabled.
fn list_rules(format: OutputFormat) -> i32 {
    let metas = crate::rules::RULES.iter().map(|r| r.meta);
    let text = match format {
        OutputFormat::Json => {
            let rules: Vec<RuleEntry> = metas
                .map(|m| RuleEntry {
                    id: m.id,
                    name: m.name,
                    severity: m.severity.as_str(),
                    summary: m.summary,
                    default_enabled: m.default_enabled,
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&rules).unwrap_or_default();
            text.push('\n');
            text
        }
        OutputFormat::Human => metas
            .map(|m| {
                let default = if m.default_enabled {
                    ""
                } else {
                    " (off by default)"
                };
                format!(
                    "{}  {:<42} {:<8} {}{default}\n",
                    m.id,
                    m.name,
                    m.severity.as_str(),
                    m.summary
                )
            })
            .collect(),
    };
    print_or_fail(&text)
}

/// `repl-lint explain ID`: the rule's documentation, or exit 2 for an unknown rule.
fn explain(rule: &str) -> i32 {
    match crate::rules::docs::doc(rule) {
        Some(text) => print_or_fail(text),
        None => {
            eprintln!("repl-lint: unknown rule `{rule}` (see `repl-lint rules`)");
            2
        }
    }
}

fn print_or_fail(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(_) => 2,
    }
}
