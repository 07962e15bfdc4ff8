#!/usr/bin/env bash
# Differential test of repl-lint's HCL parsing against HashiCorp's parser (@cdktf/hcl2json):
#   bash tests/hcl_reference/run.sh [--corpus DIR] [--mutants N] [--seed S] [--keep DIR]
# Builds the debug binary (unless REPL_LINT_BIN names one), installs the pinned package from
# tests/hcl_reference/package-lock.json into target/hcl-reference with `npm ci` (once; again when
# the lock file changes) and runs compare.js, which exits non-zero on any disagreement.
# The corpus defaults to ../shared/corpus beside the repository, used only when it exists.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is required for the HCL reference test (tests/hcl_reference)" >&2
    exit 1
  fi
done

if [ -z "${REPL_LINT_BIN:-}" ]; then
  cargo build --locked --bin repl-lint
  REPL_LINT_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/repl-lint"
fi

MODULES="${CARGO_TARGET_DIR:-target}/hcl-reference"
LOCK=tests/hcl_reference/package-lock.json
if [ ! -d "$MODULES/node_modules/@cdktf/hcl2json" ] || ! cmp -s "$LOCK" "$MODULES/package-lock.json"; then
  rm -rf "$MODULES"
  mkdir -p "$MODULES"
  cp tests/hcl_reference/package.json "$LOCK" "$MODULES/"
  (cd "$MODULES" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

exec node tests/hcl_reference/compare.js --bin "$REPL_LINT_BIN" --modules "$MODULES" "$@"
