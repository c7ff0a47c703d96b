"""Time the scheduled jobs of the key accounts on a population.

Creates a database with key_account_mgmt and key_account_mgmt_sale (no demo),
creates --accounts key accounts through the ORM (20 account managers, the 3
shipped tiers), each with a contact person (some with their birthday today),
interactions, complaints (some at risk or breached), points (some expired)
and, for four accounts in five, a confirmed sale order, and runs ANALYZE
(as autovacuum would). Then runs the method of each scheduled job twice as
superuser, each run in its own transaction: cold (the first run on the new
data) and warm (the next run, the steady state), and prints the seconds and
the queries of each run. Also times
reading the points, level, open complaints and revenue of 1,000 key accounts
as a key-account manager. The database is dropped at the end unless --keep.
"""
# pylint: disable=print-used

from datetime import date
from functools import partial

from common import QUIET, bench_parser, count_rows, drop_db, measure, open_db, timed
from population import population

from odoo import api

# The scheduled jobs: (cron XML id, model, method of the cron's code).
JOBS = [
    ("ir_cron_kam_recompute_scores", "res.partner", "_cron_kam_recompute_scores"),
    ("ir_cron_kam_complaint_sla", "kam.complaint", "_cron_kam_complaint_sla"),
    ("ir_cron_kam_points_expiry", "kam.points.line", "_cron_kam_points_expiry"),
    ("ir_cron_kam_revisit_plan", "res.partner", "_cron_kam_revisit_plan"),
    ("ir_cron_kam_care_greetings", "kam.care.occasion", "_cron_kam_care_greetings"),
]

# What the jobs leave behind, counted before and after each run.
COUNTS = {
    "activities": "SELECT count(*) FROM mail_activity",
    "mails": "SELECT count(*) FROM mail_mail",
    "messages": "SELECT count(*) FROM mail_message",
    "expiry lines": "SELECT count(*) FROM kam_points_line WHERE kind = 'expire'",
    "greetings": "SELECT count(*) FROM kam_care_greeting",
}

READ_SPEC = {
    "display_name": {},
    "kam_points_balance": {},
    "kam_member_level_id": {"fields": {"display_name": {}}},
    "kam_open_complaint_count": {},
    "kam_revenue_12m": {},
    "kam_currency_id": {"fields": {"display_name": {}}},
}


def run_job(env, model, method):
    """The job's method, and the writes it left in the cache."""
    getattr(env[model], method)()
    env.flush_all()


def main():
    parser = bench_parser(__doc__, "kam_bench_crons")
    parser.add_argument("--accounts", type=int, default=5_000)
    parser.add_argument("--read", type=int, default=1_000)
    args = parser.parse_args()

    print(f"creating {args.db} with key_account_mgmt_sale ...", flush=True)
    registry = open_db(args.db, "key_account_mgmt,key_account_mgmt_sale")

    print(f"populating {args.accounts} key accounts ...", flush=True)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, QUIET)
        _accounts, _users, director = timed(
            "population", lambda: population(env, args.accounts, orders=True)
        )
        director_id = director.id

    with registry.cursor() as cr:
        # Statistics of the new rows, as autovacuum would gather them (it may
        # be off): without them the planner picks plans whose cost grows with
        # the size of the tables.
        timed("ANALYZE", lambda: cr.execute("ANALYZE"))
        cr.execute(
            "SELECT state, sla_status, count(*) FROM kam_complaint"
            " GROUP BY state, sla_status ORDER BY state, sla_status"
        )
        print(
            "  complaints by state and SLA: "
            + ", ".join(f"{s}/{sla or '-'} {n}" for s, sla, n in cr.fetchall())
        )
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        expired = env["kam.points.line"]._kam_expired_sources(date.today())
        print(f"  expired earnings not yet booked: {len(expired)}")

    print("scheduled jobs (seconds, queries; cold = first run, warm = next run):")
    for xmlid, model, method in JOBS:
        for run in ("cold", "warm"):
            with registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                before_counts = count_rows(cr, COUNTS)
                _none, seconds, queries = measure(
                    cr, partial(run_job, env, model, method)
                )
                after_counts = count_rows(cr, COUNTS)
            made = ", ".join(
                f"+{after_counts[k] - before_counts[k]} {k}"
                for k in COUNTS
                if after_counts[k] != before_counts[k]
            )
            print(
                f"  {xmlid:<28} {run}: {seconds:7.2f} s, {queries:6d} queries"
                + (f" ({made})" if made else ""),
                flush=True,
            )

    print("reading as a key-account manager (web_search_read):")
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        partner = env["res.partner"].with_user(env["res.users"].browse(director_id))
        domain = list(partner._kam_account_domain())
        for run in ("cold", "warm"):
            env.invalidate_all()
            result, seconds, queries = measure(
                cr,
                partial(
                    partner.web_search_read,
                    domain,
                    READ_SPEC,
                    limit=args.read,
                    order="id",
                ),
            )
            milliseconds = seconds * 1000
            print(
                f"  points, level, open complaints, revenue of "
                f"{len(result['records'])} of {result['length']} accounts "
                f"{run}: {milliseconds:7.0f} ms, {queries:6d} queries"
            )
    if not args.keep:
        drop_db(args.db)


if __name__ == "__main__":
    main()
