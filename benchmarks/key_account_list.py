"""Time the key-account list on a population of key accounts.

Creates a database with key_account_mgmt (or reuses --db with it installed),
creates --accounts key accounts through the ORM, then reads the key-account
list (80 rows, the fields of the list view) as a key-account manager --runs
times and prints the median milliseconds and the queries per read.
"""
# pylint: disable=print-used

import statistics
from functools import partial

from common import bench_parser, create_users, drop_db, measure, open_db, timed

from odoo import api
from odoo.tests.common import new_test_user

SPEC = {
    "complete_name": {},
    "kam_tier_id": {"fields": {"display_name": {}}},
    "kam_tier_color": {},
    "kam_manager_id": {"fields": {"display_name": {}}},
    "kam_backup_manager_id": {"fields": {"display_name": {}}},
    "kam_since": {},
    "kam_preferred_channel": {},
    "phone": {},
    "email": {},
    "city": {},
    "country_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "activity_ids": {},
    "company_id": {"fields": {"display_name": {}}},
}


def main():
    parser = bench_parser(__doc__, "kam_bench_list")
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    registry = open_db(args.db, "key_account_mgmt")
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
        users = create_users(env, 20)
        director = new_test_user(
            env, login="bench_director", groups="key_account_mgmt.group_kam_manager"
        )
        tiers = env["kam.tier"].search([])

        def create_accounts():
            for offset in range(0, args.accounts, 1000):
                env["res.partner"].create(
                    [
                        {
                            "name": f"Account {i:06d}",
                            "is_company": True,
                            "is_key_account": True,
                            "kam_tier_id": tiers[i % len(tiers)].id,
                            "kam_manager_id": users[i % len(users)].id,
                            "email": f"a{i}@example.com",
                            "city": "Shanghai",
                        }
                        for i in range(offset, min(offset + 1000, args.accounts))
                    ]
                )
                env.invalidate_all()

        timed(f"{args.accounts} key accounts", create_accounts)
        director_id = director.id
    # Leaving the cursor's block commits the population; read it afresh.
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        director = env["res.users"].browse(director_id)
        partner = env["res.partner"].with_user(director)
        domain = list(partner._kam_account_domain())
        timings, queries = [], []
        for _ in range(args.runs):
            env.invalidate_all()
            result, seconds, count = measure(
                cr,
                partial(
                    partner.web_search_read,
                    domain,
                    SPEC,
                    limit=80,
                    order="complete_name",
                ),
            )
            timings.append(seconds * 1000)
            queries.append(count)
        print(
            f"key-account list, 80 of {result['length']} rows: "
            f"median {statistics.median(timings):.1f} ms, "
            f"max {max(timings):.1f} ms, "
            f"{statistics.median(queries):.0f} queries per read"
        )
    if not args.keep:
        drop_db(args.db)


if __name__ == "__main__":
    main()
