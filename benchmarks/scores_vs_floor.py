"""The scores job vs its SQL floor, and its memory as accounts grow.

Creates a database with key_account_mgmt and key_account_mgmt_sale (or
copies --template), then grows a population of key accounts in --steps
(default: a quarter, a half, all of --size), each account with a contact,
interactions, complaints, points and, four in five, a confirmed sale order.
At each step, on the same data:

* floor: each signal provider's aggregate query (``_kam_signal_*``, one per
  signal, the sale bridge's purchases included) run alone, once, over all the
  key accounts; nothing written;
* health: the core of the scores job, ``_kam_recompute_health`` and
  ``_kam_recompute_member_levels`` over the accounts in the job's batches
  (what ``_cron_kam_recompute_scores`` of key_account_mgmt does);
* job: the whole ``_cron_kam_recompute_scores`` (the sale bridge refreshes
  the sales figures and grades first).

Each measure runs three times, each in its own transaction, committed: the
first run writes the new scores, the second runs again the same day (a run
resumed after the cron's time limit: little changes), the third runs as the
next day (freezegun; the daily steady state: the days since the last order
or interaction move, so most accounts' components are written again). Prints seconds,
queries, the ratios health / floor and job / floor (goal: at most 2x), and
the peak resident memory of this process during the job (VmHWM, reset before
it): it should stay flat as the accounts grow. Dropped at the end unless
--keep.
"""
# pylint: disable=print-used

from datetime import date, timedelta

from common import (
    QUIET,
    bench_parser,
    create_users,
    drop_db,
    measure,
    open_db,
    reset_peak_rss,
    rss_mb,
    timed,
)
from freezegun import freeze_time
from population import create_accounts, create_complaints, create_interactions
from population_sales import create_orders, earn_points

from odoo import api, fields
from odoo.tools.misc import split_every


def grow(registry, first, count, user_ids):
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, QUIET)
        users = env["res.users"].browse(user_ids)
        tiers = env["kam.tier"].search([])
        accounts = timed(
            f"{count} accounts",
            lambda: create_accounts(env, count, users, tiers, first=first, bulk=True),
        )
        timed("interactions", lambda: create_interactions(env, accounts, bulk=True))
        timed("complaints", lambda: create_complaints(env, accounts, bulk=True))
        timed("points", lambda: earn_points(env, accounts, bulk=True))
        timed("sale orders", lambda: create_orders(env, accounts, bulk=True))
        env.flush_all()
    with registry.cursor() as cr:
        cr.execute("ANALYZE")


def run(registry, function):
    """Seconds, queries, peak RSS (MB) of function(env) in a transaction."""
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        env.invalidate_all()
        reset_peak_rss()
        _none, seconds, queries = measure(cr, lambda: (function(env), env.flush_all()))
        peak = rss_mb()[1]
    return seconds, queries, peak


def floor(env):
    Partner = env["res.partner"]
    ids = Partner.search(Partner._kam_account_domain()).ids
    today = fields.Date.context_today(Partner)
    for provider in Partner._kam_score_signals():
        getattr(Partner, provider["method"])(ids, today)


def health(env):
    """The loop of key_account_mgmt's _cron_kam_recompute_scores: its step
    over the key accounts (or, before the steps, the same loop here)."""
    Partner = env["res.partner"].with_context(tracking_disable=True)
    if hasattr(Partner, "_kam_scores_step_health"):
        Partner.sudo()._kam_scores_step_health()
        return
    accounts = Partner.search(
        Partner._kam_account_domain(), order="kam_health_date ASC NULLS FIRST, id"
    )
    batch_size = 500  # KAM_HEALTH_BATCH_SIZE
    for batch in split_every(batch_size, accounts.ids):
        partners = Partner.browse(batch)
        Partner._kam_recompute_health(partners)
        Partner._kam_recompute_member_levels(partners)


def job(env):
    env["res.partner"]._cron_kam_recompute_scores()


def main():
    parser = bench_parser(__doc__, "kam_bench_scores", "key_account_mgmt_sale")
    parser.add_argument("--size", type=int, default=10_000, help="key accounts")
    parser.add_argument("--steps", type=int, default=3, help="1 to 3")
    parser.add_argument(
        "--populated",
        action="store_true",
        help="the --template database holds the --size accounts already "
        "(kept by --keep from an earlier run): measure only",
    )
    args = parser.parse_args()

    sizes = [args.size // 4, args.size // 2, args.size][-args.steps :]
    if args.populated:
        sizes = [args.size]
    registry = open_db(args.db, "key_account_mgmt,key_account_mgmt_sale", args.template)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, QUIET)
        user_ids = [] if args.populated else [u.id for u in create_users(env, 20)]
    print(f"RSS after loading the registry: {rss_mb()[0]:.0f} MB")

    results = []
    done = 0
    for size in sizes:
        if not args.populated:
            print(f"growing to {size} key accounts ...", flush=True)
            grow(registry, done, size - done, user_ids)
        done = size
        rss_before = rss_mb()[0]
        row = {"accounts": size, "rss": rss_before}
        for label, function in (("floor", floor), ("health", health), ("job", job)):
            for attempt in ("first", "next", "tomorrow"):
                if attempt == "tomorrow":
                    with freeze_time(date.today() + timedelta(days=1), tick=True):
                        row[label, attempt] = run(registry, function)
                else:
                    row[label, attempt] = run(registry, function)
                seconds, queries, peak = row[label, attempt]
                print(
                    f"  {label:<6} {attempt:<5} {seconds:7.2f} s, {queries:6d} "
                    f"queries, peak RSS {peak:5.0f} MB",
                    flush=True,
                )
        results.append(row)

    print(
        "\nkey accounts | floor s | health s (first/same day/next day) "
        "| job s (first/same day/next day) | health/floor (same/next day) "
        "| job/floor (same/next day) | queries floor/health/job (next day) "
        "| peak RSS job MB"
    )
    for row in results:
        floor_s = min(row["floor", attempt][0] for attempt in ("next", "tomorrow"))
        health_runs = [row["health", a] for a in ("first", "next", "tomorrow")]
        job_runs = [row["job", a] for a in ("first", "next", "tomorrow")]
        print(
            f"{row['accounts']:>12} | {floor_s:7.2f} | "
            + " / ".join(f"{r[0]:.2f}" for r in health_runs)
            + " | "
            + " / ".join(f"{r[0]:.2f}" for r in job_runs)
            + f" | {health_runs[1][0] / floor_s:.1f}"
            + f" / {health_runs[2][0] / floor_s:.1f}"
            + f" | {job_runs[1][0] / floor_s:.1f} / {job_runs[2][0] / floor_s:.1f}"
            + f" | {row['floor', 'tomorrow'][1]} / {health_runs[2][1]} / "
            + f"{job_runs[2][1]} | {max(r[2] for r in job_runs):.0f}"
        )
    print("ratios on the second and third runs; goal <= 2x; date", date.today())
    if not args.keep:
        drop_db(args.db)


if __name__ == "__main__":
    main()
