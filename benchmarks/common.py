"""Shared helpers for the benchmark scripts."""

import os
import subprocess
import sys
import time

import psycopg2

import odoo.addons.base as base

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_ADDONS = os.path.dirname(os.path.dirname(base.__file__))
ADDONS_PATH = "%s,%s" % (ODOO_ADDONS, ROOT)


def odoo(*args, log_level="warn"):
    """Run the Odoo command line; return the seconds it took."""
    cmd = [sys.executable, "-m", "odoo", "--addons-path=" + ADDONS_PATH]
    cmd += ["--log-level=" + log_level, *args]
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - start


def connect(dbname):
    conn = psycopg2.connect(dbname=dbname)
    conn.autocommit = True
    return conn


def drop_db(dbname):
    subprocess.run(
        [sys.executable, "-m", "odoo", "--addons-path=" + ADDONS_PATH, "db"]
        + ["drop", dbname],
        check=False,
        capture_output=True,
    )
    conn = connect("postgres")
    try:
        conn.cursor().execute('DROP DATABASE IF EXISTS "%s"' % dbname)
    finally:
        conn.close()
