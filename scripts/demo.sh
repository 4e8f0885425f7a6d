#!/usr/bin/env sh
# `pnpm demo`: build the CLI, then compile the bundled example spec and plan + apply it against the Qualys
# simulator started in-process (`--target sim`). The simulator's fake credentials are loaded from examples/sim.env
# into the environment, the only place scanplan reads secrets from (never flags).
set -eu
cd "$(dirname "$0")/.."
TURBO_TELEMETRY_DISABLED=1 pnpm exec turbo run build --filter=scanplan... --output-logs=errors-only
set -a
. ./examples/sim.env
set +a
cli="node apps/cli/dist/bin.cjs"
spec=examples/seed-azure-org.yaml

printf '\n$ scanplan compile %s\n' "$spec"
$cli compile "$spec"
printf '\n$ scanplan plan %s --target sim\n' "$spec"
$cli plan "$spec" --target sim
printf '\n$ scanplan apply %s --target sim --yes\n' "$spec"
$cli apply "$spec" --target sim --yes
