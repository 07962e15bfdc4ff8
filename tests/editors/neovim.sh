#!/usr/bin/env bash
# The README's Neovim 0.7–0.9 set-up, run for real: headless Neovim with tests/editors/neovim-0.7.lua
# as its init file opens examples/broken/iam.tf (in a temporary git repository) and must receive
# repl-lint's diagnostics for it. REPL_LINT_BIN names the binary (default: the debug build).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
bin="${REPL_LINT_BIN:-${CARGO_TARGET_DIR:-$repo_root/target}/debug/repl-lint}"
command -v nvim >/dev/null || { echo "neovim.sh: nvim is required" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/repo"
ln -s "$bin" "$work/bin/repl-lint"
cp "$repo_root"/examples/broken/*.tf "$work/repo/"
git -C "$work/repo" init -q
cat > "$work/check.lua" <<'LUA'
vim.cmd('edit repo/iam.tf')
if vim.bo.filetype == '' then vim.bo.filetype = 'terraform' end
vim.wait(10000, function() return #vim.diagnostic.get(0) >= 3 end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out, string.format('%s %d:%d', d.code or '?', d.lnum + 1, d.col + 1))
end
table.sort(out)
io.stdout:write(table.concat(out, ', ') .. '\n')
vim.cmd('qa!')
LUA
got="$(cd "$work" && PATH="$work/bin:$PATH" HOME="$work" timeout 60 nvim --headless --clean -u "$here/neovim-0.7.lua" -c 'luafile check.lua' 2>&1 | tail -n 1)"
want="RL301 11:22, RL303 43:11, RL306 75:19"
if [ "$got" != "$want" ]; then
  echo "neovim.sh: $(nvim --version | head -n 1): expected '$want', got '$got'" >&2
  exit 1
fi
echo "neovim: $(nvim --version | head -n 1): 1 passed, 0 failed"
