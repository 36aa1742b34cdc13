#!/usr/bin/env bash
# Runs the libFuzzer targets for N seconds each (default 30): `map` (convox.yml through the whole
# pipeline), seeded in fuzz/corpus/map from every fixture and the rack's test files
# (tests/corpus/convox), with the Convox dictionary; then `drift` (a cluster dump compared with
# the complete example), seeded in fuzz/corpus/drift from the dumps of tests/drift. Findings land
# in fuzz/artifacts/<target>/ and fail the run.
#
# Usage: fuzz/run.sh [SECONDS] [extra libFuzzer flags...]   (FUZZ_TARGETS="drift" runs one)
# Toolchain: nightly when installed; otherwise the machine's stable one with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz only needs nightly's -Z flags, which stable accepts then),
# because a fresh machine has one toolchain and cannot download another.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true

root="$PWD"
corpus="$root/fuzz/corpus/map"
mkdir -p "$corpus"
for f in tests/fixtures/*/convox.yml; do
  case_name="$(basename "$(dirname "$f")")"
  cp -f "$f" "$corpus/fixture-$case_name.yml"
done
for f in tests/corpus/convox/*.yml; do
  cp -f "$f" "$corpus/testdata-$(basename "$f")"
done

# One seed with the options section (fuzz_targets/map.rs), so mutations start from a working one.
printf 'services:\n  web:\n    port: 3000\n    domain: ${WEB_HOST}\n    volumes:\n      - /data\n\n#ENV\nWEB_HOST=web.example.org\n@rack=rack\n@app=app\n' \
  >"$corpus/seed-options.yml"

if rustup toolchain list | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
# -s none: the crate has no unsafe code, so AddressSanitizer would only slow every run (and
# the build) to watch dependencies; panics, hangs and memory blow-ups are what is looked for.
# --codegen-units 16: the from-scratch build (k8s-openapi) is the smoke run's main cost.
# -timeout/-rss_limit_mb: a 64 KiB input that takes over 10 s or 2 GiB is a finding, not a
# slow run (tests/hostile.rs bounds 10 MB inputs at seconds).
targets="${FUZZ_TARGETS:-map drift}"
drift_corpus="$root/fuzz/corpus/drift"
mkdir -p "$drift_corpus"
for f in tests/drift/*/dump.*; do
  cp -f "$f" "$drift_corpus/$(basename "$(dirname "$f")")-$(basename "$f")"
done
# Built one after the other (one cargo build at a time), then run side by side: one libFuzzer
# process per target, as many as the machine has cores (two here: the smoke run takes the time
# of one target).
for target in $targets; do
  case "$target" in map | drift) ;; *) echo "unknown fuzz target: $target" >&2; exit 2 ;; esac
  "${fuzz[@]}" build "$target" -s none --codegen-units 16
done
logs=$(mktemp -d)
pids=()
for target in $targets; do
  case "$target" in
    map) dict=(-dict="$root/fuzz/convox.dict"); seeds="$corpus" ;;
    drift) dict=(); seeds="$drift_corpus" ;;
  esac
  "${fuzz[@]}" run "$target" -s none --codegen-units 16 "$seeds" -- \
    "${dict[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$seconds" -print_final_stats=1 "$@" >"$logs/$target.log" 2>&1 &
  pids+=("$!")
done
status=0
set -- $targets
for pid in "${pids[@]}"; do
  target=$1; shift
  if wait "$pid"; then result=ok; else result=FAILED; status=1; fi
  echo "== fuzz $target: $result"
  # The stats and any finding; the whole log when it failed.
  if [ "$result" = ok ]; then grep -E '^(stat::|Done |#[0-9]+ *DONE)' "$logs/$target.log" || tail -5 "$logs/$target.log"
  else cat "$logs/$target.log"; fi
done
rm -rf "$logs"
exit "$status"
