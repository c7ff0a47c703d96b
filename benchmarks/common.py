"""Shared helpers for the benchmark scripts: databases, a registry, servers,
measures (queries, peak memory, timings) and the bulk helpers the populations
use (population.py: accounts, contacts, interactions, complaints;
population_sales.py: points and confirmed sale orders).
"""
# pylint: disable=print-used

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import psycopg2

import odoo.addons.base as base
from odoo.modules.registry import Registry
from odoo.tests.common import new_test_user
from odoo.tools import SQL, config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_ADDONS = os.path.dirname(os.path.dirname(base.__file__))
ADDONS_PATH = "%s,%s" % (ODOO_ADDONS, ROOT)


def server_command():
    """The command that starts an Odoo server: a launcher script, since a
    multi-worker server starts its long-polling process again with
    ``sys.argv[0]`` (which ``python -m odoo`` cannot serve)."""
    source = os.path.dirname(os.path.dirname(ODOO_ADDONS))
    for launcher in (
        os.path.join(source, "odoo-bin"),
        os.path.join(source, "setup", "odoo"),
        shutil.which("odoo"),
    ):
        if launcher and os.path.isfile(launcher):
            return [sys.executable, launcher]
    return [sys.executable, "-m", "odoo"]


# Population created without tracking messages nor creation logs.
QUIET = {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True}


CHUNK = 1000


ORDER_CHUNK = 500


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


def configure():
    """Odoo's configuration for this process (addons path, quiet logs)."""
    config.parse_config(["--addons-path=" + ADDONS_PATH, "--log-level=warn"])


def filestore(dbname):
    configure()
    return os.path.join(config["data_dir"], "filestore", dbname)


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
    shutil.rmtree(filestore(dbname), ignore_errors=True)


def create_db(dbname, modules, template=None):
    """A new database with ``modules``: installed by Odoo, or copied (with its
    filestore) from ``template``, a database where they are installed already
    (saves the minutes of an install when a script is run several times).
    Returns the seconds it took.
    """
    drop_db(dbname)
    if not template:
        return odoo("-d", dbname, "-i", modules, "--stop-after-init")
    start = time.perf_counter()
    conn = connect("postgres")
    try:
        conn.cursor().execute(
            'CREATE DATABASE "%s" WITH TEMPLATE "%s"' % (dbname, template)
        )
    finally:
        conn.close()
    if os.path.isdir(filestore(template)):
        shutil.copytree(filestore(template), filestore(dbname))
    return time.perf_counter() - start


def load_registry(dbname):
    """The registry of a database, loaded in this process."""
    configure()
    return Registry(dbname)


def reset_peak_rss():
    """Reset the peak resident memory of this process (Linux, VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        return True
    except OSError:
        return False


def rss_mb():
    """(current, peak) resident memory of this process in MB (Linux)."""
    with open("/proc/self/status") as status:
        text = status.read()
    values = [
        int(re.search(rf"^{key}:\s+(\d+) kB", text, re.M).group(1)) / 1024
        for key in ("VmRSS", "VmHWM")
    ]
    return tuple(values)


def create_users(
    env, count, group="key_account_mgmt.group_kam_user", prefix="bench_kam"
):
    return [
        new_test_user(env, login=f"{prefix}_{i}", groups=group) for i in range(count)
    ]


def timed(label, function):
    start = time.perf_counter()
    result = function()
    print(f"  {label} in {time.perf_counter() - start:.1f} s", flush=True)
    return result


def bulk_insert(env, table, columns, rows):
    """INSERT rows (tuples in the order of ``columns``) by chunks of 20,000,
    one statement each: for populations where the ORM is not what is
    measured (no computed field, no message, no log)."""
    rows = list(rows)
    for offset in range(0, len(rows), 20 * CHUNK):
        chunk = rows[offset : offset + 20 * CHUNK]
        env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) VALUES %s",
                SQL.identifier(table),
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL(", ").join(SQL("%s", tuple(row)) for row in chunk),
            )
        )
    return len(rows)


def account_facts(env, accounts):
    """[(index, id, manager id, company id)] of the accounts, read by SQL."""
    env.flush_all()
    env.cr.execute(
        SQL(
            "SELECT id, kam_manager_id, company_id FROM res_partner WHERE id = ANY(%s)",
            accounts.ids,
        )
    )
    facts = {row[0]: row[1:] for row in env.cr.fetchall()}
    company = env.company.id
    return [
        (i, pid, facts[pid][0] or env.uid, facts[pid][1] or company)
        for i, pid in enumerate(accounts.ids)
    ]


# ---------------------------------------------------------------------------
# What every script does: its arguments, its database, its measures
# ---------------------------------------------------------------------------
def bench_parser(doc, db, template=None):
    """The arguments every script takes: ``--db`` (default ``db``), ``--keep``
    (do not drop it at the end) and, when ``template`` names the addon a
    template database must have installed, ``--template``."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--db", default=db)
    if template:
        parser.add_argument(
            "--template", help=f"copy this database ({template} installed)"
        )
    parser.add_argument("--keep", action="store_true")
    return parser


def open_db(dbname, modules, template=None):
    """A new database with ``modules`` (see ``create_db``), and its registry."""
    seconds = create_db(dbname, modules, template)
    print(f"database {dbname} in {seconds:.1f} s", flush=True)
    return load_registry(dbname)


def measure(cr, function):
    """(result, seconds, queries) of ``function()``: its time, and the queries
    it ran on ``cr``."""
    before = cr.sql_log_count
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start, cr.sql_log_count - before


def count_rows(cr, queries):
    """{label: the number a ``SELECT count(*)`` of ``queries`` returns}."""
    result = {}
    for label, query in queries.items():
        cr.execute(query)
        result[label] = cr.fetchone()[0]
    return result


def start_server(dbname, port, logfile, workers=2, cron_threads=2):
    """An Odoo server on ``dbname`` only, listening on 127.0.0.1:``port`` (and
    ``port`` + 1 for long polling), in its own process group, logging to
    ``logfile``."""
    cmd = [
        *server_command(),
        "--addons-path=" + ADDONS_PATH,
        "-d",
        dbname,
        "--db-filter=^%s$" % re.escape(dbname),
        "--workers=%d" % workers,
        "--max-cron-threads=%d" % cron_threads,
        "--http-interface=127.0.0.1",
        "--http-port=%d" % port,
        "--gevent-port=%d" % (port + 1),
        "--log-level=info",
        "--logfile=" + logfile,
    ]
    return subprocess.Popen(cmd, start_new_session=True)


def stop_server(server):
    """Stop a server of ``start_server`` and its workers."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
