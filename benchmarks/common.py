"""Shared helpers for the benchmark scripts: databases, a registry, the
populations of key accounts (accounts, contacts, interactions, complaints,
points, confirmed sale orders), and measures (queries, peak memory).
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
from datetime import date, datetime, timedelta

import psycopg2

import odoo.addons.base as base
from odoo import Command
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


def population(
    env,
    accounts,
    *,
    interactions=True,
    complaints=True,
    points=True,
    orders=False,
    users=20,
):
    """Create ``accounts`` key accounts (and their contact persons) with the
    chosen data; return (accounts, users, director) where director is a
    key-account manager. ``env`` should carry QUIET."""
    users = create_users(env, users)
    director = new_test_user(
        env, login="bench_director", groups="key_account_mgmt.group_kam_manager"
    )
    tiers = env["kam.tier"].search([])
    records = timed(
        f"{accounts} accounts and {accounts} contacts",
        lambda: create_accounts(env, accounts, users, tiers),
    )
    if interactions:
        number = timed("interactions", lambda: create_interactions(env, records))
        print(f"    {number} interactions")
    if complaints:
        number = timed("complaints", lambda: create_complaints(env, records))
        print(f"    {number} complaints")
    if points:
        number = timed("points", lambda: earn_points(env, records))
        print(f"    {number} earnings")
    if orders:
        number = timed("sale orders", lambda: create_orders(env, records))
        print(f"    {number} confirmed sale orders")
    env.flush_all()
    return records, users, director


# Complaints: (state, share in twentieths), received over the last 20 days.
COMPLAINT_STATES = (
    ["new"] * 6
    + ["acknowledged"] * 5
    + ["investigating"] * 3
    + ["waiting"] * 2
    + ["resolved"] * 4
)


def timed(label, function):
    start = time.perf_counter()
    result = function()
    print(f"  {label} in {time.perf_counter() - start:.1f} s", flush=True)
    return result


def create_accounts(env, count, users, tiers, first=0, bulk=False):
    """Accounts number ``first`` to ``first + count - 1``, a contact each.

    ``bulk``: the first account and its contact by the ORM, the others
    copied from them by SQL (one INSERT ... SELECT per chunk and kind), with
    their own name, email, tier, manager, key-account date and birthday.
    """
    today = date.today()
    birthday = date(1980, today.month, today.day)
    if bulk and count > 1:
        template = create_accounts(env, 1, users, tiers, first=first)
        accounts_ids = template.ids
        for offset in range(first + 1, first + count, 20 * CHUNK):
            indexes = list(range(offset, min(offset + 20 * CHUNK, first + count)))
            accounts_ids += _copy_accounts(env, template, indexes, users, tiers)
        env.invalidate_all()
        return env["res.partner"].browse(accounts_ids)
    accounts = env["res.partner"]
    for offset in range(first, first + count, CHUNK):
        indexes = range(offset, min(offset + CHUNK, first + count))
        batch = env["res.partner"].create(
            [
                {
                    "name": f"Account {i:06d}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": tiers[i % len(tiers)].id,
                    "kam_manager_id": users[i % len(users)].id,
                    "kam_since": today - timedelta(days=30 + i % 1500),
                    "email": f"a{i}@example.com",
                    "city": "Shanghai",
                }
                for i in indexes
            ]
        )
        # One contact person each; one in twenty has their birthday today.
        env["res.partner"].create(
            [
                {
                    "name": f"Contact {i:06d}",
                    "parent_id": account.id,
                    "email": f"c{i}@example.com",
                    "kam_birthday": birthday
                    if i % 20 == 0
                    else date(1980, 1, 1) + timedelta(days=1 + i % 360),
                }
                for i, account in zip(indexes, batch, strict=True)
            ]
        )
        accounts |= batch
        env.invalidate_all()
    return accounts


def _copy_accounts(env, template, indexes, users, tiers):
    """Copies of the account ``template`` and its contact, by SQL; return
    the new accounts' ids in the order of ``indexes``."""
    today = date.today()
    birthday = date(1980, today.month, today.day)
    contact = template.child_ids[:1]
    env.flush_all()
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = 'res_partner' AND column_name != 'id'"
    )
    columns = [row[0] for row in env.cr.fetchall()]
    accounts = {
        "name": [f"Account {i:06d}" for i in indexes],
        "complete_name": [f"Account {i:06d}" for i in indexes],
        "email": [f"a{i}@example.com" for i in indexes],
        "kam_tier_id": [tiers[i % len(tiers)].id for i in indexes],
        "kam_manager_id": [users[i % len(users)].id for i in indexes],
        "kam_since": [today - timedelta(days=30 + i % 1500) for i in indexes],
    }
    account_ids = _insert_copies(env, template.id, columns, accounts)
    env.cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            account_ids,
        )
    )
    contacts = {
        "name": [f"Contact {i:06d}" for i in indexes],
        "complete_name": [f"Account {i:06d}, Contact {i:06d}" for i in indexes],
        "email": [f"c{i}@example.com" for i in indexes],
        "parent_id": account_ids,
        "commercial_partner_id": account_ids,
        "kam_birthday": [
            birthday if i % 20 == 0 else date(1980, 1, 1) + timedelta(days=1 + i % 360)
            for i in indexes
        ],
    }
    _insert_copies(env, contact.id, columns, contacts)
    return account_ids


