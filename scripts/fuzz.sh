#!/usr/bin/env bash
# Fuzzes every parser of untrusted input (fuzz/fuzz_targets/) for SECONDS
# each, one target after another:
#
#   ./scripts/fuzz.sh [SECONDS]        (default 60)
#   ./scripts/fuzz.sh 600 markdown     (only the named targets)
#
# Needs nightly Rust (`rustup toolchain install nightly`); installs
# cargo-fuzz when it is missing. Starts from the seeds committed in
# fuzz/seeds/<target>/ and keeps what it learns in fuzz/corpus/<target>/;
# an input that crashes a target is saved in fuzz/artifacts/<target>/ (both
# ignored by git). Prints each target's executions; exits non-zero when a
# target crashed or could not run.
set -euo pipefail

cd "$(dirname "$0")/../fuzz"
SECONDS_EACH=${1:-60}
shift || true
if [ -d "$HOME/.cargo/bin" ]; then PATH="$HOME/.cargo/bin:$PATH"; fi

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "nightly Rust is missing: rustup toolchain install nightly" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  mapfile -t TARGETS < <(cargo +nightly fuzz list)
fi

# bigger inputs for the targets whose input is a whole file
max_len() {
  case $1 in
    markdown | front_matter | csv) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

cargo +nightly fuzz build
FAILED=0
for target in "${TARGETS[@]}"; do
  mkdir -p "corpus/$target"
  log=$(mktemp)
  echo "== $target: ${SECONDS_EACH} s"
  # -timeout: an input that takes over 10 s counts as a hang
  if cargo +nightly fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$target")" -timeout=10 \
    -print_final_stats=1 >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "   ok: $runs executions, no crash"
  else
    FAILED=$((FAILED + 1))
    tail -40 "$log"
    echo "   FAILED: see fuzz/artifacts/$target/"
  fi
  rm -f "$log"
done
if [ "$FAILED" -ne 0 ]; then
  echo "$FAILED target(s) failed"
  exit 1
fi
