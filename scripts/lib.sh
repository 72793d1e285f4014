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

# schemathesis (PyPI), for scripts/contract: the version and every dependency pinned in
# scripts/contract.requirements.txt, in a virtual environment of its own under target/ (rebuilt when
# that file changes).
ST_VENV="$ROOT/target/schemathesis"
ensure_schemathesis() {
  local req="$ROOT/scripts/contract.requirements.txt"
  if [ -x "$ST_VENV/bin/st" ] && cmp -s "$req" "$ST_VENV/requirements.txt"; then return; fi
  say "installing schemathesis $(awk -F'==' '$1=="schemathesis"{print $2}' "$req") (PyPI) in $ST_VENV"
  command -v python3 >/dev/null || apt_install python3
  python3 -c 'import ensurepip' 2>/dev/null || apt_install python3-venv
  rm -rf "$ST_VENV"
  python3 -m venv "$ST_VENV"
  "$ST_VENV/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$req"
  "$ST_VENV/bin/pip" check --quiet >/dev/null
  cp "$req" "$ST_VENV/requirements.txt"
}

# PostgreSQL, for the second run of the integration tests and for several instances: Debian's
# server, run as a throwaway cluster of our own (a temporary directory, a port of its own, trust
# authentication on loopback only), stopped and deleted by stop_postgres.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# Installs the server if it can; otherwise sets PG_SKIP_REASON to say why not.
ensure_postgres() {
  PG_SKIP_REASON=""
  if [ -z "$(pg_bin)" ]; then
    if [ "$(id -u)" = 0 ] || command -v sudo >/dev/null; then
      say "installing Debian's postgresql"
      apt_install postgresql || PG_SKIP_REASON="apt-get install postgresql failed"
    else
      PG_SKIP_REASON="PostgreSQL is not installed, and without root or sudo it cannot be installed"
    fi
  fi
  if [ -z "$PG_SKIP_REASON" ] && [ -z "$(pg_bin)" ]; then
    PG_SKIP_REASON="no PostgreSQL server under /usr/lib/postgresql after installing it"
  fi
}

# start_postgres [PORT]: a new cluster with an empty database "tokenshop"; sets PG_URL and PG_DIR.
# initdb refuses to run as root, so as root the cluster belongs to the postgres user.
start_postgres() {
  local port=${1:-55432} bin
  bin=$(pg_bin)
  PG_DIR=$(mktemp -d /tmp/tokenshop-pg.XXXXXX)
  PG_AS=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres: "$PG_DIR"
    PG_AS=(runuser -u postgres --)
  fi
  "${PG_AS[@]}" "$bin/initdb" -D "$PG_DIR/data" -U tokenshop --auth=trust -E UTF8 --no-locale \
    > "$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  PG_PORT=$port
  pg_start_again
  "${PG_AS[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U tokenshop tokenshop
  PG_URL="postgres://tokenshop@127.0.0.1:$port/tokenshop"
}

