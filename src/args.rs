//! The command-line arguments (`Cli`), and the lint options they give together with the
//! configuration file: what a plain `repl-lint PATH` run and the language server lint with.

use crate::config::{Config, FailOn};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// Finds broken Amazon S3 replication in Terraform and CloudFormation before deployment.
#[derive(Debug, Parser)]
#[command(
    name = "repl-lint",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// `rules`, `explain`, `graph` or `lsp` instead of linting.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or directories to lint (`-`: standard input, with --stdin-filename). A Terraform
    /// file is linted with its module directory; only its own findings are reported.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The path of the file read from standard input (`-`), for its directory's context, the
    /// configuration file and the report.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The lowest severity that makes the exit code 1 [default: error, or `fail-on` in the
    /// configuration file].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Run only these rules (IDs, names or ID prefixes such as RL3), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub select: Vec<String>,
    /// Do not run these rules (IDs, names or ID prefixes), comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub ignore: Vec<String>,
    /// A Terraform variable file to apply to every module (repeatable; later files win).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// The configuration file [default: the nearest .repl-lint.toml from the first PATH upwards].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Also run the rules that are off by default (the RL7xx notes on silent gaps).
    #[arg(long)]
    pub explain_gaps: bool,
    /// Report each suppression that matched nothing (RL004).
    #[arg(long)]
    pub report_unused_suppressions: bool,
    /// Report only the findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE (then exit 0) for a later --baseline.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// A Terraform plan (`terraform show -json`, *.json) to lint with PATH's source: its values
    /// win, its findings are located in the source (repeatable).
    #[arg(long = "plan", value_name = "FILE")]
    pub plans: Vec<PathBuf>,
    /// Apply every fix that linting again verifies (the finding is gone and nothing new appears),
    /// write the files, then report the findings that remain.
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    pub fix: bool,
    /// The largest file read, in bytes or with a unit (`16MiB`) [default: 64MiB, or
    /// `max-file-size` in the configuration file]; a larger file is reported (RL001), not read.
    #[arg(long, value_name = "SIZE", value_parser = repl_lint_source::fsread::MaxFileSize::parse)]
    pub max_file_size: Option<repl_lint_source::fsread::MaxFileSize>,
    /// Print the unified diff of the verified fixes without writing anything (exit 0 when there
    /// is nothing to fix, 1 when there is a diff).
    #[arg(long, conflicts_with = "write_baseline")]
    pub diff: bool,
    /// JSON output: verify each finding's fix by linting again with it (slower; without it a
    /// fix is reported with `"verified": false`).
    #[arg(long)]
    pub verify_fixes: bool,
    /// Human output: print the info notes in full (otherwise one line counts them).
    #[arg(long, short = 'v', visible_alias = "verbose")]
    pub show_notes: bool,
    /// Human output: print only the findings, without the summary line.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Human output: print a count per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Colours in the human output: `auto` uses them on a terminal unless NO_COLOR is set (or
    /// FORCE_COLOR forces them).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set; always when FORCE_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour output written to standard output (`to_terminal`: it is a terminal).
    pub fn enabled(self, to_terminal: bool) -> bool {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if set("NO_COLOR") => false,
            ColorChoice::Auto if set("FORCE_COLOR") => true,
            ColorChoice::Auto => to_terminal,
        }
    }
}

/// Commands other than linting.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every rule: ID, name, default severity, whether it runs by default, summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
        format: RulesFormat,
    },
    /// Print a rule's documentation.
    Explain {
        /// Rule ID (`RL202`) or name (`destination-versioning`).
        rule: String,
    },
    /// Draw every replication configuration: source → destination bucket per rule, with its
    /// filter, role and replica KMS key; buckets and rules with findings in red.
    Graph {
        /// Files or directories to read.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// Graph syntax.
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
        /// Write the graph to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// A Terraform variable file to apply to every module (repeatable; later files win).
        #[arg(long = "var-file", value_name = "FILE")]
        var_files: Vec<PathBuf>,
    },
    /// Run the language server on standard input and output (for editors).
    Lsp,
    /// Print a shell completion script (`repl-lint completions bash > /etc/bash_completion.d/repl-lint`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; `repl-lint man > repl-lint.1`).
    Man,
}

/// `repl-lint rules --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// A table.
    Human,
    /// A JSON array.
    Json,
}

/// `repl-lint graph --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// A Mermaid flowchart (renders in GitHub Markdown).
    Mermaid,
    /// Graphviz dot.
    Dot,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Code frames for people (colour on a terminal unless NO_COLOR is set).
    Human,
    /// The JSON contract.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions annotations (workflow commands).
    Github,
    /// reviewdog's Diagnostic Format (`reviewdog -f=rdjson`).
    Rdjson,
}

/// The options of a plain `repl-lint PATH` run (its configuration file found from PATH upwards,
/// no flags): what the language server lints a workspace with.
pub fn plain_options(path: &Path) -> Result<crate::Options, String> {
    let args = [std::ffi::OsStr::new("repl-lint"), path.as_os_str()];
    let mut cli = Cli::try_parse_from(args).map_err(|e| e.to_string())?;
    let config = load_config(&cli)?;
    Ok(options(&mut cli, config))
}

/// The configuration file given with `--config`, else the nearest one from the first path
/// upwards, else the defaults.
pub fn load_config(cli: &Cli) -> Result<Config, String> {
    if let Some(path) = &cli.config {
        return crate::config::load(path);
    }
    match cli.paths.first().and_then(|p| crate::config::find(p)) {
        Some(found) => crate::config::load_found(&found),
        None => Ok(Config::default()),
    }
}

/// The lint options: each command-line flag overrides its key in the configuration file;
/// rules turned `"off"` in `[severity]` are ignored.
pub fn options(cli: &mut Cli, config: Config) -> crate::Options {
    let take = std::mem::take::<Vec<String>>;
    let severity = config.severity_overrides();
    let turned_off: Vec<String> = config.turned_off().collect();
    let mut ignore = if cli.ignore.is_empty() {
        config.ignore
    } else {
        take(&mut cli.ignore)
    };
    ignore.extend(turned_off);
    crate::Options {
        paths: std::mem::take(&mut cli.paths),
        var_files: std::mem::take(&mut cli.var_files),
        plans: std::mem::take(&mut cli.plans),
        select: if cli.select.is_empty() {
            config.select
        } else {
            take(&mut cli.select)
        },
        ignore,
        explain_gaps: cli.explain_gaps || config.explain_gaps,
        severity,
        report_unused_suppressions: cli.report_unused_suppressions
            || config.report_unused_suppressions,
        exclude: config.exclude,
        overlay: Default::default(),
        max_file_size: cli
            .max_file_size
            .or(config.max_file_size)
            .unwrap_or_default(),
        not_read: config.not_read.into_iter().collect(),
        cache: None,
    }
}
