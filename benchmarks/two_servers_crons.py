"""Two multi-worker Odoo servers run the key-account jobs on one database.

Shown once, not a test. Creates a database with key_account_mgmt and
key_account_mgmt_sale (or copies --template) and a population of --size key
accounts (contacts with birthdays today, interactions, complaints at risk or
breached, points of which some expired, no sale order), makes the five
key-account jobs due, and starts two Odoo servers on it at the same time
(ports --port and --port + 2, ``--workers=2 --max-cron-threads=2`` each, on
127.0.0.1): four cron processes race for the same jobs, and Odoo's cron lock
(``FOR NO KEY UPDATE SKIP LOCKED`` on the job) lets one of them run each.
When every job ran, the jobs are made due again and the servers woken (a
second round, which must add nothing). Then the servers are stopped.

Prints, per job, how many runs each server made in each round (from the
servers' logs), what each round made (activities, queued emails, greetings,
expiry lines), and the duplicates found: two open activities of the same type
on the same record, two greetings of one occasion to one contact, two expiry
lines of one earning. Bounded waits (--timeout); dropped unless --keep.
"""
# pylint: disable=print-used

import os
import re
import tempfile
import time

from common import (
    QUIET,
    bench_parser,
    connect,
    drop_db,
    open_db,
    start_server,
    stop_server,
)
from population import population

from odoo import api

JOBS = [
    "ir_cron_kam_recompute_scores",
    "ir_cron_kam_complaint_sla",
    "ir_cron_kam_points_expiry",
    "ir_cron_kam_revisit_plan",
    "ir_cron_kam_care_greetings",
]

COUNTS = {
    "activities": "SELECT count(*) FROM mail_activity",
    "queued emails": "SELECT count(*) FROM mail_mail",
    "greetings": "SELECT count(*) FROM kam_care_greeting",
    "expiry lines": "SELECT count(*) FROM kam_points_line WHERE kind = 'expire'",
}

DUPLICATES = {
    "open activities of one type on one record": """
        SELECT count(*) FROM (
            SELECT 1 FROM mail_activity WHERE active
          GROUP BY res_model, res_id, activity_type_id HAVING count(*) > 1) AS d
    """,
    "greetings of one occasion to one contact": """
        SELECT count(*) FROM (
            SELECT 1 FROM kam_care_greeting
          GROUP BY occasion_id, partner_id, date HAVING count(*) > 1) AS d
    """,
    "expiry lines of one earning": """
        SELECT count(*) FROM (
            SELECT 1 FROM kam_points_line WHERE kind = 'expire'
          GROUP BY source_line_id HAVING count(*) > 1) AS d
    """,
}


def query(cr, sql, *params):
    cr.execute(sql, params)
    return cr.fetchall()


def counts(cr):
    return {label: query(cr, sql)[0][0] for label, sql in COUNTS.items()}


def job_ids(cr):
    rows = query(
        cr,
        "SELECT name, res_id FROM ir_model_data"
        " WHERE module = 'key_account_mgmt' AND model = 'ir.cron' AND name = ANY(%s)",
        JOBS,
    )
    return dict(rows)


def make_due(cr, ids):
    cr.execute(
        "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' - interval '1 minute'"
        " WHERE id = ANY(%s)",
        [list(ids)],
    )
    cr.execute("SELECT pg_notify('cron_trigger', current_database())")


