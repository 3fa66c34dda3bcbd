#!/usr/bin/env bash
# Build-speed benchmark of kadry over synthetic portals (issues 6 and 16).
#
#   benches/run.sh [SIZE...]        SIZE: 1k, 10k, 50k or MEASURES:REPORTS
#                                   (default: 1k 10k 50k)
#
# For each size: generates the portal (benches/gen_synthetic.py, fixed seed)
# on /dev/shm (else $TMPDIR), then RUNS times, interleaved:
#   - `kadry build --no-search` (the full build without the search index);
#   - the floor: `cp -r` of that output to a fresh folder (writing the same
#     files without making them);
#   - `kadry build` (everything, as an editor's deploy runs it);
# each `--root SITE --out OUT --as-of 2026-11-26` into a FRESH output folder
# (the previous one is removed before, outside the timing), so the time is
# the build alone, not also the removal of the old site the atomic swap does
# when OUT exists. Search indexing runs on its own thread while pages are
# rendered, so its line is what it adds: full build minus --no-search build.
# Then `kadry serve` on the site, timing its rebuild after each of RUNS
# edits to one report and the renewal of the served search index that
# follows it (SERVE=0 skips it), and PF_RUNS runs of the Pagefind CLI (PyPI
# `pagefind-bin`) over the same output, for comparison.
#
# Every figure printed is a median, except peak RSS (max over the runs).
# Environment: RUNS (5), PF_RUNS (3), TIMEOUT seconds per command (1800),
# PAGEFIND=0 to skip the CLI, FULL=0 to skip the builds with search, KEEP=1
# to keep the generated sites, BENCH_DIR to choose the scratch folder,
# PAGEFIND_VENV (default /tmp/kadry-pagefind-venv).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
PF_RUNS=${PF_RUNS:-3}
TIMEOUT=${TIMEOUT:-1800}
AS_OF=2026-11-26
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1k 10k 50k)

if [ -d /dev/shm ] && [ -w /dev/shm ]; then SCRATCH=/dev/shm; else SCRATCH=${TMPDIR:-/tmp}; fi
BENCH_DIR=${BENCH_DIR:-$SCRATCH/kadry-bench}
TIME=/usr/bin/time
log() { printf '%s\n' "$*" >&2; }
# never leave a `kadry serve` of the benchmark running
trap 'if [ -n "${spid:-}" ]; then kill "$spid" 2>/dev/null || true; fi' EXIT

# --- tools -------------------------------------------------------------------
if [ ! -x "$TIME" ]; then
  log "/usr/bin/time is missing: installing Debian package 'time' (apt-get install -y time)"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q time >&2 || { apt-get update -q >&2 && apt-get install -y -q time >&2; }
  else sudo apt-get install -y -q time >&2; fi
fi

log "building the release binary (cargo build --release)"
(cd "$REPO" && cargo build --release -q)
KADRY=${CARGO_TARGET_DIR:-$REPO/target}/release/kadry

PAGEFIND_BIN=
if [ "${PAGEFIND:-1}" != 0 ]; then
  VENV=${PAGEFIND_VENV:-/tmp/kadry-pagefind-venv}
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import pagefind_bin' 2>/dev/null; then
    log "installing the Pagefind CLI: python3 -m venv $VENV && pip install pagefind-bin"
    python3 -m venv "$VENV" >&2
    "$VENV/bin/pip" install -q pagefind-bin >&2
  fi
  PAGEFIND_BIN=$("$VENV/bin/python" -c 'import os, pagefind_bin; print(os.path.join(os.path.dirname(pagefind_bin.__file__), "pagefind"))')
  PAGEFIND_VERSION=$("$PAGEFIND_BIN" --version)
fi

# --- helpers -----------------------------------------------------------------
median() { python3 -c 'import sys, statistics; v=[float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):.3f}")' "$@"; }
maxof() { python3 -c 'import sys; print(max(int(x) for x in sys.argv[1:]))' "$@"; }

# timed CMD...: runs CMD under timeout and /usr/bin/time; sets T_WALL (s), T_CPU (user+sys s), T_RSS_KB
timed() {
  local tf=$BENCH_DIR/time.out t0 t1
  t0=$(date +%s%N)
  if ! timeout "$TIMEOUT" "$TIME" -o "$tf" -f '%e %U %S %M' "$@" >"$BENCH_DIR/cmd.out" 2>&1; then
    log "FAILED or timed out after ${TIMEOUT}s: $*"; tail -5 "$BENCH_DIR/cmd.out" >&2; return 1
  fi
  t1=$(date +%s%N)
  # wall from the clock (ns; /usr/bin/time's %e has 10 ms steps), CPU and RSS from time
  read -r _ u s T_RSS_KB < <(tail -1 "$tf")
  T_WALL=$(python3 -c "print(f'{($t1 - $t0) / 1e9:.3f}')")
  T_CPU=$(python3 -c "print(f'{$u + $s:.2f}')")
}

