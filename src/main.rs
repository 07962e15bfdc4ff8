//! The `repl-lint` binary: parses arguments and exits with the code the run decides.

use clap::Parser;

/// mimalloc: parsing and linting allocate many small values on two threads, where it is
/// markedly faster than the system allocator (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = repl_lint::args::Cli::parse();
    std::process::exit(repl_lint::cli::run(cli));
}
