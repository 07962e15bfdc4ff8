//! The command line: what each command does with its arguments ([`crate::args`]), output
//! selection and exit codes (see `shared/spec/output.md`).

use crate::args::{Cli, Command, GraphFormat, OutputFormat, RulesFormat, load_config, options};
use crate::config::FailOn;
use repl_lint_report::{self as report, Format};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// `-` among the paths: standard input is read as the text of `--stdin-filename`, which takes
/// its place.
fn read_standard_input(
    cli: &mut Cli,
    overlay: &mut repl_lint_source::Overlay,
) -> Result<(), String> {
    let dash = Path::new("-");
    if !cli.paths.iter().any(|p| p == dash) {
        return match &cli.stdin_filename {
            Some(_) => {
                Err("--stdin-filename goes with `-` (standard input) among the paths".into())
            }
            None => Ok(()),
        };
    }
    let Some(name) = cli.stdin_filename.clone() else {
        return Err("reading standard input (`-`) needs --stdin-filename PATH".into());
    };
    crate::focus::read_stdin(&name, overlay)?;
    for path in cli.paths.iter_mut().filter(|p| *p == dash) {
        *path = name.clone();
    }
    Ok(())
}

/// The subcommands, for suggestions when a path that does not exist looks like one mistyped.
const SUBCOMMANDS: [&str; 6] = ["rules", "explain", "graph", "lsp", "completions", "man"];