size_params() {
  case $1 in
    1k) echo "200 4" ;;
    10k) echo "2000 4" ;;
    50k) echo "10000 4" ;;
    *:*) echo "${1%%:*} ${1##*:}" ;;
    *) log "unknown size $1 (use 1k, 10k, 50k or MEASURES:REPORTS)"; exit 2 ;;
  esac
}

# --- machine -----------------------------------------------------------------
rm -rf "$BENCH_DIR"; mkdir -p "$BENCH_DIR"
echo "# kadry benchmark $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet -- src 2>/dev/null || echo ' (src modified)')"
echo "# machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(free -h | awk '/^Mem:/{print $2}') RAM; scratch $BENCH_DIR ($(df -T "$BENCH_DIR" | awk 'NR==2{print $2}'))"
echo "# runs: $RUNS builds into a fresh output folder each, floor cp -r interleaved; medians; peak RSS = max"
[ -n "$PAGEFIND_BIN" ] && echo "# pagefind CLI: $PAGEFIND_VERSION (PyPI pagefind-bin), --site OUT --output-path TMP --root-selector main --force-language ru"

ROWS=()
for size in "${SIZES[@]}"; do
  read -r N R < <(size_params "$size")
  site=$BENCH_DIR/site-$size
  out=$BENCH_DIR/out-$size
  log "== $size: generating $N measures x $R reports into $site"
  python3 "$REPO/benches/gen_synthetic.py" "$site" --measures "$N" --reports "$R" >&2
  content_bytes=$(du -sb "$site/content" | cut -f1)
  content_files=$(find "$site/content" -type f | wc -l)

  walls=(); cpus=(); rss=(); floors=(); fwalls=(); fcpus=(); frss=()
  for i in $(seq 1 "$RUNS"); do
    rm -rf "$out"
    timed "$KADRY" build --no-search --root "$site" --out "$out" --as-of "$AS_OF" || exit 1
    walls+=("$T_WALL"); cpus+=("$T_CPU"); rss+=("$T_RSS_KB")
    rm -rf "$BENCH_DIR/cp"
    timed cp -r "$out" "$BENCH_DIR/cp"; floors+=("$T_WALL")
    rm -rf "$BENCH_DIR/cp"
    line="   run $i: build --no-search ${walls[-1]}s wall, ${cpus[-1]}s CPU, $((rss[-1] / 1024)) MiB; floor ${floors[-1]}s"
    if [ "${FULL:-1}" != 0 ]; then
      rm -rf "$out"
      timed "$KADRY" build --root "$site" --out "$out" --as-of "$AS_OF" || exit 1
      fwalls+=("$T_WALL"); fcpus+=("$T_CPU"); frss+=("$T_RSS_KB")
      line+="; full build ${T_WALL}s wall, ${T_CPU}s CPU, $((T_RSS_KB / 1024)) MiB"
    fi
    log "$line"
  done
  pages=$(find "$out" -name '*.html' | wc -l)
  files=$(find "$out" -type f | wc -l)
  out_bytes=$(du -sb "$out" | cut -f1)
  wall=$(median "${walls[@]}"); cpu=$(median "${cpus[@]}"); floor=$(median "${floors[@]}")
  peak=$(( $(maxof "${rss[@]}") / 1024 ))
  pps=$(python3 -c "print(f'{$pages / $wall:.0f}')")
  ratio=$(python3 -c "print(f'{$wall / $floor:.1f}')")
  us_page=$(python3 -c "print(f'{$wall / $pages * 1e6:.0f}')")
  fwall=-; fcpu=-; fpeak=-; fratio=-; search=-
  if [ ${#fwalls[@]} -gt 0 ]; then
    fwall=$(median "${fwalls[@]}"); fcpu=$(median "${fcpus[@]}")
    fpeak=$(( $(maxof "${frss[@]}") / 1024 ))
    fratio=$(python3 -c "print(f'{$fwall / $floor:.1f}')")
    search=$(python3 -c "print(f'{$fwall - $wall:.3f}')")
  fi

  # kadry serve: the time of a rebuild after one report changes (median of
  # RUNS edits, each appending a paragraph to the same report)
  serve_line="(skipped)"; serve_ms=-; serve_share=-; serve_search_ms=-
  if [ "${SERVE:-1}" != 0 ]; then
    slog=$BENCH_DIR/serve.log
    "$KADRY" serve --root "$site" --port 0 --as-of "$AS_OF" 2>"$slog" &
    spid=$!
    until grep -q 'собрано за' "$slog" 2>/dev/null; do sleep 0.2; kill -0 "$spid" 2>/dev/null || break; done
    report=$(find "$site/content/reports" -name '*.md' | sort | sed -n 1p)
    rebuilds=(); searches=()
    for i in $(seq 1 "$RUNS"); do
      printf '\nПравка для замера %s.\n' "$i" >>"$report"
      until [ "$(grep -c 'пересобрано за' "$slog")" -ge "$i" ]; do sleep 0.1; kill -0 "$spid" 2>/dev/null || break 2; done
      rebuilds+=("$(grep 'пересобрано за' "$slog" | tail -1 | sed -E 's/.*за ([0-9]+) мс.*/\1/')")
      # then the search index of the served site is renewed in the background
      until [ "$(grep -c 'поиск обновлён за' "$slog")" -ge "$i" ]; do sleep 0.1; kill -0 "$spid" 2>/dev/null || break 2; done
      searches+=("$(grep 'поиск обновлён за' "$slog" | tail -1 | sed -E 's/.*за ([0-9]+) мс.*/\1/')")
      sleep 0.5
    done
    kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null || true
    if [ ${#rebuilds[@]} -gt 0 ]; then
      serve_ms=$(median "${rebuilds[@]}"); serve_ms=${serve_ms%.000}
      [ "$fwall" != - ] && serve_share=$(python3 -c "print(f'{$serve_ms / 10 / $fwall:.1f}')")
      serve_line="$serve_ms ms (runs: ${rebuilds[*]} ms; $serve_share % of the full build)"
    fi
    if [ ${#searches[@]} -gt 0 ]; then
      serve_search_ms=$(median "${searches[@]}"); serve_search_ms=${serve_search_ms%.000}
      serve_line+=", then the search index in $serve_search_ms ms (runs: ${searches[*]} ms)"
    fi
  fi

  pf_line="(skipped)"
  if [ -n "$PAGEFIND_BIN" ]; then
    pw=(); pc=(); pr=()
    for i in $(seq 1 "$PF_RUNS"); do
      rm -rf "$BENCH_DIR/pf"
      timed "$PAGEFIND_BIN" --site "$out" --output-path "$BENCH_DIR/pf" --root-selector main --force-language ru --quiet || break
      pw+=("$T_WALL"); pc+=("$T_CPU"); pr+=("$T_RSS_KB")
    done
    rm -rf "$BENCH_DIR/pf"
    [ ${#pw[@]} -gt 0 ] && pf_line="$(median "${pw[@]}") s wall, $(median "${pc[@]}") s CPU, $(( $(maxof "${pr[@]}") / 1024 )) MiB peak"
  fi

  echo
  echo "## $size: $N measures x $R reports; content $content_files files, $content_bytes bytes"
  echo "pages (HTML)         $pages   (files $files, with search)"
  echo "output bytes         $out_bytes"
  echo "floor cp -r s        $floor   (cp -r of the --no-search output; runs: ${floors[*]})"
  echo "build --no-search    $wall s wall (runs: ${walls[*]}), $cpu s CPU, $peak MiB peak, $ratio x floor"
  echo "  pages per second   $pps   ($us_page us per page)"
  echo "full build           $fwall s wall (runs: ${fwalls[*]:-}), $fcpu s CPU, $fpeak MiB peak, $fratio x floor"
  echo "search indexing      $search s (full build minus --no-search build)"
  echo "pagefind CLI         $pf_line"
  echo "serve rebuild        $serve_line after a one-report change"
  ROWS+=("| $size | $pages | $out_bytes | $floor | $wall | $cpu | $peak | $ratio | $fwall | $fpeak | $fratio | $search | ${pf_line%% s wall*} | $serve_ms | $serve_share | $serve_search_ms |")
  [ "${KEEP:-0}" = 1 ] || rm -rf "$site" "$out"
done

echo
echo "| size | pages | output bytes | floor s | no-search wall s | no-search CPU s | no-search peak MiB | no-search / floor | full wall s | full peak MiB | full / floor | search s | pagefind CLI wall s | serve rebuild ms | serve / full % | serve search ms |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
