#!/usr/bin/env bash
# The playground's tests: wasm API tests in headless Chromium (wasm-bindgen-test), the release
# build (trunk build --release --offline), and the end-to-end tests (playwright-core against
# dist/ on localhost, also as scripts/run.sh serves it). Exits non-zero on any failure; the last
# line is `N passed, N failed`. Installs nothing (scripts/setup.sh does).
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/check-tools.sh --web || { echo "0 passed, 1 failed"; exit 1; }
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/web}"
passed=0; failed=0
log=$(mktemp)
# step NAME COMMAND...: runs it; counts the tests it reports (`N passed; N failed` from the
# wasm runner, `N passed, N failed` from the e2e runner), or the step itself as one.
step() {
  local name=$1; shift
  echo "== $name"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local counts
  counts=$(grep -Eo '[0-9]+ passed[;,] [0-9]+ failed' "$log" | tail -1)
  if [ -n "$counts" ]; then
    passed=$((passed + $(echo "$counts" | grep -Eo '^[0-9]+')))
    failed=$((failed + $(echo "$counts" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')))
    [ "$rc" = 0 ] || [ "$(echo "$counts" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')" != 0 ] || failed=$((failed + 1))
  elif [ "$rc" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  if [ "$rc" = 0 ]; then echo "== $name: ok"; else echo "== $name: FAILED"; fi
}

# The native CLI gives the expected results for both the wasm and the browser tests.
native() {
  cargo build -q --bin convox-k8s --target-dir target || return 1
  mkdir -p tests/artifacts
  # The complete example needs the EFS CSI driver (the playground opens it with that switch on).
  local cli=target/debug/convox-k8s ex=www/examples/complete.convox.yml rack=(--rack-param efs_csi_driver_enable=true)
  "$cli" map "$ex" "${rack[@]}" --format json > tests/artifacts/native-seed.json; [ $? -le 1 ] || return 1
  "$cli" map "$ex" "${rack[@]}" --format yaml > tests/artifacts/native-seed.yaml; [ $? -le 1 ] || return 1
  "$cli" drift "$ex" tests/drift/edited/dump.yaml "${rack[@]}" --format json > tests/artifacts/native-drift.json; [ $? -le 1 ] || return 1
}
wasm_tests() {
  ( cd www/extras && CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --offline --target wasm32-unknown-unknown --test wasm_api )
}
web_build() { trunk build --release --offline; }
e2e() { CONVOX_K8S=target/debug/convox-k8s node tests/e2e/run.mjs; }

step "native CLI output" native
step "wasm API tests (headless chromium)" wasm_tests
step "trunk build --release --offline" web_build
step "e2e tests (playwright-core, chromium)" e2e
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
