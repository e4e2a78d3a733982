#!/usr/bin/env bash
# Installs what `make run` / `make test` need, and only what is missing.
#
#   .ci/scripts/setup.sh [--e2e] [--postgres] [--s3] [--cargo-leptos]
#
# Every check is a cheap version probe, so a second run takes about a second.
# One line per tool says what was found or done.
set -euo pipefail

cd "$(dirname "$0")/../.."

want_e2e=false
want_postgres=false
want_s3=false
want_cargo_leptos=false
for arg in "$@"; do
  case "$arg" in
    --e2e) want_e2e=true ;;
    --postgres) want_postgres=true ;;
    --s3) want_s3=true ;;
    --cargo-leptos) want_cargo_leptos=true ;;
    *) echo "usage: $0 [--e2e] [--postgres] [--s3] [--cargo-leptos]" >&2; exit 2 ;;
  esac
done

# apt-get needs root; use sudo when we are not root and it exists.
apt_updated=false
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "setup: need root (or sudo) to apt-get install $*" >&2
      return 1
    fi
  fi
  # `apt-get update` is slow-ish: run it at most once per setup run.
  if [ "$apt_updated" = false ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=true
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

mkdir -p target

# --- wasm32 standard library ------------------------------------------------
# Standard route first: every Leptos user does `rustup target add`. If rustup
# cannot download, Debian's rustc-web (1.96) can build std itself with
# -Zbuild-std; the chosen route is recorded for build-site.sh / cargo-wasm.sh.
debian_wasm_tools_present() {
  [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust ] &&
    command -v wasm-ld-22 >/dev/null 2>&1
}

if rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
  echo rustup >target/.wasm-route
  echo "wasm toolchain: standard rustup route"
elif [ "$(cat target/.wasm-route 2>/dev/null)" = debian ] && debian_wasm_tools_present; then
  # Already fell back on an earlier run: don't wait for rustup's timeout again.
  echo "wasm toolchain: Debian rustc-web fallback (-Zbuild-std)"
elif timeout 300 rustup target add wasm32-unknown-unknown; then
  echo rustup >target/.wasm-route
  echo "wasm toolchain: standard rustup route"
else
  # rust-web-clippy is added so `make lint` can lint the wasm crate on this route.
  apt_install rustc-web cargo-web rust-web-src rust-web-clippy lld-22
  echo debian >target/.wasm-route
  echo "wasm toolchain: Debian rustc-web fallback (-Zbuild-std)"
fi

# lock_version CRATE: the version of CRATE in Cargo.lock (a tool that reads or writes
# what a crate of ours emits must be that crate's version).
lock_version() {
  local version
  version=$(awk -v name="name = \"$1\"" '
    $0 == name { found = 1; next }
    found && /^version = / { gsub(/"/, "", $3); print $3; exit }
  ' Cargo.lock)
  if [ -z "$version" ]; then
    echo "setup: could not find the $1 version in Cargo.lock" >&2
    return 1
  fi
  echo "$version"
}

# --- wasm-bindgen-cli ---------------------------------------------------------
# The CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock,
# or the generated JS glue does not match the wasm.
bindgen_version=$(lock_version wasm-bindgen)
if wasm-bindgen --version 2>/dev/null | grep -qF " $bindgen_version"; then
  echo "wasm-bindgen-cli: $bindgen_version present"
else
  echo "wasm-bindgen-cli: installing $bindgen_version (about 45 s on 2 cores)"
  # No --locked: its lockfile pins a webpki-roots version the index lacks.
  # Only the `wasm-bindgen` binary is used. Without default features its test
  # runner has no TLS (no rustls or ring to compile). Built at opt-level 0: 41 s on
  # 2 cores (94 s at opt-level 1, 122 s at 3), and it writes the admin bundle's glue in
  # 1.4 s instead of 0.4 s, byte for byte the same (measured December 5).
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0 \
    cargo install wasm-bindgen-cli --version "$bindgen_version" --no-default-features
  echo "wasm-bindgen-cli: $bindgen_version installed"
fi

# --- wasm-split-cli -------------------------------------------------------------
# Cuts each bundle's wasm into the main module and the chunks of its lazily loaded
# pages (build-site.sh). Its version is that of the wasm_split_helpers crate in
# Cargo.lock (Leptos's `#[lazy]` emits what that version's splitter reads). Built at
# opt-level 0: 19 s on 2 cores instead of 44 s at opt-level 1, and it splits the admin
# bundle in 1.3 s instead of 0.4 s (the same modules).
split_version=$(lock_version wasm_split_helpers)
if command -v wasm-split-cli >/dev/null 2>&1 &&
  cargo install --list | grep -qF "wasm_split_cli_support v$split_version:"; then
  echo "wasm-split-cli: $split_version present"
else
  echo "wasm-split-cli: installing $split_version (about 20 s on 2 cores)"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0 \
    cargo install --locked wasm_split_cli_support --version "$split_version" \
    --features build-binary
  echo "wasm-split-cli: $split_version installed"
fi

# --- node_modules: binaryen's wasm-opt, playwright-core and axe-core --------------
# npm's binaryen 132, not Debian's 108: Debian's wasm-opt silently corrupts the
# release wasm (the page never hydrates).
if ! command -v npm >/dev/null 2>&1; then
  apt_install nodejs npm
  echo "node: installed $(node --version) from Debian"
fi
if end2end/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q 'version 132' &&
  [ -f end2end/node_modules/playwright-core/package.json ] &&
  [ -f end2end/node_modules/axe-core/axe.min.js ]; then
  echo "node_modules: wasm-opt 132, playwright-core and axe-core present"
else
  npm ci --prefix end2end --no-audit --no-fund
  echo "node_modules: installed with npm ci"
fi

# --- optional tools -----------------------------------------------------------
if [ "$want_e2e" = true ]; then
  # Debian's Chromium; never `npx playwright install` (it downloads a browser).
  if [ -x /usr/bin/chromium ]; then
    echo "chromium: present"
  else
    apt_install chromium
    echo "chromium: installed from Debian"
  fi
  # e2e.sh polls /healthz with curl.
  if command -v curl >/dev/null 2>&1; then
    echo "curl: present"
  else
    apt_install curl
    echo "curl: installed from Debian"
  fi
  # The CAPTCHA tests read a challenge's answer from the e2e database.
  if command -v sqlite3 >/dev/null 2>&1; then
    echo "sqlite3: present"
  else
    apt_install sqlite3
    echo "sqlite3: installed from Debian"
  fi
fi

if [ "$want_postgres" = true ]; then
  # pg_virtualenv (postgresql-common) gives the tests a throwaway cluster.
  if command -v pg_virtualenv >/dev/null 2>&1; then
    echo "postgresql: pg_virtualenv present"
  else
    apt_install postgresql postgresql-common
    echo "postgresql: installed from Debian"
  fi
fi

if [ "$want_s3" = true ]; then
  # The S3 file store's tests run against moto_server (an S3-compatible server in
  # Python): one on PATH, or our own in target/tools/moto (test.sh puts it on PATH).
  if command -v moto_server >/dev/null 2>&1; then
    echo "moto_server: present ($(command -v moto_server))"
  elif [ -x target/tools/moto/bin/moto_server ]; then
    echo "moto_server: present (target/tools/moto)"
  else
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
      apt_install python3-venv
    fi
    mkdir -p target/tools
    python3 -m venv target/tools/moto
    target/tools/moto/bin/pip install --quiet 'moto[server]>=5.1,<6'
    echo "moto_server: installed in target/tools/moto (pip, moto $(target/tools/moto/bin/python -c 'import moto; print(moto.__version__)'))"
  fi
fi

if [ "$want_cargo_leptos" = true ]; then
  # Only `make dev` uses cargo-leptos; it takes ~22 min to compile, so the
  # version probe matters. no_downloads: it must use our wasm-bindgen/wasm-opt.
  if cargo leptos --version >/dev/null 2>&1; then
    echo "cargo-leptos: $(cargo leptos --version) present"
  else
    echo "cargo-leptos: installing 0.3.11 (about 22 min on 2 cores)"
    # Its lockfile (--locked, so the build is reproducible) needs rustc >= 1.96;
    # an unlocked resolve pulls crates that need 1.97. When rustup's toolchain is
    # older, compile it with Debian's rustc-web/cargo-web 1.96 instead.
    rustc_minor=$(rustc --version | awk '{ split($2, v, "."); print v[2] }')
    if [ "${rustc_minor:-0}" -ge 96 ]; then
      cargo install --locked cargo-leptos --version 0.3.11 --features no_downloads
    else
      if ! /usr/bin/cargo --version 2>/dev/null | grep -q '^cargo 1\.9[6-9]'; then
        apt_install rustc-web cargo-web
      fi
      echo "cargo-leptos: building with Debian's $(/usr/bin/cargo --version)"
      PATH="/usr/bin:$PATH" RUSTC=/usr/bin/rustc \
        /usr/bin/cargo install --locked cargo-leptos --version 0.3.11 --features no_downloads
    fi
    echo "cargo-leptos: installed"
  fi
fi
