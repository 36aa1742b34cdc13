#!/usr/bin/env bash
# Installs everything the tests need, idempotently; a few seconds when all is already there.
# Native part here (rustfmt, clippy, cargo-fuzz, kubernetes-validate); the playground's
# toolchain and Chromium in scripts/setup-web.sh --test. `--native`: the native part only.
# Tools compile in a light release profile (no LTO, 16 codegen units; see setup-web.sh), and
# in parallel with each other and with the downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step() { printf '== setup: %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    step "rust component $component"
    rustup component add "$component"
  fi
done
fuzz_pid="" fuzz_log=""
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  step "cargo-fuzz (crates.io, in the background)"
  fuzz_log=$(mktemp "${TMPDIR:-/tmp}/setup-fuzz.XXXXXX")
  light() { env -u CARGO_TARGET_DIR CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 "$@"; }
  { light cargo install --quiet --force cargo-fuzz --locked || light cargo install --quiet --force cargo-fuzz; } \
    >"$fuzz_log" 2>&1 &
  fuzz_pid=$!
fi
# cargo-fuzz wants nightly's -Z flags. A nightly toolchain is used when installed; a fresh
# machine has only the one stable toolchain and cannot download another, so fuzz/run.sh then
# runs stable with RUSTC_BOOTSTRAP=1 instead. Nothing to install either way: just say which.
if rustup toolchain list | grep -q '^nightly'; then
  step "fuzzing with the installed nightly toolchain"
else
  step "no nightly toolchain: fuzzing with stable and RUSTC_BOOTSTRAP=1"
fi
if ! python3 -c 'import kubernetes_validate' 2>/dev/null; then
  step "kubernetes-validate (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'kubernetes-validate>=1.33'
fi
# scripts/validate-k8s.py checks custom resources against the CRDs in tests/crds with jsonschema
# (4.18+: the referencing registry). kubernetes-validate pulls it in; install it if it did not.
if ! python3 -c 'import jsonschema, referencing' 2>/dev/null; then
  step "jsonschema (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'jsonschema>=4.18'
fi
status=0
if [ "${1:-}" != "--native" ]; then
  scripts/setup-web.sh --test || status=1
fi
if [ -n "$fuzz_pid" ]; then
  if wait "$fuzz_pid"; then
    step "cargo-fuzz: done"
  else
    step "cargo-fuzz: FAILED"; cat "$fuzz_log" >&2; status=1
  fi
  rm -f "$fuzz_log"
fi
exit "$status"
