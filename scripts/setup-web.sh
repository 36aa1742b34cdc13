#!/usr/bin/env bash
# Sets up what building and serving the playground needs; idempotent, and quick (a few seconds)
# when everything is there:
#   rustup target wasm32-unknown-unknown, wasm-bindgen-cli 0.2.130, trunk 0.21.14, the npm
#   packages (CodeMirror, esbuild, binaryen's wasm-opt; playwright-core and the @kubernetes-models
#   validators scripts/validate-crds.mjs uses come with them).
#   --test: also Debian's chromium and chromium-driver, for the browser tests.
#   --prebuild: also compiles the playground's wasm (release) while the tools compile, so the
#     first `trunk build --release` finds it built (scripts/run.sh; CARGO_TARGET_DIR as there).
# scripts/run.sh, scripts/serve.sh and scripts/test-web.sh call it themselves.
#
# The tools compile in a light release profile (no LTO, 16 codegen units): their own
# Cargo.toml asks for fat LTO and one codegen unit, which makes a first install several times
# slower for no difference a build of this page could notice. And without their default
# features, which are TLS stacks (rustls and ring, C code included) for downloading things and
# checking for updates: here everything is local (Trunk runs --offline with the installed
# wasm-bindgen and node_modules' wasm-opt; the test runner talks to chromedriver on localhost).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
say() { echo "setup-web: $*" >&2; }

test_tools=false prebuild=false
for arg in "$@"; do
  case "$arg" in
    --test) test_tools=true ;;
    --prebuild) prebuild=true ;;
    *) echo "usage: scripts/setup-web.sh [--test] [--prebuild]" >&2; exit 2 ;;
  esac
done

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# Background jobs: `finish` waits for each, says how long it took, and shows a failure's log.
jobs_names=() jobs_logs=() jobs_pids=() jobs_start=()
background() {
  local name=$1; shift
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/setup-web.XXXXXX")
  say "$name (in the background)"
  "$@" >"$log" 2>&1 &
  jobs_names+=("$name") jobs_logs+=("$log") jobs_pids+=($!) jobs_start+=("$SECONDS")
}
finish() {
  local failed=0 i
  for i in "${!jobs_pids[@]}"; do
    if wait "${jobs_pids[$i]}"; then
      say "${jobs_names[$i]}: done ($((SECONDS - jobs_start[i])) s)"
    else
      say "${jobs_names[$i]}: FAILED"; cat "${jobs_logs[$i]}" >&2; failed=1
    fi
    rm -f "${jobs_logs[$i]}"
  done
  return "$failed"
}
# Tool installs: the light profile, each in cargo's own temporary build directory (a
# CARGO_TARGET_DIR from the caller would make parallel installs wait for each other).
light() {
  env -u CARGO_TARGET_DIR CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 "$@"
}

# The crates the wasm build and tests need, so they can run with --offline. Quick when cached.
cargo fetch --quiet --manifest-path www/wasm/Cargo.toml
cargo fetch --quiet --manifest-path www/extras/Cargo.toml

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ] || ! command -v wasm-bindgen-test-runner >/dev/null; then
  # Not --locked: a --locked install of 0.2.130 does not build with this toolchain.
  background "installing wasm-bindgen-cli 0.2.130" light cargo install --quiet --force wasm-bindgen-cli --version 0.2.130 --no-default-features
fi
if [ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]; then
  background "installing trunk 0.21.14" light cargo install --quiet --force trunk --version 0.21.14 --locked --no-default-features
fi
if $prebuild && [ "${#jobs_pids[@]}" -gt 0 ]; then
  # Exactly the cargo commands `trunk build --release --offline` runs (index.html's rust links).
  background "compiling the playground's wasm" env CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/web}" \
    sh -c 'cargo build --quiet --target=wasm32-unknown-unknown --manifest-path www/wasm/Cargo.toml --release --offline &&
      cargo build --quiet --target=wasm32-unknown-unknown --manifest-path www/extras/Cargo.toml --release --offline'
fi

if [ ! -x node_modules/.bin/esbuild ] || [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/@kubernetes-models/keda ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
if $test_tools && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing chromium and chromium-driver (Debian)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
finish
