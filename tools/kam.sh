#!/usr/bin/env bash
# Helper behind the Makefile: `tools/kam.sh setup|run|test|lint`.
# PostgreSQL comes from the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
ODOO_SERIE="19.0"
ODOO_SRC_URL="${ODOO_SRC_URL:-https://github.com/odoo/odoo/archive/refs/heads/19.0.tar.gz}"
ODOO_SRC_DIR="${ODOO_SRC_DIR:-$ROOT/.odoo/src}"
DB="${DB:-kam_demo}"
PORT="${PORT:-8069}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

odoo_ok() {
    "$PYTHON" -c "import odoo.release as r; assert r.serie == '$ODOO_SERIE'" 2>/dev/null
}

addons() {
    # Every addon of the repository (folders with a manifest), core first.
    for manifest in "$ROOT"/key_account_mgmt*/__manifest__.py; do
        basename "$(dirname "$manifest")"
    done | sort
}

install_odoo() {
    say "Odoo $ODOO_SERIE is not importable by $PYTHON: installing it from Odoo's official $ODOO_SERIE source"
    mkdir -p "$(dirname "$ODOO_SRC_DIR")" "$ROOT/.odoo"
    if [ ! -f "$ODOO_SRC_DIR/setup.py" ]; then
        local archive="$ROOT/.odoo/odoo-$ODOO_SERIE.tar.gz"
        say "Downloading $ODOO_SRC_URL (several hundred MB)"
        if ! curl -fL --retry 3 -o "$archive.part" "$ODOO_SRC_URL"; then
            rm -f "$archive.part"
            die "cannot download Odoo $ODOO_SERIE from $ODOO_SRC_URL. Check your internet connection, or install Odoo $ODOO_SERIE yourself (pip install -e <odoo source>) so that '$PYTHON -c \"import odoo\"' works, then run this again."
        fi
        mv "$archive.part" "$archive"
        rm -rf "$ODOO_SRC_DIR" && mkdir -p "$ODOO_SRC_DIR"
        tar -xzf "$archive" -C "$ODOO_SRC_DIR" --strip-components=1
        rm -f "$archive"
    fi
    say "Installing Odoo's Python requirements"
    "$PYTHON" -m pip install --quiet packaging wheel setuptools
    "$PYTHON" "$ROOT/tools/odoo_requirements.py" "$ODOO_SRC_DIR/requirements.txt" > "$ROOT/.odoo/requirements.txt"
    "$PYTHON" -m pip install --quiet -r "$ROOT/.odoo/requirements.txt"
    "$PYTHON" -m pip install --quiet --no-deps --no-build-isolation -e "$ODOO_SRC_DIR"
    odoo_ok || die "Odoo $ODOO_SERIE still cannot be imported by $PYTHON after installing it."
}

setup() {
    if odoo_ok; then
        say "Using Odoo $("$PYTHON" -c 'import odoo.release as r; print(r.version)') ($("$PYTHON" -c 'import odoo, os; print(os.path.dirname(odoo.__path__[0]))'))"
    else
        install_odoo
    fi
    if ! "$PYTHON" - "$ROOT/requirements.txt" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
from packaging.requirements import Requirement
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if line:
        req = Requirement(line)
        assert req.specifier.contains(version(req.name), prereleases=True), req
PY
    then
        say "Installing the Python requirements of the addons (requirements.txt)"
        "$PYTHON" -m pip install --quiet -r "$ROOT/requirements.txt"
    fi
    check_postgres
    install_browser
}

check_postgres() {
    "$PYTHON" - <<'PY' || die "PostgreSQL is not reachable with PGHOST=${PGHOST:-<socket>} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-$(id -un)}. Start PostgreSQL or set PGHOST, PGPORT, PGUSER and PGPASSWORD (Odoo refuses the 'postgres' role: use a role of your own that may create databases)."
import os, sys, psycopg2
try:
    psycopg2.connect(dbname="postgres", connect_timeout=5).close()
except Exception as error:
    print(error, file=sys.stderr)
    sys.exit(1)
user = os.environ.get("PGUSER") or os.environ.get("USER") or ""
if user == "postgres":
    print("Odoo refuses to run as the 'postgres' role.", file=sys.stderr)
    sys.exit(1)
PY
}

# Browser tests (tours) need Chrome or Chromium; Odoo looks for these names in
# PATH (odoo/tests/common.py, _find_executable) and skips the tests without one.
find_browser() {
    local bin
    for bin in google-chrome chromium chromium-browser google-chrome-stable; do
        command -v "$bin" && return 0
    done
    return 1
}

install_browser() {
    find_browser >/dev/null && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "Installing Chromium for the browser tests (apt-get install chromium)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
            || say "Could not install Chromium with apt-get."
    fi
    find_browser >/dev/null \
        || say "Note: no Chrome/Chromium found: 'make test' needs one for the browser tests. Install Chromium (Debian/Ubuntu: sudo apt-get install chromium) or Google Chrome."
}

check_browser() {
    local browser
    browser="$(find_browser)" || die "No Chrome/Chromium found in PATH (google-chrome, chromium, chromium-browser, google-chrome-stable): the browser tests (tours) cannot run. Install Chromium (Debian/Ubuntu: sudo apt-get install chromium) and run this again."
    "$PYTHON" -c "import websocket" 2>/dev/null \
        || die "The Python module websocket-client is missing: Odoo needs it to drive $browser in the browser tests. Run 'make setup' (or: $PYTHON -m pip install websocket-client)."
    say "Browser tests run in $browser"
}

odoo_addons_path() {
    "$PYTHON" -c "import odoo.addons.base as b, os; print(os.path.dirname(os.path.dirname(b.__file__)))"
}

