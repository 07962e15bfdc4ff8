#!/usr/bin/env bash
# The pre-commit hook's entry: runs this release's repl-lint binary, downloaded once (checksum
# verified) into the user's cache by scripts/install.sh, or built from this checkout when no
# binary can be had. Arguments are passed to repl-lint.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$here/Cargo.toml" | head -n 1)"
bin_dir="${XDG_CACHE_HOME:-$HOME/.cache}/repl-lint/$version"
if [ ! -x "$bin_dir/repl-lint" ] && [ ! -x "$bin_dir/repl-lint.exe" ]; then
  bash "$here/scripts/install.sh" "$version" "$bin_dir" "$here"
fi
if [ -x "$bin_dir/repl-lint.exe" ]; then
  exec "$bin_dir/repl-lint.exe" "$@"
fi
exec "$bin_dir/repl-lint" "$@"
