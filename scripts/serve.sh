#!/usr/bin/env bash
# Builds and serves the playground (the complete example opens by default). Run
# scripts/run.sh once first: it installs the tools, then runs this.
#
#   scripts/serve.sh [--port 8080] [--build | --no-build]
#       `trunk build --release --offline` into dist/, then dist/ on 127.0.0.1 from a small
#       static server (tests/e2e/server.mjs): exactly the files a static host would serve.
#       The build is skipped when nothing it reads changed since the last one (--build forces
#       it; --no-build serves dist/ as it is). --port 0 takes a free port (the URL is printed).
#   scripts/serve.sh --dev [other trunk serve flags]
#       `trunk serve --no-autoreload`: a debug build, rebuilt when index.html, www/, src/ or
#       Cargo.toml change; reload the tab to see it. Trunk's live-reload script is left out
#       because it is an inline script, which the page's CSP refuses.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PWD/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/web}"

port=8080 build=auto
if [ "${1:-}" = "--dev" ]; then
  shift
  # Trunk needs the watch-ignored directory to exist before its first build.
  mkdir -p www/gen
  exec trunk serve --offline --no-autoreload "$@"
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    --build) build=true; shift ;;
    --no-build) build=false; shift ;;
    *) echo "usage: scripts/serve.sh [--port N] [--build | --no-build] | --dev [trunk serve flags]" >&2; exit 2 ;;
  esac
done
# The last release build: its start time (the stamp's mtime: anything the build reads that is
# newer means a new build) and the dist/index.html it wrote (`trunk serve` and other builds
# write dist/ too).
stamp=target/.dist-release-built
built() { stat -c %.9Y dist/index.html 2>/dev/null; }
if [ "$build" = auto ]; then
  build=true
  if [ -f "$stamp" ] && [ -f dist/index.html ] && [ "$(cat "$stamp")" = "$(built)" ] &&
    [ -z "$(find index.html Trunk.toml Cargo.toml Cargo.lock package-lock.json src www \
      \( -path www/gen -o -path www/wasm/target -o -path www/extras/target \) -prune -o -newer "$stamp" -print -quit)" ]; then
    build=false
    echo "serve: dist/ is up to date (scripts/serve.sh --build rebuilds it)"
  fi
fi
if $build; then
  started=$(date +%s.%N)
  trunk build --release --offline
  mkdir -p target
  built > "$stamp"
  touch -d "@$started" "$stamp"
fi
exec node tests/e2e/server.mjs dist "$port"
