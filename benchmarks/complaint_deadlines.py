"""Complaint deadlines: the module's batch computation vs plan_hours per complaint.

Creates a database with key_account_mgmt (or copies --template), gives the
company's working hours the Asia/Shanghai time zone and a few public
holidays, creates --size complaints received over the last 90 days on key
accounts of the three shipped tiers, then, on the same complaints:

* module: recomputes their service level in one batch (``_kam_refresh_sla``:
  the working time of the calendar read once, the deadlines planned in
  memory, the status and times stored), and the planning alone
  (``resource.calendar._kam_timelines`` and ``_kam_plan_deadlines``);
* peer: ``resource.calendar.plan_hours(target, date_received,
  compute_leaves=True)`` called for each complaint and each target (first
  response, resolution), as code without the batch engine would do.

Prints seconds, queries and the ratio peer / module (goal: at least 10x), and
checks that every deadline is identical (mismatches are printed). The
database is dropped at the end unless --keep.
"""
# pylint: disable=print-used

from datetime import date, datetime, timedelta

from common import QUIET, bench_parser, create_users, drop_db, measure, open_db, timed
from population import create_accounts

from odoo import api

HOLIDAYS = [(-40, 3), (-12, 1), (3, 2), (20, 1)]  # (days from today, length)


def setup_calendar(env):
    calendar = env.company.resource_calendar_id
    calendar.tz = "Asia/Shanghai"
    today = date.today()
    env["resource.calendar.leaves"].create(
        [
            {
                "name": f"Holiday {i}",
                "calendar_id": calendar.id,
                "date_from": datetime.combine(
                    today + timedelta(days=d), datetime.min.time()
                )
                - timedelta(hours=8),
                "date_to": datetime.combine(
                    today + timedelta(days=d + length), datetime.min.time()
                )
                - timedelta(hours=8, seconds=1),
                "time_type": "leave",
            }
            for i, (d, length) in enumerate(HOLIDAYS)
        ]
    )
    # Every tier counts its targets on these working hours.
    env["kam.tier"].search([]).write({"resource_calendar_id": calendar.id})
    return calendar


def create_complaints(env, accounts, size):
    now = datetime.now().replace(microsecond=0)
    ids = []
    for offset in range(0, size, 1000):
        vals_list = [
            {
                "partner_id": accounts[j % len(accounts)].id,
                "subject": f"Complaint {j}",
                "channel": "email",
                "priority": str(j % 3),
                # spread over 90 days, at any minute and second of the day
                "date_received": now - timedelta(seconds=(j * 7919) % (90 * 86400)),
            }
            for j in range(offset, min(offset + 1000, size))
        ]
        ids += env["kam.complaint"].create(vals_list).ids
        env.invalidate_all()
    return env["kam.complaint"].browse(ids)


def main():
    parser = bench_parser(__doc__, "kam_bench_deadlines", "key_account_mgmt")
    parser.add_argument("--size", type=int, default=10_000, help="complaints")
    args = parser.parse_args()

    registry = open_db(args.db, "key_account_mgmt", args.template)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, QUIET)
        setup_calendar(env)
        users = create_users(env, 10)
        tiers = env["kam.tier"].search([])
        accounts = timed(
            "accounts",
            lambda: create_accounts(env, max(args.size // 10, 1), users, tiers),
        )
        complaints = timed(
            f"{args.size} complaints",
            lambda: create_complaints(env, accounts, args.size),
        )
        complaint_ids = complaints.ids
    with registry.cursor() as cr:
        cr.execute("ANALYZE")

    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        complaints = env["kam.complaint"].browse(complaint_ids)
        complaints.fetch(
            ["date_received", "first_response_target", "resolution_target"]
            + ["sla_paused_hours", "calendar_id"]
        )
        calendar = complaints.calendar_id
        assert len(calendar) == 1, calendar
        rows = [
            (
                c.id,
                c.date_received,
                c.first_response_target,
                c.resolution_target + (c.sla_paused_hours or 0.0),
            )
            for c in complaints
        ]

        # Module, planning alone: one timeline, every complaint on it.
        def plan():
            env.invalidate_all()
            start = min(r[1] for r in rows)
            stop = datetime.now() + timedelta(days=60)
            timeline = calendar._kam_timelines(start, stop)[calendar.id]
            return [c._kam_plan_deadlines(timeline) for c in complaints]

        _planned, plan_s, plan_q = measure(cr, plan)

        # Module, the batch recomputation that the SLA job and the
        # workflow run (deadlines, status, times, stored).
        def refresh():
            env.invalidate_all()
            complaints._kam_refresh_sla()

        _none, module_s, module_q = measure(cr, refresh)
        env.invalidate_all()
        stored = {
            c.id: (c.first_response_deadline, c.resolution_deadline) for c in complaints
        }

        # Peer: plan_hours per complaint and per target.
        def peer():
            env.invalidate_all()
            result = {}
            for complaint_id, received, first, resolution in rows:
                result[complaint_id] = tuple(
                    calendar.plan_hours(hours, received, compute_leaves=True)
                    if hours
                    else False
                    for hours in (first, resolution)
                )
            return result

        expected, peer_s, peer_q = measure(cr, peer)
        cr.rollback()

    mismatches = []
    for complaint_id, (first, resolution) in expected.items():
        want = tuple(
            value.replace(microsecond=0) if value else False
            for value in (first, resolution)
        )
        if stored[complaint_id] != want:
            mismatches.append((complaint_id, stored[complaint_id], want))

    print(f"{args.size} complaints, 2 deadlines each (seconds, queries):")
    for label, seconds, queries in (
        ("module, batch recomputation (_kam_refresh_sla)", module_s, module_q),
        ("module, planning only (timeline + plan)", plan_s, plan_q),
        ("peer, plan_hours per complaint and target", peer_s, peer_q),
    ):
        print(f"  {label:<48} {seconds:7.2f} s, {queries:6d} queries")
    print(
        f"  ratio peer / module: {peer_s / module_s:.1f}x (batch recomputation), "
        f"{peer_s / plan_s:.1f}x (planning only); goal >= 10x"
    )
    print(f"  deadlines compared: {2 * len(expected)}, mismatches: {len(mismatches)}")
    for complaint_id, got, want in mismatches[:20]:
        print(f"    complaint {complaint_id}: module {got}, plan_hours {want}")
    if not args.keep:
        drop_db(args.db)
    assert not mismatches, f"{len(mismatches)} complaints with other deadlines"


if __name__ == "__main__":
    main()
