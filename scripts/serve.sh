#!/usr/bin/env bash
# Serves the playground with live reload (the seed's complete example opens by default):
#   scripts/serve.sh [--port 8080] [other trunk serve flags]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-web.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/web}"
# Trunk needs the watch-ignored directories to exist before its first build.
mkdir -p www/gen dist target
exec trunk serve --offline "$@"