# Stops and starts the cluster of start_postgres on the same data directory, as an outage would
# (scripts/faults): `fast` ends every connection at once.
pg_stop_fast() { "${PG_AS[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast -w stop > /dev/null; }
pg_start_again() {
  # fsync off: a test cluster that is thrown away needs no durability.
  "${PG_AS[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -o \
    "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
    start > /dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
}

# psql_exec SQL: runs SQL on start_postgres's database; rows as `a|b|c`.
psql_exec() { "$(pg_bin)/psql" -X -q -At -F '|' "$PG_URL" -c "$1"; }

stop_postgres() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_AS[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
  PG_DIR=""
}

# Builds the browser bundles and the server in release mode, and assembles target/site: every
# asset the pages link is named by a hash of its content (listed in hash*.txt for the server), so
# browsers keep it for a year, and has brotli and gzip copies beside it for content negotiation.
build_release() {
  local site="$ROOT/target/site"
  command -v brotli >/dev/null || { say "installing Debian's brotli"; apt_install brotli; }
  rm -rf "$site" && mkdir -p "$site/pkg"
  # Two bundles (see site::Bundle): the shop's islands for every page, and with the cart table for /cart.
  build_bundle tokenshop hydrate hash.txt
  build_bundle tokenshop-cart hydrate,bundle-cart hash-cart.txt
  cp -R "$ROOT/public/." "$site/"
  local css
  css=$(content_hash "$ROOT/style/main.css")
  cp "$ROOT/style/main.css" "$site/pkg/tokenshop.$css.css"
  printf 'css: %s\n' "$css" >> "$site/hash.txt"
  build_modules "$site"
  find "$site" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.svg' \) \
    -exec brotli -q 11 -kf {} \; -exec gzip -9kf {} \;
  say "building the server"
  (cd "$ROOT" && cargo build --release --bin tokenshop --no-default-features --features ssr --quiet)
  for f in "$site"/pkg/*.wasm; do
    printf '%s: %s bytes, %s with brotli, %s with gzip\n' "$(basename "$f")" "$(wc -c < "$f")" \
      "$(wc -c < "$f.br")" "$(wc -c < "$f.gz")"
  done
}

# build_modules SITE: the hand-written browser modules (src/**/*.js; the partner's own are served by
# the partner origin) under SITE/js/<hash>/, each at its path under src/, so their relative imports
# work as written; <hash> is one hash of them all (paths and contents), so a change to any one gives
# every page a new folder and browsers may keep each file for a year. Listed as "js: <hash>".
build_modules() {
  local site=$1 files hash f
  files=$(cd "$ROOT/src" && find . -name '*.js' -not -path './partner/*' | sort)
  hash=$(cd "$ROOT/src" && for f in $files; do printf '%s\n' "$f"; cat "$f"; done | sha256sum | cut -c1-16)
  for f in $files; do
    mkdir -p "$site/js/$hash/$(dirname "$f")"
    cp "$ROOT/src/$f" "$site/js/$hash/$f"
  done
  printf 'js: %s\n' "$hash" >> "$site/hash.txt"
}

# build_bundle NAME FEATURES HASH_FILE: one browser bundle, as target/site/pkg/NAME.<hash>.js and
# NAME.<hash>_bg.wasm, one hash of both files (in HASH_FILE as "bundle: <hash>"). The server names
# the bundle NAME.<hash>, so Leptos's hydration script links those files without reading a hash
# file on every page, which its own hashed names would (14 % of a signed-in page, measured).
build_bundle() {
  local name=$1 features=$2 hashes="$ROOT/target/site/$3" pkg="$ROOT/target/site/pkg" hash
  say "building the browser bundle $name (wasm: $features)"
  (cd "$ROOT" && cargo build --lib --target wasm32-unknown-unknown --no-default-features --features "$features" \
     --profile wasm-release --quiet)
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name "$name" \
    "$ROOT/target/wasm32-unknown-unknown/wasm-release/tokenshop.wasm"
  # Exactly the features rustc's wasm32 target emits; --all-features would enable proposals browsers lack.
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types --enable-multivalue "$pkg/${name}_bg.wasm" -o "$pkg/${name}_bg.wasm"
  hash=$(cat "$pkg/$name.js" "$pkg/${name}_bg.wasm" | sha256sum | cut -c1-16)
  mv "$pkg/$name.js" "$pkg/$name.$hash.js"
  mv "$pkg/${name}_bg.wasm" "$pkg/$name.${hash}_bg.wasm"
  printf 'bundle: %s\n' "$hash" > "$hashes"
}

# The first 16 hex digits of a file's SHA-256: enough to tell builds apart.
content_hash() { sha256sum "$1" | cut -c1-16; }

# start_shop PORT LOG [VAR=value...]: a release shop on 127.0.0.1:PORT in the background (its pid in
# SHOP_PID; the caller keeps it to stop it), its output appended to LOG. The variables go last, so
# they win over the defaults here.
start_shop() {
  local port=$1 log=$2; shift 2
  env LISTEN_ADDR="127.0.0.1:$port" PARTNER_ADDR=off LEPTOS_SITE_ROOT="$ROOT/target/site" RUST_LOG=warn \
    "$@" "$ROOT/target/release/tokenshop" >> "$log" 2>&1 &
  SHOP_PID=$!
}

# wait_healthy URL LOG: /health answers within 30 s, or the log is shown and this fails.
wait_healthy() {
  local i
  for i in $(seq 600); do
    curl -sf --max-time 2 "$1/health" > /dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "$1 did not start:" >&2; cat "$2" >&2; return 1
}

# Debian's nginx, installed if missing; its path in NGINX_BIN.
ensure_nginx() {
  NGINX_BIN=$(command -v nginx || true)
  [ -n "$NGINX_BIN" ] || [ ! -x /usr/sbin/nginx ] || NGINX_BIN=/usr/sbin/nginx
  if [ -z "$NGINX_BIN" ]; then
    say "installing Debian's nginx"
    apt_install nginx
    NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
  fi
}

# start_balancer DIR PORT UPSTREAM_PORT...: nginx on 127.0.0.1:PORT, round-robin over the
# instances, every path of its own under DIR; its pid in NGINX_PID (the caller keeps it to stop it,
# then waits for it with wait_healthy).
start_balancer() {
  local dir=$1 port=$2 p upstreams="" user_line=""; shift 2
  for p in "$@"; do upstreams+="    server 127.0.0.1:$p;"$'\n'; done
  [ "$(id -u)" != 0 ] || user_line="user root;"
  cat > "$dir/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/client_body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream tokenshop {
$upstreams    keepalive 16;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://tokenshop;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      # nginx's default, written out: a request goes on to the next instance only when this one
      # could not be reached (error) or did not answer in time (timeout), and a POST only if it was
      # never sent, since non_idempotent is not listed. So a POST that reached an instance is never
      # sent twice: if that instance dies mid-request the client gets a 502, not a second add, and
      # can read its cart to learn whether the first one landed (scripts/faults does exactly that).
      proxy_next_upstream error timeout;
    }
  }
}
EOF
  "$NGINX_BIN" -t -q -c "$dir/nginx.conf" -p "$dir" || { cat "$dir/nginx-error.log" >&2; return 1; }
  "$NGINX_BIN" -c "$dir/nginx.conf" -p "$dir" &
  NGINX_PID=$!
}

# The rows `bench/load.mjs verify` compares with its clients' models, one SQL text for both
# databases: every account's cart and order lines, orders without lines, guests' cart lines, and
# the stock and units sold of the products given (a comma-separated list of ids).
db_rows_sql() {
  cat <<EOF
SELECT 'cart', c.user_id, 0, l.product_id, l.quantity FROM carts c JOIN cart_lines l ON l.cart_id = c.id WHERE c.user_id IS NOT NULL
UNION ALL SELECT 'order', o.user_id, o.id, l.product_id, l.quantity FROM orders o JOIN order_lines l ON l.order_id = o.id
UNION ALL SELECT 'empty_order', o.user_id, o.id, 0, 0 FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)
UNION ALL SELECT 'guest', 0, 0, l.product_id, l.quantity FROM carts c JOIN cart_lines l ON l.cart_id = c.id WHERE c.user_id IS NULL
UNION ALL SELECT 'stock', 0, 0, id, stock FROM products WHERE id IN ($1)
UNION ALL SELECT 'sold', 0, 0, product_id, SUM(quantity) FROM order_lines WHERE product_id IN ($1) GROUP BY product_id;
EOF
}