def wait_done(cr, ids, since, timeout):
    """Wait until every job ran after ``since`` and none is due or running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = query(
            cr,
            """
            SELECT count(*) FILTER (WHERE lastcall IS NULL OR lastcall < %s
                                      OR nextcall <= now() at time zone 'UTC'),
                   (SELECT count(*) FROM ir_cron_trigger
                     WHERE cron_id = ANY(%s)
                       AND call_at <= now() at time zone 'UTC')
              FROM ir_cron WHERE id = ANY(%s)
            """,
            since,
            list(ids),
            list(ids),
        )
        pending, triggers = rows[0]
        # a job being run holds its row lock
        cr.execute(
            "SELECT id FROM ir_cron WHERE id = ANY(%s) FOR UPDATE SKIP LOCKED",
            [list(ids)],
        )
        running = len(ids) - len(cr.fetchall())
        if not pending and not triggers and not running:
            return True
        time.sleep(5)
    return False


def runs(logfile, names):
    """{job name: runs started} from a server's log."""
    with open(logfile) as log:
        text = log.read()
    return {
        name: len(re.findall(r"Job %s \(\d+\) starting" % re.escape(repr(name)), text))
        for name in names
    }


def main():
    parser = bench_parser(__doc__, "kam_bench_two_servers", "key_account_mgmt_sale")
    parser.add_argument("--size", type=int, default=2_000, help="key accounts")
    parser.add_argument("--port", type=int, default=8116)
    parser.add_argument("--timeout", type=int, default=900, help="seconds per round")
    args = parser.parse_args()

    registry = open_db(args.db, "key_account_mgmt,key_account_mgmt_sale", args.template)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, QUIET)
        population(env, args.size)
    with registry.cursor() as cr:
        cr.execute("ANALYZE")

    conn = connect(args.db)
    cr = conn.cursor()
    ids = job_ids(cr)
    names = dict(
        query(
            cr,
            "SELECT id, cron_name FROM ir_cron WHERE id = ANY(%s)",
            list(ids.values()),
        )
    )
    logs = [
        tempfile.mktemp(prefix=f"kam_bench_server{i}_", suffix=".log") for i in (1, 2)
    ]
    results = [counts(cr)]
    round_runs = []
    servers = []
    try:
        for round_number in (1, 2):
            since = query(cr, "SELECT now() at time zone 'UTC'")[0][0]
            before = [
                runs(log, names.values()) if os.path.exists(log) else {} for log in logs
            ]
            make_due(cr, ids.values())
            if not servers:
                servers = [
                    start_server(args.db, args.port + 2 * i, log)
                    for i, log in enumerate(logs)
                ]
                print(f"servers started, logs {logs}", flush=True)
            start = time.perf_counter()
            finished = wait_done(cr, ids.values(), since, args.timeout)
            print(
                f"round {round_number}: "
                + ("done" if finished else f"NOT done after {args.timeout} s")
                + f" in {time.perf_counter() - start:.0f} s",
                flush=True,
            )
            after = [runs(log, names.values()) for log in logs]
            round_runs.append(
                [
                    {
                        name: after[i][name] - before[i].get(name, 0)
                        for name in names.values()
                    }
                    for i in range(2)
                ]
            )
            results.append(counts(cr))
    finally:
        for server in servers:
            stop_server(server)
    duplicates = {label: query(cr, sql)[0][0] for label, sql in DUPLICATES.items()}
    conn.close()

    print(f"{args.size} key accounts, two servers with 2 workers and 2 cron workers:")
    print("  runs per job (server 1 + server 2), round 1 | round 2:")
    for name in names.values():
        cells = " | ".join(f"{r[0][name]} + {r[1][name]}" for r in round_runs)
        print(f"    {name:<55} {cells}")
    for round_number in (1, 2):
        made = ", ".join(
            f"+{results[round_number][k] - results[round_number - 1][k]} {k}"
            for k in COUNTS
        )
        print(f"  round {round_number} made: {made}")
    for label, number in duplicates.items():
        print(f"  duplicates, {label}: {number}")
    for i, log in enumerate(logs, 1):
        with open(log) as file:
            errors = [
                line for line in file if " ERROR " in line or " CRITICAL " in line
            ]
        print(f"  errors in the log of server {i}: {len(errors)}")
        for line in errors[:5]:
            print(f"    {line.strip()[:300]}")
    if not args.keep:
        drop_db(args.db)
        for log in logs:
            os.unlink(log)


if __name__ == "__main__":
    main()
