#!/usr/bin/env bash
# End-to-end test of `repl-lint lsp` with a real LSP client (pytest-lsp):
#   bash tests/e2e/run.sh [PYTEST ARGS...]
# Builds the debug binary (unless REPL_LINT_BIN names one), installs tests/e2e/requirements.txt
# into target/e2e-venv (once; again when the requirements change) and runs pytest on tests/e2e.
# target/ is $CARGO_TARGET_DIR when that is set.
# Exits non-zero when a test fails and also when no test ran (pytest's exit code 5).
set -euo pipefail
cd "$(dirname "$0")/../.."

PYTHON=${PYTHON:-python3}
TARGET=${CARGO_TARGET_DIR:-target}
VENV=$TARGET/e2e-venv
REQUIREMENTS=tests/e2e/requirements.txt

if [ -z "${REPL_LINT_BIN:-}" ]; then
  cargo build --locked --bin repl-lint
  export REPL_LINT_BIN="$(cd "$TARGET" && pwd)/debug/repl-lint"
fi

stamp="$VENV/.requirements"
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$REQUIREMENTS" "$stamp"; then
  rm -rf "$VENV"
  if ! "$PYTHON" -m venv "$VENV"; then
    # A Python without ensurepip (Debian without python3-venv): virtualenv from PyPI instead.
    rm -rf "$VENV"
    "$PYTHON" -m pip install --quiet --user virtualenv
    "$PYTHON" -m virtualenv --quiet "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"
  cp "$REQUIREMENTS" "$stamp"
fi

export PYTHONDONTWRITEBYTECODE=1  # keep tests/e2e free of __pycache__
status=0
"$VENV/bin/python" -m pytest tests/e2e -p no:cacheprovider "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "tests/e2e: pytest collected no tests" >&2
fi
exit "$status"
