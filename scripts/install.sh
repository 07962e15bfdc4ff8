#!/usr/bin/env bash
# Installs repl-lint VERSION's release binary for this machine into DIR (the GitHub Action and
# the pre-commit hook use it), checking the archive against the release's SHA-256 file. When no
# binary can be had (no release for this platform or version, no network, a checksum that does
# not match) and SOURCE is given, it builds from SOURCE with `cargo install --locked` instead.
#
#   scripts/install.sh VERSION DIR [SOURCE]
#
# An empty VERSION (a commit that is no release) skips the download and builds from SOURCE.
#
# REPL_LINT_RELEASE_URL overrides where releases are downloaded from (default: the project's
# GitHub releases); a release holds repl-lint-VERSION-TARGET.tar.gz (.zip on Windows) and the
# same name with .sha256 appended.
set -euo pipefail

version="${1?usage: install.sh VERSION DIR [SOURCE]}"
dir="${2:?usage: install.sh VERSION DIR [SOURCE]}"
source_dir="${3:-}"
base="${REPL_LINT_RELEASE_URL:-https://github.com/repl-lint/repl-lint/releases/download}"
version="${version#v}"

say() { echo "repl-lint install: $*" >&2; }

target() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo x86_64-unknown-linux-musl ;;
    Linux-aarch64 | Linux-arm64) echo aarch64-unknown-linux-gnu ;;
    Darwin-arm64) echo aarch64-apple-darwin ;;
    Darwin-x86_64) echo x86_64-apple-darwin ;;
    MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) echo x86_64-pc-windows-msvc ;;
    *) return 1 ;;
  esac
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

download() {
  local triple ext name work expected actual
  triple="$(target)" || { say "no release binary for $(uname -s) $(uname -m)"; return 1; }
  ext=tar.gz
  case "$triple" in *windows*) ext=zip ;; esac
  name="repl-lint-$version-$triple.$ext"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  curl -fsSL --retry 2 -o "$work/$name" "$base/v$version/$name" \
    && curl -fsSL --retry 2 -o "$work/$name.sha256" "$base/v$version/$name.sha256" \
    || { say "could not download $name"; return 1; }
  expected="$(cut -d' ' -f1 < "$work/$name.sha256" | tr -d '\r\n')"
  actual="$(sha256_of "$work/$name")"
  if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
    say "checksum mismatch for $name (expected '$expected', got '$actual'): not installed"
    return 1
  fi
  mkdir -p "$work/x" "$dir"
  case "$ext" in
    zip) unzip -q "$work/$name" -d "$work/x" ;;
    *) tar -xzf "$work/$name" -C "$work/x" ;;
  esac
  local binary
  binary="$(find "$work/x" -type f \( -name repl-lint -o -name repl-lint.exe \) | head -n 1)"
  [ -n "$binary" ] || { say "$name holds no repl-lint binary"; return 1; }
  install -m 0755 "$binary" "$dir/"
  say "installed $name into $dir"
}

if [ -n "$version" ] && download; then
  exit 0
fi
if [ -n "$source_dir" ] && command -v cargo >/dev/null 2>&1; then
  say "building from $source_dir instead"
  root="$(mktemp -d)"
  cargo install --locked --quiet --path "$source_dir" --root "$root"
  mkdir -p "$dir"
  install -m 0755 "$root/bin/"repl-lint* "$dir/"
  rm -rf "$root"
  exit 0
fi
say "no binary installed"
exit 1
