#!/usr/bin/env bash
# Installs everything scanplan needs on a fresh Debian machine with Node 20: pnpm (pinned by package.json's
# packageManager), the system packages the tests use (PostgreSQL for the webhook store, Chromium for the
# playground's browser tests, Neovim as an independent LSP client for the language server's end-to-end test,
# promtool from Debian's prometheus for the webhook's metrics check) and the workspace's dependencies from the
# lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."

want_pnpm=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$want_pnpm" ]; then
  echo "bootstrap: installing pnpm $want_pnpm" >&2
  npm install --global --no-fund --no-audit "pnpm@$want_pnpm" >&2
fi

need=()
for pair in "pg_ctl:postgresql" "chromium:chromium" "nvim:neovim" "promtool:prometheus"; do
  cmd=${pair%%:*}; pkg=${pair##*:}
  if [ "$cmd" = pg_ctl ]; then ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=("$pkg")
  else command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg"); fi
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "bootstrap: please install ${need[*]} (Debian packages); the tests need them" >&2; exit 1; fi
  echo "bootstrap: installing ${need[*]} from Debian" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

# better-sqlite3 builds from source against the installed Node headers (no prebuilt download here).
export npm_config_nodedir=${npm_config_nodedir:-/usr}
pnpm install --frozen-lockfile
