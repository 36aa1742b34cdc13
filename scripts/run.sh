#!/usr/bin/env bash
# Sets everything up and runs the main job: the playground, served locally with the seed's
# example loaded (scripts/serve.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec scripts/serve.sh "$@"
