"""Install key_account_mgmt on a database that already has many partners.

Creates a database with Odoo's contacts, mail, resource and rating, inserts
--partners partners by SQL (a quarter of them companies with contacts), then
installs key_account_mgmt and prints the time and the number of queries the
install took. The database is dropped at the end unless --keep is given.
"""
# pylint: disable=print-used

import re
import subprocess
import sys
import time

from common import ADDONS_PATH, bench_parser, connect, drop_db, odoo


def main():
    parser = bench_parser(__doc__, "kam_bench_install")
    parser.add_argument("--partners", type=int, default=200_000)
    args = parser.parse_args()

    drop_db(args.db)
    print(f"creating {args.db} with contacts, mail, resource, rating ...", flush=True)
    seconds = odoo(
        "-d", args.db, "-i", "contacts,mail,resource,rating", "--stop-after-init"
    )
    print(f"  base install: {seconds:.1f} s")

    conn = connect(args.db)
    with conn.cursor() as cr:
        start = time.perf_counter()
        companies = args.partners // 4
        cr.execute(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                     create_date, write_date)
            SELECT 'Company ' || i, 'Company ' || i, TRUE, TRUE, 'contact', now(), now()
              FROM generate_series(1, %s) i
            """,
            [companies],
        )
        cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id"
            " WHERE commercial_partner_id IS NULL"
        )
        cr.execute(
            """
            INSERT INTO res_partner (name, complete_name, is_company, active, type,
                                     parent_id, commercial_partner_id, create_date,
                                     write_date)
            SELECT 'Contact ' || i, 'Contact ' || i, FALSE, TRUE, 'contact', p.id, p.id,
                   now(), now()
              FROM generate_series(1, %s) i
              JOIN res_partner p ON p.id = (SELECT min(id) FROM res_partner
                                             WHERE name LIKE 'Company %%') + i %% %s
            """,
            [args.partners - companies, companies],
        )
        cr.execute("SELECT count(*) FROM res_partner")
        total = cr.fetchone()[0]
        print(
            f"  {total} partners inserted by SQL in {time.perf_counter() - start:.1f} s"
        )

    print("installing key_account_mgmt ...", flush=True)
    cmd = [sys.executable, "-m", "odoo", "--addons-path=" + ADDONS_PATH, "-d", args.db]
    cmd += ["-i", "key_account_mgmt", "--stop-after-init", "--log-level=info"]
    start = time.perf_counter()
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    queries = sum(
        int(m.group(1))
        for m in re.finditer(r"modules loaded in [\d.]+s, (\d+) queries", result.stderr)
    )
    print(
        f"  key_account_mgmt install: {seconds:.1f} s, {queries} queries "
        f"(on {total} partners)"
    )
    if not args.keep:
        drop_db(args.db)


if __name__ == "__main__":
    main()
