"""The first complaint service-level run after many breaches, and where its
time goes.

Creates a database with key_account_mgmt (or copies --template), --size
complaints (default 3,000) on key accounts of the three shipped tiers, all
received ten days ago and never answered: every one has breached its service
level and was never escalated. Then runs the service-level job
(``kam.complaint._cron_kam_complaint_sla``) in one transaction, rolled back,
and prints its seconds and queries, what it made
(activities, queued emails, messages), and the share of the time spent in
each step (from a second run under cProfile, rolled back too): the
batch recomputation, the activities, the escalation emails
(``mail.template.send_mail_batch``: rendering and the mail records), the
write of ``sla_escalated_at``, and the number of QWeb compilations of the
email body. Then renders the same emails alone
(``mail.template._generate_template``, no record created). Dropped at the
end unless --keep.
"""
# pylint: disable=print-used

import cProfile
import pstats
import time
from datetime import datetime, timedelta
from functools import partial

from common import (
    QUIET,
    bench_parser,
    count_rows,
    create_users,
    drop_db,
    measure,
    open_db,
    timed,
)
from population import create_accounts

from odoo import api

# (label, file name part, function name) of the steps reported
STEPS = [
    ("batch recomputation (_kam_refresh_sla)", "kam_complaint", "_kam_refresh_sla"),
    ("escalation (_kam_escalate_breach)", "kam_complaint", "_kam_escalate_breach"),
    ("  activities (mail.activity.create)", "mail_activity", "create"),
    ("  emails (send_mail_batch)", "mail_template", "send_mail_batch"),
    ("    rendering (_generate_template)", "mail_template", "_generate_template"),
    ("    rendering of a field (_render_field)", "mail_render_mixin", "_render_field"),
    (
        "    qweb rendering (_render_template_qweb)",
        "mail_render_mixin",
        "_render_template_qweb",
    ),
    (
        "    inline rendering (_render_template_inline_template)",
        "mail_render_mixin",
        "_render_template_inline_template",
    ),
    (
        "      qweb compilation (_generate_code_uncached)",
        "ir_qweb",
        "_generate_code_uncached",
    ),
    ("    mail records (mail.mail.create)", "mail_mail", "create"),
    (
        "    recipients (_generate_template_recipients)",
        "mail_template",
        "_generate_template_recipients",
    ),
]

COUNTS = {
    "activities": "SELECT count(*) FROM mail_activity",
    "queued emails": "SELECT count(*) FROM mail_mail",
    "messages": "SELECT count(*) FROM mail_message",
}


def cumulative(stats, file_part, function):
    """(cumulative seconds, calls) of the function (its costliest definition)."""
    total, calls = 0.0, 0
    for (filename, _line, name), (cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if name == function and file_part in filename and ct > total:
            total, calls = ct, cc
    return total, calls


def run_job(env):
    """The service-level job, and the writes it left in the cache."""
    result = env["kam.complaint"]._cron_kam_complaint_sla()
    env.flush_all()
    return result


def main():
    parser = bench_parser(__doc__, "kam_bench_sla", "key_account_mgmt")
    parser.add_argument("--size", type=int, default=3_000, help="breached complaints")
    parser.add_argument(
        "--top", type=int, default=0, help="print the N costliest functions"
    )
    args = parser.parse_args()

    registry = open_db(args.db, "key_account_mgmt", args.template)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, QUIET)
        users = create_users(env, 20)
        create_users(env, 3, "key_account_mgmt.group_kam_manager", "bench_director")
        tiers = env["kam.tier"].search([])
        accounts = timed(
            "accounts",
            lambda: create_accounts(env, max(args.size // 10, 1), users, tiers),
        )
        received = datetime.now().replace(microsecond=0) - timedelta(days=10)

        def complaints():
            for offset in range(0, args.size, 1000):
                env["kam.complaint"].create(
                    [
                        {
                            "partner_id": accounts[j % len(accounts)].id,
                            "subject": f"Late delivery {j}",
                            "channel": "email",
                            "priority": str(j % 3),
                            "date_received": received - timedelta(minutes=j),
                        }
                        for j in range(offset, min(offset + 1000, args.size))
                    ]
                )
                env.invalidate_all()

        timed(f"{args.size} complaints", complaints)
    with registry.cursor() as cr:
        cr.execute("ANALYZE")
        cr.execute("SELECT sla_status, count(*) FROM kam_complaint GROUP BY 1")
        print("  complaints by SLA status:", dict(cr.fetchall()))

    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        before_counts = count_rows(cr, COUNTS)
        # The figure: the job as it runs, rolled back, and the CPU seconds of
        # this process (steadier than the seconds on a busy machine).
        cpu_start = time.process_time()
        (_warned, escalated), seconds, queries = measure(cr, partial(run_job, env))
        cpu = time.process_time() - cpu_start
        after_counts = count_rows(cr, COUNTS)
        escalated_ids = escalated.ids
        cr.rollback()
        env.invalidate_all()
        print(f"  job run in {seconds:.1f} s", flush=True)

        # The breakdown: the same run again under cProfile, rolled back.
        profile = cProfile.Profile()
        profile.enable()
        run_job(env)
        profile.disable()
        cr.rollback()
        env.invalidate_all()

        # The rendering alone of the same emails, in one batch.
        env.invalidate_all()
        template = env.ref("key_account_mgmt.mail_template_kam_complaint_escalation")
        cpu_start = time.process_time()
        _rendered, render_seconds, render_queries = measure(
            cr,
            partial(
                template._generate_template,
                escalated_ids,
                ("body_html", "email_from", "partner_to", "subject", "auto_delete"),
            ),
        )
        render_cpu = time.process_time() - cpu_start
        cr.rollback()

    made = ", ".join(f"+{after_counts[k] - before_counts[k]} {k}" for k in COUNTS)
    print(
        f"first service-level run, {len(escalated_ids)} escalations: "
        f"{seconds:.1f} s ({cpu:.1f} s CPU), {queries} queries ({made})"
    )
    stats = pstats.Stats(profile)
    profiled = stats.total_tt
    print(f"  time by step (cumulative, profiled total {profiled:.1f} s):")
    for label, file_part, function in STEPS:
        spent, calls = cumulative(stats, file_part, function)
        print(
            f"    {label:<58} {spent:6.1f} s {100 * spent / profiled:4.0f} % "
            f"{calls:6d} calls"
        )
    if args.top:
        stats.sort_stats("cumulative").print_stats(args.top)
    print(
        f"  rendering the {len(escalated_ids)} emails alone "
        f"(_generate_template, one batch): {render_seconds:.1f} s "
        f"({render_cpu:.1f} s CPU), "
        f"{render_queries} queries"
    )
    if not args.keep:
        drop_db(args.db)


if __name__ == "__main__":
    main()
