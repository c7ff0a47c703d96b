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

Each measure runs twice (the first run writes the new scores, the second is
the daily steady state), in its own transaction, committed. Prints seconds,
queries, the ratios health / floor and job / floor (goal: at most 2x), and
the peak resident memory of this process during the job (VmHWM, reset before
it): it should stay flat as the accounts grow. Dropped at the end unless
--keep.
"""
# pylint: disable=print-used

from datetime import date

from common import (
    QUIET,
    bench_parser,
    create_accounts,
    create_complaints,
    create_interactions,
    create_orders,
    create_users,
    drop_db,
    earn_points,
    measure,
    open_db,
    reset_peak_rss,
    rss_mb,
    timed,
)

from odoo import api, fields
from odoo.tools.misc import split_every


def grow(registry, first, count, user_ids):
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, QUIET)
        users = env["res.users"].browse(user_ids)
        tiers = env["kam.tier"].search([])
        accounts = timed(
            f"{count} accounts",
            lambda: create_accounts(env, count, users, tiers, first=first),
        )
        timed("interactions", lambda: create_interactions(env, accounts))
        timed("complaints", lambda: create_complaints(env, accounts))
        timed("points", lambda: earn_points(env, accounts))
        timed("sale orders", lambda: create_orders(env, accounts))
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
    """The loop of key_account_mgmt's _cron_kam_recompute_scores."""
    Partner = env["res.partner"].with_context(tracking_disable=True)
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
    args = parser.parse_args()

    sizes = [args.size // 4, args.size // 2, args.size][-args.steps :]
    registry = open_db(args.db, "key_account_mgmt,key_account_mgmt_sale", args.template)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, QUIET)
        user_ids = [user.id for user in create_users(env, 20)]
    print(f"RSS after loading the registry: {rss_mb()[0]:.0f} MB")

    results = []
    done = 0
    for size in sizes:
        print(f"growing to {size} key accounts ...", flush=True)
        grow(registry, done, size - done, user_ids)
        done = size
        rss_before = rss_mb()[0]
        row = {"accounts": size, "rss": rss_before}
        for label, function in (("floor", floor), ("health", health), ("job", job)):
            for attempt in ("first", "next"):
                row[label, attempt] = run(registry, function)
                seconds, queries, peak = row[label, attempt]
                print(
                    f"  {label:<6} {attempt:<5} {seconds:7.2f} s, {queries:6d} "
                    f"queries, peak RSS {peak:5.0f} MB",
                    flush=True,
                )
        results.append(row)

    print(
        "\nkey accounts | floor s | health s (first/next) | job s (first/next) "
        "| health/floor | job/floor | queries floor/health/job | peak RSS job MB"
    )
    for row in results:
        floor_s = min(row["floor", "first"][0], row["floor", "next"][0])
        health_first, health_next = row["health", "first"], row["health", "next"]
        job_first, job_next = row["job", "first"], row["job", "next"]
        print(
            f"{row['accounts']:>12} | {floor_s:7.2f} | "
            f"{health_first[0]:8.2f} / {health_next[0]:8.2f} | "
            f"{job_first[0]:7.2f} / {job_next[0]:7.2f} | "
            f"{health_next[0] / floor_s:12.1f} | {job_next[0] / floor_s:9.1f} | "
            f"{row['floor', 'next'][1]} / {health_next[1]} / {job_next[1]} | "
            f"{max(job_first[2], job_next[2]):.0f}"
        )
    print("ratios on the next (steady-state) run; goal <= 2x; date", date.today())
    if not args.keep:
        drop_db(args.db)


if __name__ == "__main__":
    main()
