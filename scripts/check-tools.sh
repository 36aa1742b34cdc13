#!/usr/bin/env bash
# Fails, naming each one, when a tool the tests need is missing: scripts/setup.sh installs them
# all. `--web`: only what the browser tests need.
#   scripts/check-tools.sh [--web]
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
missing=()
has() { command -v "$1" >/dev/null 2>&1; }
web_only=false
[ "${1:-}" = "--web" ] && web_only=true
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || missing+=("rust target wasm32-unknown-unknown")
[ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen 0.2.130" ] || missing+=("wasm-bindgen-cli 0.2.130")
has wasm-bindgen-test-runner || missing+=("wasm-bindgen-test-runner (wasm-bindgen-cli)")
[ "$(trunk --version 2>/dev/null)" = "trunk 0.21.14" ] || missing+=("trunk 0.21.14")
[ -x node_modules/.bin/esbuild ] && [ -x node_modules/.bin/wasm-opt ] && [ -x node_modules/.bin/tsc ] || missing+=("the npm packages (npm ci)")
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || missing+=("Debian's chromium and chromium-driver")
if ! $web_only; then
  has cargo-fuzz || missing+=("cargo-fuzz")
  for component in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$component" || missing+=("rust component $component")
  done
  python3 -c 'import kubernetes_validate, jsonschema, referencing' 2>/dev/null || missing+=("kubernetes-validate and jsonschema (PyPI)")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  printf 'missing: %s\n' "${missing[@]}" >&2
  echo "run scripts/setup.sh first (it installs them all)" >&2
  exit 1
fi
