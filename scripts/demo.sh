#!/usr/bin/env sh
# `pnpm demo`: build the CLI, then compile the seed's example spec and plan + apply the same connector with
# realistic fake ids (examples/acme-azure-org.yaml) against the Qualys
# simulator started in-process (`--target sim`). The simulator's fake credentials are loaded from examples/sim.env
# into the environment, the only place scanplan reads secrets from (never flags).
set -eu
cd "$(dirname "$0")/.."
TURBO_TELEMETRY_DISABLED=1 pnpm exec turbo run build --filter=scanplan... --output-logs=errors-only
set -a
. ./examples/sim.env
set +a
cli="node apps/cli/dist/bin.cjs"
seed=examples/seed-azure-org.yaml
# plan and apply refuse the seed's placeholder ids (SPEC060): they take the same connector with realistic fake ids
spec=examples/acme-azure-org.yaml

printf '\n$ scanplan compile %s\n' "$seed"
$cli compile "$seed"
printf '\n$ scanplan plan %s --target sim\n' "$spec"
$cli plan "$spec" --target sim
printf '\n$ scanplan apply %s --target sim --yes\n' "$spec"
$cli apply "$spec" --target sim --yes
