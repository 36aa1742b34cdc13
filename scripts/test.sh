#!/usr/bin/env bash
# Runs every test: formatting, TypeScript's check of www/src, clippy (host and wasm32), unit,
# golden, CLI, property and bench-smoke tests, a 30 s fuzz smoke run of each target,
# kubernetes-validate --strict (and the upstream CRD schemas: tests/crds,
# scripts/validate-crds.mjs) over every rendered object, and the browser tests
# (scripts/test-web.sh). Installs nothing: scripts/setup.sh does (the README's test command is
# `scripts/setup.sh && scripts/test.sh`); a missing tool fails here, by name.
set -euo pipefail
cd "$(dirname "$0")/.."
export INSTA_UPDATE=no CARGO_TERM_COLOR=never
# One full run gains nothing from incremental state, which took 3 GB of the CI machine's disk.
export CARGO_INCREMENTAL=0
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Each step says how long it took (where a run's time goes), and the run its total.
current="" started=$SECONDS
took() { [ -z "$current" ] || printf '== test: %s: %d s\n' "$current" $((SECONDS - started)) >&2; }
step() { took; current="$*" started=$SECONDS; printf '\n== test: %s\n' "$*" >&2; }
trap 'took; printf "== test: %d s in all\n" "$SECONDS" >&2' EXIT

scripts/check-tools.sh

step "cargo fmt --check"
cargo fmt --check
step "tsc: www/src checked against the core's generated declarations (www/src/types)"
node_modules/.bin/tsc -p tsconfig.json
node_modules/.bin/tsc -p tsconfig.worker.json
step "clippy (host)"
cargo clippy --all-targets --locked -- -D warnings
step "clippy (wasm32)"
cargo clippy --lib --target wasm32-unknown-unknown --locked -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --locked --features extras -- -D warnings
step "cargo test (unit, golden, CLI; benches run once as a smoke test)"
cargo test --all-targets --locked
step "fuzz smoke: 30 s of libFuzzer on each target, map and drift, side by side (a crash, hang or OOM fails)"
fuzz/run.sh 30
step "validator self-test: known-good objects pass, known-bad ones fail (built-in and CRD kinds)"
python3 scripts/validate-k8s.py --self-test
step "kubernetes-validate --strict, and CRD schemas (tests/crds, validate-crds.mjs), over every rendered object"
python3 scripts/validate-k8s.py target/debug/convox-k8s
step "browser tests"
scripts/test-web.sh
