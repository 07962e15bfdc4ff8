//! The `repl-lint` binary: parses arguments and exits with the code the run decides.

use clap::Parser;

fn main() {
    let cli = repl_lint::cli::Cli::parse();
    std::process::exit(repl_lint::cli::run(cli));
}
