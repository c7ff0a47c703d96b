# key_account_mgmt: the two commands of the README.
#   make run   Odoo 19 with the addons on the demo database kam_demo, on http://localhost:8069
#   make test  linters, then a fresh database, every addon installed, every test (pytest-odoo)
# PostgreSQL settings come from PGHOST, PGPORT, PGUSER and PGPASSWORD.
# Variables: PYTHON (python3), DB (kam_demo), PORT (8069).

PYTHON ?= python3
DB ?= kam_demo
PORT ?= 8069
export PYTHON DB PORT

.PHONY: run test lint setup

run:
	@bash tools/kam.sh run

test:
	@bash tools/kam.sh test

lint:
	@bash tools/kam.sh lint

setup:
	@bash tools/kam.sh setup