def _insert_copies(env, template_id, columns, values):
    """Rows copied from the row ``template_id`` of res_partner, the columns
    of ``values`` ({column: [value of each copy]}) set; their ids, in order."""
    types = {
        column: SQL("date[]")
        if column in ("kam_since", "kam_birthday")
        else SQL("varchar[]")
        if column in ("name", "complete_name", "email")
        else SQL("int[]")
        for column in values
    }
    names = list(values)
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (%(columns)s)
            SELECT %(exprs)s
              FROM res_partner AS t,
                   unnest(%(arrays)s) WITH ORDINALITY AS v(%(names)s, n)
             WHERE t.id = %(template)s
          ORDER BY v.n
         RETURNING id
            """,
            columns=SQL(", ").join(SQL.identifier(c) for c in columns),
            exprs=SQL(", ").join(
                SQL.identifier("v", c) if c in values else SQL.identifier("t", c)
                for c in columns
            ),
            arrays=SQL(", ").join(SQL("%s::%s", values[c], types[c]) for c in names),
            names=SQL(", ").join(SQL.identifier(c) for c in names),
            template=template_id,
        )
    )
    return sorted(row[0] for row in env.cr.fetchall())


CHANNELS = ["phone", "email", "meeting", "visit", "wechat"]


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


def _account_facts(env, accounts):
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


def create_interactions(env, accounts, bulk=False):
    """Three interactions per account over the last 400 days; ``bulk``: by
    SQL INSERTs (the stored visit dates are then left to the scores job)."""
    today = date.today()
    channels = CHANNELS
    if bulk:
        now = datetime.now()
        rows = [
            (
                pid,
                manager,
                company,
                today - timedelta(days=(i * 37 + k * 53) % 400),
                channels[(i + k) % len(channels)],
                f"Contact {k} with account {i}",
                env.uid,
                now,
                env.uid,
                now,
            )
            for i, pid, manager, company in _account_facts(env, accounts)
            for k in range(3)
        ]
        count = bulk_insert(
            env,
            "kam_interaction",
            ["partner_id", "user_id", "company_id", "date", "channel", "summary"]
            + ["create_uid", "create_date", "write_uid", "write_date"],
            rows,
        )
        env.cr.execute(
            SQL(
                """
                UPDATE kam_interaction AS i
                   SET manager_id = p.kam_manager_id, tier_id = p.kam_tier_id
                  FROM res_partner AS p
                 WHERE p.id = i.partner_id AND p.id = ANY(%s)
                """,
                accounts.ids,
            )
        )
        env.invalidate_all()
        return count
    vals_list = [
        {
            "partner_id": account.id,
            "user_id": account.kam_manager_id.id,
            "date": today - timedelta(days=(i * 37 + k * 53) % 400),
            "channel": channels[(i + k) % len(channels)],
            "summary": f"Contact {k} with account {i}",
        }
        for i, account in enumerate(accounts)
        for k in range(3)
    ]
    for offset in range(0, len(vals_list), 3 * CHUNK):
        env["kam.interaction"].create(vals_list[offset : offset + 3 * CHUNK])
        env.invalidate_all()
    return len(vals_list)


def complaint_vals(account, i, k, now):
    j = i * 3 + k
    state = COMPLAINT_STATES[j % len(COMPLAINT_STATES)]
    received = now - timedelta(hours=1 + (j * 7) % 480)
    vals = {
        "partner_id": account.id,
        "subject": f"Complaint {k} of account {i}",
        "channel": "email",
        "priority": str(j % 3),
        "state": state,
        "date_received": received,
    }
    if state != "new":
        vals["date_first_response"] = min(received + timedelta(hours=1), now)
    if state == "waiting":
        vals["waiting_since"] = min(received + timedelta(hours=2), now)
    if state == "resolved":
        vals["date_resolved"] = min(received + timedelta(hours=3), now)
        vals["resolution"] = "<p>Replaced the goods.</p>"
    return vals


def create_complaints(env, accounts, bulk=False):
    """0, 1 or 2 complaints per account: as many complaints as accounts.
    ``bulk``: by SQL INSERTs, without service-level deadlines (what the
    health signal reads: partner, state, received date, SLA status)."""
    now = datetime.now().replace(microsecond=0)
    if bulk:
        rows = []
        for i, pid, manager, company in _account_facts(env, accounts):
            for k in range(i % 3):
                vals = complaint_vals(accounts.browse(pid), i, k, now)
                rows.append(
                    (
                        f"BENCH/{i:06d}/{k}",
                        pid,
                        pid,
                        manager,
                        company,
                        vals["subject"],
                        vals["channel"],
                        vals["priority"],
                        vals["state"],
                        vals["date_received"],
                        vals.get("date_first_response"),
                        vals.get("waiting_since"),
                        vals.get("date_resolved"),
                        env.uid,
                        now,
                        env.uid,
                        now,
                    )
                )
        return bulk_insert(
            env,
            "kam_complaint",
            ["name", "partner_id", "commercial_partner_id", "manager_id"]
            + ["company_id", "subject", "channel", "priority", "state"]
            + ["date_received", "date_first_response", "waiting_since"]
            + ["date_resolved", "create_uid", "create_date", "write_uid"]
            + ["write_date"],
            rows,
        )
    vals_list = [
        complaint_vals(account, i, k, now)
        for i, account in enumerate(accounts)
        for k in range(i % 3)
    ]
    for offset in range(0, len(vals_list), CHUNK):
        env["kam.complaint"].create(vals_list[offset : offset + CHUNK])
        env.invalidate_all()
    return len(vals_list)


def earn_points(env, accounts, bulk=False):
    """Points that expire after the validity of the settings, and for one
    account in three points that expired already (not yet booked as such):
    earned with a future expiry date (a past one is refused), then dated
    back by SQL. ``bulk``: the same ledger lines by SQL INSERTs (no tier
    multiplier), balances summed by one UPDATE, member levels left to the
    scores job."""
    today = date.today()
    if bulk:
        now = datetime.now()
        expiry = today + timedelta(days=365)
        rows = []
        for i, pid, _manager, company in _account_facts(env, accounts):
            rows.append((pid, 50 + i % 200, f"Welcome {i}", today, expiry, company))
            if i % 3 == 0:
                expired = today - timedelta(days=1 + i % 90)
                start = min(today, expired - timedelta(days=30))
                rows.append(
                    (pid, 20 + i % 50, f"Promotion {i}", start, expired, company)
                )
        rows = [
            (pid, "earn", points, origin, day, expiry_date, True, company)
            + (env.uid, env.uid, now, env.uid, now)
            for pid, points, origin, day, expiry_date, company in rows
        ]
        count = bulk_insert(
            env,
            "kam_points_line",
            ["partner_id", "kind", "points", "origin", "date", "expiry_date"]
            + ["is_qualifying", "company_id", "user_id", "create_uid"]
            + ["create_date", "write_uid", "write_date"],
            rows,
        )
        env.cr.execute(
            SQL(
                """
                UPDATE res_partner AS p
                   SET kam_points_balance = s.total
                  FROM (SELECT partner_id, SUM(points) AS total
                          FROM kam_points_line
                         WHERE partner_id = ANY(%s)
                      GROUP BY partner_id) AS s
                 WHERE p.id = s.partner_id
                """,
                accounts.ids,
            )
        )
        env.invalidate_all()
        return count
    count = 0
    backdated = []
    for i, account in enumerate(accounts):
        account.kam_earn_points(50 + i % 200, f"Welcome {i}")
        count += 1
        if i % 3 == 0:
            line = account.kam_earn_points(
                20 + i % 50, f"Promotion {i}", expiry_date=today + timedelta(days=1)
            )
            backdated.append((line.id, today - timedelta(days=1 + i % 90)))
            count += 1
        if i % CHUNK == CHUNK - 1:
            env.invalidate_all()
    env.flush_all()
    for line_id, expiry in backdated:
        env.cr.execute(
            SQL(
                "UPDATE kam_points_line SET expiry_date = %s,"
                " date = LEAST(date, %s - 30) WHERE id = %s",
                expiry,
                expiry,
                line_id,
            )
        )
    env.invalidate_all()
    return count


def create_orders(env, accounts, bulk=False):
    """A confirmed order for four accounts in five, dated over 18 months.
    ``bulk``: the orders by SQL INSERTs, without lines (the sales figures
    and the purchase signal read the orders' untaxed amounts and dates)."""
    if bulk:
        now = datetime.now()
        company = env.company
        rows = []
        for i, pid, manager, _company in _account_facts(env, accounts):
            if i % 5 == 4:
                continue
            amount = 100.0 * (i % 17 + 1) * (1 + i % 4) + 50.0
            rows.append(
                (
                    f"BENCH-S{pid:07d}",
                    pid,
                    pid,
                    pid,
                    company.id,
                    company.currency_id.id,
                    manager,
                    "sale",
                    "no",
                    amount,
                    0.0,
                    amount,
                    1.0,
                    now - timedelta(days=pid % 540),
                    env.uid,
                    now,
                    env.uid,
                    now,
                )
            )
        return bulk_insert(
            env,
            "sale_order",
            ["name", "partner_id", "partner_invoice_id", "partner_shipping_id"]
            + ["company_id", "currency_id", "user_id", "state", "invoice_status"]
            + ["amount_untaxed", "amount_tax", "amount_total", "currency_rate"]
            + ["date_order", "create_uid", "create_date", "write_uid"]
            + ["write_date"],
            rows,
        )
    product = env["product.product"].create(
        {"name": "Bench Sensor", "type": "service", "list_price": 100.0}
    )
    buyers = [(i, a) for i, a in enumerate(accounts) if i % 5 != 4]
    order_ids = []
    for offset in range(0, len(buyers), ORDER_CHUNK):
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": account.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1 + i % 4,
                                "price_unit": 100.0 * (i % 17 + 1),
                                "tax_ids": [Command.clear()],
                            }
                        ),
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "price_unit": 50.0,
                                "tax_ids": [Command.clear()],
                            }
                        ),
                    ],
                }
                for i, account in buyers[offset : offset + ORDER_CHUNK]
            ]
        )
        orders.action_confirm()
        order_ids += orders.ids
        env.invalidate_all()
    # Confirmed on varied days of the last 18 months: the scores cron finds
    # figures, trends and grades to update.
    env.flush_all()
    env.cr.execute(
        SQL(
            "UPDATE sale_order SET date_order = date_order"
            " - (id %% 540) * INTERVAL '1 day' WHERE id = ANY(%s)",
            order_ids,
        )
    )
    env.invalidate_all()
    return len(order_ids)


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
