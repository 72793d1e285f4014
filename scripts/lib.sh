# Shared helpers for scripts/run and scripts/test: each "ensure" installs a tool only when it is
# missing, so a warm machine skips straight to the build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

say() { printf '\n==> %s\n' "$*"; }

# apt-get needs root; on a developer's own machine sudo does the same job.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

APT_UPDATED=""
apt_install() {
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_rust() {
  command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first" >&2; exit 1; }
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# The wasm-bindgen CLI must be the exact version of the crate in Cargo.lock.
ensure_wasm_bindgen() {
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock")
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (found: ${have:-none})"
    # Not --locked: its lockfile pins a crate version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$want" --quiet
  fi
}

ensure_node_packages() {
  command -v npm >/dev/null || { say "installing Node.js"; apt_install nodejs npm; }
  if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/end2end/node_modules/@playwright/test" ] \
     || [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    say "installing node packages (Playwright, binaryen's wasm-opt)"
    # Playwright's own browser download cannot work here; Debian's Chromium is used instead.
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    apt_install chromium
  fi
}

# Builds the browser bundle and the server in release mode, and assembles target/site.
build_release() {
  local site="$ROOT/target/site" pkg="$ROOT/target/site/pkg"
  say "building the browser bundle (wasm)"
  (cd "$ROOT" && cargo build --lib --target wasm32-unknown-unknown --no-default-features --features hydrate \
     --profile wasm-release --quiet)
  rm -rf "$site" && mkdir -p "$pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name tokenshop \
    "$ROOT/target/wasm32-unknown-unknown/wasm-release/tokenshop.wasm"
  # Exactly the features rustc's wasm32 target emits; --all-features would enable proposals browsers lack.
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types --enable-multivalue "$pkg/tokenshop_bg.wasm" -o "$pkg/tokenshop_bg.wasm"
  cp "$ROOT/style/main.css" "$pkg/tokenshop.css"
  cp -R "$ROOT/public/." "$site/"
  say "building the server"
  (cd "$ROOT" && cargo build --release --bin tokenshop --no-default-features --features ssr --quiet)
  printf 'wasm: %s bytes, %s gzipped\n' "$(wc -c < "$pkg/tokenshop_bg.wasm")" "$(gzip -9c "$pkg/tokenshop_bg.wasm" | wc -c)"
}
