#!/usr/bin/env bash
# Sets up everything the playground needs; idempotent and fast when already set up.
#   rustup target wasm32-unknown-unknown, wasm-bindgen-cli 0.2.130, trunk 0.21.14,
#   npm packages (CodeMirror, esbuild, binaryen's wasm-opt, playwright-core, and the
#   @kubernetes-models validators scripts/validate-crds.mjs uses), Debian's chromium.
# Source it (or run it) before scripts/serve.sh / scripts/test-web.sh; they call it themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
say() { echo "setup-web: $*" >&2; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli 0.2.130"
  cargo install wasm-bindgen-cli --version 0.2.130
fi
if [ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]; then
  say "installing trunk 0.21.14"
  cargo install trunk --version 0.21.14 --locked
fi
if [ ! -x node_modules/.bin/esbuild ] || [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@kubernetes-models/keda ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  say "installing chromium and chromium-driver"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
# Crates for the wasm build and tests (the builds then run with --offline). Fast when cached.
cargo fetch --quiet --manifest-path www/wasm/Cargo.toml