db_exists() {
    "$PYTHON" - "$1" <<'PY'
import sys, psycopg2
with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [sys.argv[1]])
    sys.exit(0 if cr.fetchone() else 1)
PY
}

drop_db() {
    "$PYTHON" -m odoo db --addons-path="$(odoo_addons_path),$ROOT" drop "$1" >/dev/null 2>&1 || true
    "$PYTHON" - "$1" <<'PY' >/dev/null 2>&1 || true
import sys, psycopg2
conn = psycopg2.connect(dbname="postgres")
conn.autocommit = True
conn.cursor().execute('DROP DATABASE IF EXISTS "%s"' % sys.argv[1].replace('"', ''))
PY
}

odoo() {
    "$PYTHON" -m odoo --addons-path="$(odoo_addons_path),$ROOT" "$@"
}

run() {
    setup
    if ! "$PYTHON" -c "import shutil, sys; sys.exit(0 if shutil.which('wkhtmltopdf') else 1)"; then
        say "Note: wkhtmltopdf is not installed: PDF reports (key-account profile, points statement) will not print. On Debian/Ubuntu: sudo apt-get install wkhtmltopdf"
    fi
    local modules
    modules=$(addons | paste -sd, -)
    if db_exists "$DB"; then
        say "Database $DB exists: updating $modules"
        odoo -d "$DB" -u "$modules" --stop-after-init
    else
        say "Creating database $DB with demo data and $modules, with Sales and Invoicing for the sales bridge (a few minutes)"
        odoo -d "$DB" -i "$modules" --with-demo --stop-after-init
        say "Setting the admin password to 'admin'"
        odoo shell -d "$DB" --no-http <<'PY' >/dev/null
env.ref("base.user_admin").password = "admin"
env.cr.commit()
PY
    fi
    # PDF reports load their styles from web.base.url: it follows PORT, so
    # that reports print styled before the first admin login too.
    say "Setting web.base.url to http://localhost:$PORT"
    KAM_BASE_URL="http://localhost:$PORT" odoo shell -d "$DB" --no-http <<'PY' >/dev/null
import os
env["ir.config_parameter"].sudo().set_param("web.base.url", os.environ["KAM_BASE_URL"])
env.cr.commit()
PY
    say "Serving Odoo on http://localhost:$PORT (login admin / admin); Ctrl-C stops it"
    odoo -d "$DB" --db-filter="^$DB\$" --http-port="$PORT"
}

lint() {
    say "ruff check"
    "$PYTHON" -m ruff check "$ROOT"
    say "ruff format --check"
    "$PYTHON" -m ruff format --check "$ROOT"
    say "pylint-odoo"
    local dirs=()
    while read -r addon; do dirs+=("$ROOT/$addon"); done < <(addons)
    "$PYTHON" -m pylint --rcfile="$ROOT/.pylintrc" "${dirs[@]}"
}

run_pytest() {
    local db="$1"; shift
    "$PYTHON" -m pytest -p no:cacheprovider -q --odoo-http \
        --odoo-database="$db" --odoo-addons-path="$(odoo_addons_path),$ROOT" "$@"
}

test() {
    setup
    check_browser
    lint
    local stamp core_db all_db
    stamp="$(date +%Y%m%d%H%M%S)_$$"
    core_db="kam_test_core_$stamp"
    all_db="kam_test_all_$stamp"
    trap 'drop_db "'"$core_db"'"; drop_db "'"$all_db"'"' EXIT
    local base_addons
    base_addons="$(odoo_addons_path)"
    local partner_tests=("$base_addons/base/tests/test_res_partner.py" "$base_addons/mail/tests/test_res_partner.py")

    say "1/2 Fresh database $core_db with key_account_mgmt only (no sale), without demo data"
    odoo -d "$core_db" -i key_account_mgmt --stop-after-init --log-level=warn
    say "Tests of key_account_mgmt, and Odoo's own partner tests, without sale"
    run_pytest "$core_db" "$ROOT/key_account_mgmt/tests" "${partner_tests[@]}"
    drop_db "$core_db"

    local modules
    modules=$(addons | paste -sd, -)
    say "2/2 Fresh database $all_db with every addon ($modules), without demo data"
    odoo -d "$all_db" -i "$modules" --stop-after-init --log-level=warn
    local test_dirs=()
    while read -r addon; do
        [ -d "$ROOT/$addon/tests" ] && test_dirs+=("$ROOT/$addon/tests")
    done < <(addons)
    # Two of Odoo's own base partner tests fail as soon as `account` is
    # installed (pulled in by sale_management), with or without our addons:
    # they write {'parent_id': <res.partner record>} and account's
    # res.partner.write() browses that value ("can't adapt type
    # 'res.partner'"; seen on a database with sale_management only). Phase 1
    # runs them without `account`, where they pass with our addons installed.
    local deselect=()
    if [ "$modules" != "key_account_mgmt" ]; then
        deselect=(-k "not test_commercial_field_sync_reset and not test_address_parent_company_creation")
    fi
    # Odoo's own lint checks (override signatures, manifests, .pot files,
    # __init__.py) over every addon, ours included; test_lint need not be
    # installed for them.
    local lint_tests=()
    for name in override_signatures manifests pofile dunderinit; do
        lint_tests+=("$base_addons/test_lint/tests/test_$name.py")
    done
    say "Tests of every addon, Odoo's own partner tests and lint checks"
    run_pytest "$all_db" "${deselect[@]}" "${test_dirs[@]}" "${partner_tests[@]}" "${lint_tests[@]}"
}

case "${1:-}" in
    setup) setup ;;
    run) run ;;
    lint) setup && lint ;;
    test) test ;;
    *) die "usage: tools/kam.sh setup|run|lint|test" ;;
esac
