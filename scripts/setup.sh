#!/usr/bin/env bash
# Installs everything the project needs, idempotently; fast when all is already there.
# Native part here; the web toolchain (Trunk, wasm-bindgen, npm packages, Chromium) in
# scripts/setup-web.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

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
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  step "cargo-fuzz (crates.io)"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
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
if [ "${1:-}" != "--native" ] && [ -x scripts/setup-web.sh ]; then
  scripts/setup-web.sh
fi
