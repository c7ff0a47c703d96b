"""Time the key-account list on a population of key accounts.

Creates a database with key_account_mgmt (or reuses --db with it installed),
creates --accounts key accounts through the ORM, then reads the key-account
list (80 rows, the fields of the list view) as a key-account manager --runs
times and prints the median milliseconds and the queries per read.
"""
# pylint: disable=print-used

import argparse
import statistics
import time

from common import ADDONS_PATH, drop_db, odoo

import odoo as odoo_lib
from odoo import api
from odoo.modules.registry import Registry
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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", default="kam_bench_list")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    drop_db(args.db)
    odoo("-d", args.db, "-i", "key_account_mgmt", "--stop-after-init")
    odoo_lib.tools.config.parse_config(["--addons-path=" + ADDONS_PATH])
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
        users = [
            new_test_user(
                env, login=f"bench_kam_{i}", groups="key_account_mgmt.group_kam_user"
            )
            for i in range(20)
        ]
        director = new_test_user(
            env, login="bench_director", groups="key_account_mgmt.group_kam_manager"
        )
        tiers = env["kam.tier"].search([])
        start = time.perf_counter()
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
        seconds = time.perf_counter() - start
        print(f"{args.accounts} key accounts created in {seconds:.1f} s")
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
            before = cr.sql_log_count
            start = time.perf_counter()
            result = partner.web_search_read(
                domain, SPEC, limit=80, order="complete_name"
            )
            timings.append((time.perf_counter() - start) * 1000)
            queries.append(cr.sql_log_count - before)
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