/// A usage error for a first path that does not exist and is a near miss of a subcommand
/// (`repl-lint explian`), instead of linting a missing path.
fn mistyped_subcommand(paths: &[PathBuf]) -> Option<String> {
    let word = paths.first()?.to_str()?;
    if Path::new(word).exists() || word.contains(['/', '\\', '.']) {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let nearest = SUBCOMMANDS
        .iter()
        .map(|name| (repl_lint_rules::edit_distance(&lower, name), *name))
        .min()?;
    (nearest.0 <= 2).then(|| {
        format!(
            "unrecognized subcommand `{word}`; did you mean `{}`? (a path to lint must exist)",
            nearest.1
        )
    })
}

/// Runs the command line and returns the process exit code (0 clean, 1 findings, 2 failure).
pub fn run(mut cli: Cli) -> i32 {
    match cli.command.take() {
        Some(Command::Rules { format }) => return list_rules(format),
        Some(Command::Explain { rule }) => return explain(&rule),
        Some(Command::Lsp) => return crate::lsp::serve_stdio(),
        Some(Command::Completions { shell }) => return completions(shell),
        Some(Command::Man) => return manual(),
        Some(Command::Graph {
            paths,
            format,
            output,
            var_files,
        }) => {
            cli.paths = paths;
            cli.var_files = var_files;
            return graph(&mut cli, format, output.as_deref());
        }
        None => {}
    }
    if let Some(message) = mistyped_subcommand(&cli.paths) {
        eprintln!("repl-lint: {message}");
        return 2;
    }
    let mut overlay = repl_lint_source::Overlay::default();
    if let Err(message) = read_standard_input(&mut cli, &mut overlay) {
        eprintln!("repl-lint: {message}");
        return 2;
    }
    let focus = crate::focus::widen(std::mem::take(&mut cli.paths), &overlay);
    cli.paths = focus.paths;
    if let Some(bad) = cli
        .select
        .iter()
        .chain(&cli.ignore)
        .find(|s| !crate::is_known_selector(s))
    {
        eprintln!(
            "repl-lint: unknown rule selector `{bad}` (use a rule ID such as RL202, a name, or a prefix such as RL3)"
        );
        return 2;
    }
    let config = match load_config(&cli) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("repl-lint: {message}");
            return 2;
        }
    };
    let limit = cli
        .max_file_size
        .or(config.max_file_size)
        .unwrap_or_default();
    let baseline = match cli
        .baseline
        .as_deref()
        .map(|path| repl_lint_report::baseline::load(path, limit))
        .transpose()
    {
        Ok(baseline) => baseline,
        Err(message) => {
            eprintln!("repl-lint: {message}");
            return 2;
        }
    };
    let fail_on = cli.fail_on.or(config.fail_on).unwrap_or(FailOn::Error);
    let mut options = options(&mut cli, config);
    options.overlay = overlay;
    if cli.diff {
        return print_diff(&options, cli.output.as_deref());
    }
    if cli.fix
        && let Err(code) = write_fixes(&options)
    {
        return code;
    }
    let mut outcome = match crate::lint(&options) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("repl-lint: {message}");
            return 2;
        }
    };
    // The JSON report carries each finding's fix; verifying costs a lint per group of fixes,
    // so only on request, on the whole run, before findings are hidden (a fix must not add
    // one of those).
    let fixes = match (cli.format, cli.verify_fixes) {
        (OutputFormat::Json, true) => crate::fix::verified_fixes(&options, &outcome),
        (OutputFormat::Json, false) => crate::fix::candidate_fixes(&outcome),
        _ => crate::fix::ReportedFixes::default(),
    };
    if let Some(named) = &focus.report_only {
        crate::focus::retain(named, &outcome.db, &mut outcome.diagnostics);
    }
    if let Some(baseline) = &baseline {
        let hidden = baseline.filter(&outcome.db, &mut outcome.diagnostics);
        if hidden > 0 {
            eprintln!("repl-lint: {hidden} finding(s) recorded in the baseline are not shown");
        }
    }
    if let Some(path) = &cli.write_baseline {
        match repl_lint_report::baseline::write(path, &outcome.db, &outcome.diagnostics) {
            Ok(n) => eprintln!("repl-lint: wrote {n} finding(s) to {}", path.display()),
            Err(message) => {
                eprintln!("repl-lint: {message}");
                return 2;
            }
        }
    }
    if outcome.summary.files_linted == 0 {
        eprintln!(
            "repl-lint: no lintable files found ({} skipped)",
            outcome.summary.files_skipped
        );
    }
    let format = match cli.format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Github => Format::Github,
        OutputFormat::Rdjson => Format::Rdjson,
    };
    let written = emit(cli.output.as_deref(), &mut |out, to_terminal| {
        let human = report::HumanOptions {
            color: cli.color.enabled(to_terminal),
            show_notes: cli.show_notes,
            quiet: cli.quiet,
            statistics: cli.statistics,
        };
        report::write_report(
            out,
            format,
            &outcome.db,
            &outcome.diagnostics,
            &outcome.summary,
            &human,
            &fixes,
        )
    });
    if written.is_err() {
        return 2;
    }
    if outcome.all_failed_to_parse() {
        return 2;
    }
    // Writing a baseline accepts the current findings: the run succeeds.
    if cli.write_baseline.is_some() {
        return 0;
    }
    let failing = fail_on
        .threshold()
        .is_some_and(|t| outcome.diagnostics.iter().any(|d| d.severity >= t));
    i32::from(failing)
}

/// `--diff`: the unified diff of every verified fix, to `output` or standard output. Exit code 0
/// when there is nothing to fix, 1 when there is a diff, 2 on a usage error.
fn print_diff(options: &crate::Options, output: Option<&Path>) -> i32 {
    let fixed = match crate::fix::fix_all(options) {
        Ok(fixed) => fixed,
        Err(message) => {
            eprintln!("repl-lint: {message}");
            return 2;
        }
    };
    if fixed.files.is_empty() {
        eprintln!("repl-lint: nothing to fix");
        return 0;
    }
    let diff = crate::fix::unified_diff(&fixed.files);
    if emit(output, &mut |out, _| out.write_all(diff.as_bytes())).is_err() {
        return 2;
    }
    eprintln!(
        "repl-lint: {} fix(es) in {} file(s) would be applied (run with --fix)",
        fixed.applied,
        fixed.files.len()
    );
    1
}

