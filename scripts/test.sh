#!/usr/bin/env bash
# The one command that runs every test of kadry, on a fresh Debian machine too:
#
#   ./scripts/test.sh
#
# Steps: install what is missing (Chromium, a Java runtime, nginx, the pinned npm
# packages of tests/browser), cargo fmt --check, clippy, cargo test, 20 s of
# fuzzing for each parser (scripts/fuzz.sh: nightly Rust, cargo-fuzz), build the
# real portal into a temporary folder, prove the browser harness can fail
# (selftest), kadry serve's live reload in Chromium, the Nu HTML checker over
# every page, the open data through frictionless (tests/opendata/), Chromium +
# axe-core + reflow checks over the main pages, every page through Debian's
# nginx with the shipped deploy/nginx/ settings, and Lighthouse.
# Every step runs even when an earlier one failed (a step that needs the built
# portal is counted failed when the build failed); the exit status is non-zero
# when any step failed. Idempotent: safe to re-run; installs nothing that is
# already there.
#
# Environment:
#   KADRY_AS_OF=YYYY-MM-DD   the build's --as-of date (default 2026-11-26)
#   KADRY_SCREENSHOTS=DIR    also save full-page PNGs at 360 and 1280 px there
#   KADRY_KEEP_SITE=1        keep the built portal (its folder is printed)
#   CHROMIUM_PATH            browser to drive (default /usr/bin/chromium)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
BROWSER_DIR="$ROOT/tests/browser"
AS_OF=${KADRY_AS_OF:-2026-11-26}
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
# colours only on a terminal (rustfmt's "auto" colours a CI log too)
if [ -t 1 ]; then COLOR=auto; else COLOR=never; fi
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-$COLOR}
if [ -d "$HOME/.cargo/bin" ]; then PATH="$HOME/.cargo/bin:$PATH"; fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kadry-test.XXXXXX")
SITE="$TMP/public"
# the same portal built for a host that serves it below /kadry/
SITE_SUB="$TMP/public-kadry"
SITE_SHARDS="$TMP/public-shards"
cleanup() {
  if [ "${KADRY_KEEP_SITE:-}" = 1 ]; then
    echo "kept: $TMP"
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT

PASSED=0
FAILED=0
RESULTS=()

section() {
  printf '\n==================== %s ====================\n' "$*"
}

# step NAME CMD [ARG...]: runs CMD, records pass/fail, never stops the script
step() {
  local name=$1
  shift
  section "$name"
  local t0=$SECONDS rc=0
  "$@" || rc=$?
  local dt=$((SECONDS - t0))
  if [ "$rc" -eq 0 ]; then
    PASSED=$((PASSED + 1))
    RESULTS+=("ok    $name (${dt}s)")
    echo "--> ok: $name (${dt}s)"
  else
    FAILED=$((FAILED + 1))
    RESULTS+=("FAIL  $name (exit $rc, ${dt}s)")
    echo "--> FAILED: $name (exit $rc, ${dt}s)"
  fi
}

# a step that cannot run counts as failed, with the reason
not_run() {
  local name=$1 why=$2
  section "$name"
  echo "not run: $why"
  FAILED=$((FAILED + 1))
  RESULTS+=("FAIL  $name (not run: $why)")
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "need root to run: $*" >&2
    return 1
  fi
}

APT_UPDATED=0
apt_install() {
  # waits for another apt/dpkg process instead of failing on its lock
  local lock=(-o DPkg::Lock::Timeout=600)
  if [ "$APT_UPDATED" = 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" update || return 1
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y --no-upgrade "$@"
}

install_deps() {
  local missing=()
  if [ ! -x "$CHROMIUM" ]; then
    if [ -n "${CHROMIUM_PATH:-}" ]; then
      echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2
      return 1
    fi
    missing+=(chromium)
  fi
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
  # the web server of deploy/nginx/, with its brotli module, and openssl for
  # the HTTPS server's test certificate
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  # frictionless (open data) runs in a venv of Debian's Python
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing with apt-get: ${missing[*]}"
    apt_install "${missing[@]}" || return 1
  else
    echo "chromium, java, node, npm, nginx, openssl and python3-venv are installed"
  fi
  "$CHROMIUM" --version 2>/dev/null | grep -v 'unexpected operator' || true
  java -version 2>&1 | head -1
  echo "node $(node --version), npm $(npm --version)"
  /usr/sbin/nginx -v 2>&1

  # npm ci only when the lock file changed since the last install
  local stamp="$BROWSER_DIR/node_modules/.kadry-lock.sha256"
  local want
  want=$(sha256sum "$BROWSER_DIR/package-lock.json" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
    [ -f "$BROWSER_DIR/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    echo "tests/browser/node_modules is up to date with package-lock.json"
  else
    # --ignore-scripts: vnu-jar's postinstall would download a Java runtime
    (cd "$BROWSER_DIR" && npm ci --ignore-scripts --no-audit --no-fund) || return 1
    echo "$want" >"$stamp"
  fi
}

# frictionless, pinned in tests/opendata/requirements.txt, in its own venv
# (remade only when the requirements change)
OPENDATA_VENV="$ROOT/target/opendata-venv"
install_frictionless() {
  local stamp="$OPENDATA_VENV/.kadry-requirements.sha256" want
  want=$(sha256sum "$ROOT/tests/opendata/requirements.txt" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "target/opendata-venv is up to date with tests/opendata/requirements.txt"
    return 0
  fi
  rm -rf "$OPENDATA_VENV"
  python3 -m venv "$OPENDATA_VENV" || return 1
  "$OPENDATA_VENV/bin/pip" install --quiet --disable-pip-version-check \
    -r "$ROOT/tests/opendata/requirements.txt" || return 1
  echo "$want" >"$stamp"
}

opendata_frictionless() {
  install_frictionless || return 1
  "$OPENDATA_VENV/bin/python" "$ROOT/tests/opendata/validate.py" "$SITE"
}

build_site() {
  rm -rf "$SITE"
  cargo run --release -- build --root . --out "$SITE" --as-of "$AS_OF" || return 1
  if [ ! -f "$SITE/index.html" ]; then
    echo "the build wrote no $SITE/index.html" >&2
    return 1
  fi
  echo "built: $(find "$SITE" -type f | wc -l) files, $(find "$SITE" -name '*.html' | wc -l) HTML pages, $(du -sh "$SITE" | cut -f1)"
}

# the search index in shards of about 50 pages (a 10,000-page portal's
# are 5,000): the browser merges them, below the sub-path too
sharded_build() {
  local out=$1; shift
  rm -rf "$out"
  KADRY_SEARCH_SHARD_PAGES=50 cargo run --release -- build --root . --out "$out" --as-of "$AS_OF" "$@" || return 1
  if ! grep -q '"2/"' "$out/pagefind/shards.json"; then
    echo "the index is not in shards: pagefind/shards.json is $(cat "$out/pagefind/shards.json")" >&2
    return 1
  fi
}

subpath_site() {
  sharded_build "$SITE_SUB" --base-url https://example.org/kadry/ || return 1
  node "$BROWSER_DIR/subpath.mjs" "$SITE_SUB" /kadry/
}

sharded_search() {
  sharded_build "$SITE_SHARDS" || return 1
  node "$BROWSER_DIR/search.mjs" "$SITE_SHARDS"
}

browser_pages() {
  local shots=()
  if [ -n "${KADRY_SCREENSHOTS:-}" ]; then shots=(--screenshots "$KADRY_SCREENSHOTS"); fi
  node "$BROWSER_DIR/a11y.mjs" "$SITE" --nginx "${shots[@]}" "${PAGES[@]}"
}

section "kadry: all tests ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo "root: $ROOT"
echo "temporary folder: $TMP"

step "install missing tools" install_deps
DEPS_OK=$([ "$FAILED" -eq 0 ] && echo 1 || echo 0)

step "cargo fmt --check" cargo fmt --all -- --check --color "$COLOR"
step "cargo clippy" cargo clippy --all-targets -- -D warnings
step "cargo test" cargo test --all-targets
step "fuzz every parser of untrusted input (20 s each)" ./scripts/fuzz.sh 20
step "build the portal (--as-of $AS_OF)" build_site
BUILD_OK=0
if [ -f "$SITE/index.html" ]; then BUILD_OK=1; fi

# kadry serve: an open tab follows edits (the build step compiled target/release/kadry)
if [ "$DEPS_OK" = 1 ] && [ "$BUILD_OK" = 1 ]; then
  step "kadry serve: live reload in Chromium" node "$BROWSER_DIR/livereload.mjs"
else
  not_run "kadry serve: live reload in Chromium" "the portal was not built or tools are missing"
fi

if [ "$DEPS_OK" = 1 ]; then
  step "browser harness self-test" node "$BROWSER_DIR/selftest.mjs"
else
  not_run "browser harness self-test" "tools are missing"
fi

if [ "$DEPS_OK" = 1 ] && [ "$BUILD_OK" = 1 ]; then
  step "Nu HTML checker (every page)" node "$BROWSER_DIR/vnu.mjs" "$SITE"
  step "open data through frictionless: every data file against its structure, every registry and passport" opendata_frictionless

  PAGES=(/ /roadmap/ /roadmap/14/ /roadmap/12/ /roadmap/14/14.1/ /roadmap/6/6.3/ /executors/ /executors/dep-education/ /sitemap/ /404.html /reports/14.1/2018-12-26-inventarizaciya-zavershena/ /reports/14.2/2019-06-21-plan-modernizacii-utverzhden/ /roadmap/10/10.4/ /investors/ /en/investors/ /investors/embed/ /opendata/ /opendata/0000000000-kadry-roadmap/ /opendata/0000000000-kadry-training-sites/ /infrastructure/ /infrastructure/training-sites/ /news/ /news/2019-01-15-itogi-inventarizacii/ /documents/ /roadmap/timeline/ /roadmap/summary/)
  EXECUTOR=""
  for d in "$SITE"/executors/*/; do
    if [ -f "$d/index.html" ]; then
      EXECUTOR="/executors/$(basename "$d")/"
      break
    fi
  done
  if [ -n "$EXECUTOR" ]; then
    PAGES+=("$EXECUTOR")
  else
    not_run "find an executor page" "no executors/*/index.html in the built portal"
  fi
  step "Chromium through nginx: axe-core, reflow, network, console (${#PAGES[@]} pages)" browser_pages
  step "Chromium: no page scrolls sideways at 320-1920 px, in both versions (every page)" node "$BROWSER_DIR/reflow.mjs" "$SITE"
  step "Chromium: switching the low-vision version" node "$BROWSER_DIR/lowvision.mjs" "$SITE"
  step "Chromium: the same in the low-vision version" node "$BROWSER_DIR/a11y.mjs" "$SITE" --nginx --low-vision / /roadmap/ /roadmap/14/14.1/ /executors/dep-education/ /infrastructure/ /infrastructure/modernisation-funding/ /search/ /roadmap/timeline/ /roadmap/summary/ /documents/ /news/ /opendata/ /investors/
  step "Chromium: investor widget in a cross-origin iframe" node "$BROWSER_DIR/embed.mjs" "$SITE"
  step "nginx with deploy/nginx/: every page under the CSP in Chromium, frames, compression, caching, 404, HTTPS" node "$BROWSER_DIR/nginx.mjs" "$SITE"
  step "Chromium: search (pagefind, filters, plurals, keyboard, no JS, axe)" node "$BROWSER_DIR/search.mjs" "$SITE"
  step "Chromium: search in an index of two shards, merged in the browser" sharded_search
  step "Chromium: the portal below /kadry/ (search results from two shards, content links, menu)" subpath_site
  LH_PAGES=(/ /roadmap/ /roadmap/14/ /roadmap/14/14.1/ /reports/14.1/2018-12-26-inventarizaciya-zavershena/ /executors/ /executors/dep-education/ /infrastructure/ /infrastructure/training-sites/ /investors/ /en/investors/ /opendata/ /opendata/0000000000-kadry-roadmap/ /news/ /news/2019-01-15-itogi-inventarizacii/ /documents/ /roadmap/timeline/ /roadmap/summary/ /search/ /sitemap/)
  step "Lighthouse, mobile and desktop (${#LH_PAGES[@]} pages): accessibility, best practices, SEO >= 98; layout shift <= 0.02; blocking <= 50 ms" node "$BROWSER_DIR/lighthouse.mjs" "$SITE" "${LH_PAGES[@]}"
else
  why="the portal was not built"
  if [ "$DEPS_OK" != 1 ]; then why="tools are missing"; fi
  not_run "Nu HTML checker (every page)" "$why"
  not_run "Chromium: axe-core, reflow, network, console" "$why"
  not_run "Chromium: investor widget in a cross-origin iframe" "$why"
  not_run "nginx with deploy/nginx/" "$why"
  not_run "Chromium: search" "$why"
  not_run "Chromium: the portal below /kadry/" "$why"
  not_run "Lighthouse" "$why"
fi

section "summary"
for r in "${RESULTS[@]}"; do echo "$r"; done
echo "$PASSED passed, $FAILED failed"
if [ "$FAILED" -ne 0 ]; then exit 1; fi
