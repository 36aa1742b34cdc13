#!/usr/bin/env bash
# Sets up what the playground needs, builds it as users get it and serves it on
# http://127.0.0.1:8080 with the complete example loaded:
#   scripts/run.sh [--port 8080] [--build]
#                                      the release build (dist/; rebuilt only when its inputs
#                                      changed, or with --build), on a small static server
#   scripts/run.sh --dev [trunk flags]  for development: trunk serve (debug build, rebuilt on
#                                      every change; reload the tab yourself)
# Installs only what serving needs (scripts/setup-web.sh); the test tools (cargo-fuzz,
# kubernetes-validate, Chromium) come with scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/web}"
scripts/setup-web.sh --prebuild
exec scripts/serve.sh "$@"