/// `--fix`: writes every verified fix to its file (keeping a byte-order mark the file starts
/// with). `Err` holds the exit code of a failure.
fn write_fixes(options: &crate::Options) -> Result<(), i32> {
    let fixed = crate::fix::fix_all(options).map_err(|message| {
        eprintln!("repl-lint: {message}");
        2
    })?;
    for file in &fixed.files {
        let bom = starts_with_bom(&file.path);
        let text = if bom {
            format!("\u{feff}{}", file.after)
        } else {
            file.after.clone()
        };
        if let Err(e) = std::fs::write(&file.path, text) {
            eprintln!("repl-lint: cannot write {}: {e}", file.display);
            return Err(2);
        }
    }
    eprintln!(
        "repl-lint: applied {} fix(es) to {} file(s)",
        fixed.applied,
        fixed.files.len()
    );
    Ok(())
}

/// Whether the file on disk starts with a UTF-8 byte-order mark (the linted text, without the
/// mark, is already in memory; the file was read as a regular file inside the limit).
fn starts_with_bom(path: &Path) -> bool {
    use repl_lint_source::fsread::{Confine, MaxFileSize};
    repl_lint_source::fsread::read(path, Confine::Anywhere, MaxFileSize::default())
        .is_ok_and(|bytes| bytes.starts_with("\u{feff}".as_bytes()))
}

/// Writes to `output`, or to standard output (the writer is told whether that is a terminal).
/// A reader that stops early (`| head`) is not a failure; other errors are reported.
fn emit(
    output: Option<&Path>,
    write: &mut dyn FnMut(&mut dyn Write, bool) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let written = match output {
        // Buffered: the writers emit many small pieces, and a plain `File` or the line-buffered
        // stdout would make one system call for each.
        Some(path) => std::fs::File::create(path).and_then(|f| {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, f);
            write(&mut out, false)?;
            out.flush()
        }),
        None => {
            let stdout = std::io::stdout();
            let to_terminal = stdout.is_terminal();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            write(&mut out, to_terminal).and_then(|()| out.flush())
        }
    };
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("repl-lint: cannot write the output: {e}");
            Err(e)
        }
        Ok(()) => Ok(()),
    }
}

/// `repl-lint graph`: lints with the rules the configuration file selects, then draws the topology marked with the
/// findings. Exit code 0, or 2 for a usage error or when the graph cannot be written.
fn graph(cli: &mut Cli, format: GraphFormat, output: Option<&Path>) -> i32 {
    let config = match load_config(cli) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("repl-lint: {message}");
            return 2;
        }
    };
    let options = options(cli, config);
    let (outcome, models) = match crate::lint_with_models(&options) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("repl-lint: {message}");
            return 2;
        }
    };
    let topology = crate::graph::Topology::build(&outcome.db, &models, &outcome.diagnostics);
    let style = match format {
        GraphFormat::Mermaid => crate::graph::Style::Mermaid,
        GraphFormat::Dot => crate::graph::Style::Dot,
    };
    match emit(output, &mut |out, _| {
        crate::graph::write(out, style, &topology)
    }) {
        Ok(()) => 0,
        Err(_) => 2,
    }
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
fn list_rules(format: RulesFormat) -> i32 {
    let metas = repl_lint_rules::RULES.iter().map(|r| r.meta);
    let text = match format {
        RulesFormat::Json => {
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
        RulesFormat::Human => metas
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
    match repl_lint_rules::docs::terminal_doc(rule) {
        Some(text) => print_or_fail(&text),
        None => {
            eprintln!("repl-lint: unknown rule `{rule}` (see `repl-lint rules`)");
            2
        }
    }
}

/// `repl-lint completions SHELL`: the shell's completion script, generated from the arguments.
fn completions(shell: clap_complete::Shell) -> i32 {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "repl-lint", &mut script);
    print_or_fail(&String::from_utf8_lossy(&script))
}

/// `repl-lint man`: the manual page in roff, generated from the arguments.
fn manual() -> i32 {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    match clap_mangen::Man::new(command).render(&mut page) {
        Ok(()) => print_or_fail(&String::from_utf8_lossy(&page)),
        Err(e) => {
            eprintln!("repl-lint: cannot render the manual page: {e}");
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
