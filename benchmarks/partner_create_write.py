"""Partner create and write with the key-account addons vs without them.

Two databases with the same Odoo apps: one without our addons (contacts,
mail, resource, rating, sale_management, spreadsheet_dashboard, portal), one
with them (key_account_mgmt, its sale, portal and dashboard bridges: survey
left out, see the README). Both are loaded in this process and get the same
work, alternated by turns of 100 records so that the load of the machine weighs on
both alike, as a user with contact creation rights (tracking on):

* create --size partners (companies with email, phone, city) by calls of
  --batch records (an import);
* write each of them on its own (name, phone, city), as forms save.

Each call is flushed like a request. Prints seconds, queries per record and
the ratios with / without (goal: at most 1.10x). Copies --base-template and
--kam-template when given instead of installing; dropped unless --keep.
"""
# pylint: disable=print-used

from common import bench_parser, drop_db, measure, open_db

from odoo import api
from odoo.tests.common import new_test_user

BASE_MODULES = (
    "contacts,mail,resource,rating,sale_management,spreadsheet_dashboard,portal"
)
KAM_MODULES = (
    "key_account_mgmt,key_account_mgmt_sale,key_account_mgmt_portal,"
    "key_account_mgmt_dashboard,key_account_mgmt_sale_dashboard"
)
CHUNK = 100  # records per turn of each side
WARM_UP = 50  # records created and written first, not measured


class Side:
    """One database, its cursor and its measures."""

    def __init__(self, label, registry):
        self.label = label
        self.registry = registry
        self.cr = self.registry.cursor()
        env = api.Environment(self.cr, api.SUPERUSER_ID, {})
        user = new_test_user(
            env,
            login="bench_contacts",
            groups="base.group_user,base.group_partner_manager",
        )
        self.env = api.Environment(self.cr, user.id, {})
        self.ids = []
        self.measuring = True
        self.seconds = {"create": 0.0, "write": 0.0}
        self.queries = {"create": 0, "write": 0}

    def measure(self, kind, function):
        _none, seconds, queries = measure(
            self.cr, lambda: (function(), self.env.flush_all())
        )
        if self.measuring:
            self.seconds[kind] += seconds
            self.queries[kind] += queries

    def create_batches(self, indexes, batch):
        Partner = self.env["res.partner"]
        for offset in range(indexes.start, indexes.stop, batch):
            vals_list = [
                {
                    "name": f"Company {i:06d}",
                    "is_company": True,
                    "email": f"c{i}@example.com",
                    "phone": f"+86 21 5555 {i:06d}",
                    "city": "Shanghai",
                }
                for i in range(offset, min(offset + batch, indexes.stop))
            ]
            self.measure(
                "create", lambda v=vals_list: self.ids.extend(Partner.create(v).ids)
            )
        self.env.invalidate_all()

    def write_each(self, indexes, first=0):
        """Write the partners number ``indexes`` (created from ``first`` on)."""
        Partner = self.env["res.partner"]
        for i in indexes:
            partner = Partner.browse(self.ids[i - first])
            vals = {
                "name": f"Company {i:06d} Ltd",
                "phone": f"+86 10 6666 {i:06d}",
                "city": "Beijing",
            }
            self.measure("write", lambda p=partner, v=vals: p.write(v))
        self.env.invalidate_all()

    def close(self):
        self.cr.rollback()
        self.cr.close()


def main():
    parser = bench_parser(__doc__, "kam_bench_partner")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100, help="records per create")
    parser.add_argument("--base-template", help="copy this database (no addon)")
    parser.add_argument("--kam-template", help="copy this database (addons)")
    args = parser.parse_args()

    base_db, kam_db = f"{args.db}_base", f"{args.db}_kam"
    sides = [
        Side("without", open_db(base_db, BASE_MODULES, args.base_template)),
        Side(
            "with",
            open_db(kam_db, f"{BASE_MODULES},{KAM_MODULES}", args.kam_template),
        ),
    ]
    try:
        for side in sides:  # warm-up: caches of the registry, not measured
            side.measuring = False
            side.create_batches(range(args.size, args.size + WARM_UP), WARM_UP)
            side.write_each(range(args.size, args.size + WARM_UP), first=args.size)
            side.ids = []
            side.measuring = True
        for offset in range(0, args.size, CHUNK):
            indexes = range(offset, min(offset + CHUNK, args.size))
            for side in sides:
                side.create_batches(indexes, args.batch)
        for offset in range(0, args.size, CHUNK):
            indexes = range(offset, min(offset + CHUNK, args.size))
            for side in sides:
                side.write_each(indexes)
            if (offset + len(indexes)) % 1000 == 0:
                print(f"  {offset + len(indexes)} written", flush=True)
    finally:
        for side in sides:
            side.close()

    print(
        f"{args.size} partners, created by {args.batch} and written one by one, "
        "as a contact manager (alternated by turns of 100):"
    )
    without, with_ = sides
    for kind in ("create", "write"):
        for side in sides:
            print(
                f"  {kind} {side.label:<8} our addons: {side.seconds[kind]:7.2f} s, "
                f"{side.queries[kind] / args.size:5.1f} queries per record"
            )
        print(
            f"  {kind} ratio with / without: "
            f"{with_.seconds[kind] / without.seconds[kind]:.2f}x (goal <= 1.10)"
        )
    if not args.keep:
        drop_db(base_db)
        drop_db(kam_db)


if __name__ == "__main__":
    main()
