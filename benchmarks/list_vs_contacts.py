"""The key-account list vs Odoo's stock contacts list, on the same partners.

Creates a database with key_account_mgmt (or copies --template), creates
--size key accounts (companies, with a contact person each) managed by 20
key-account users, then, as one of these key-account users, loads 80 rows of
each list the way the web client does: ``web_search_read`` with the
specification built from the list view as the user gets it (``get_views``:
fields of other groups removed; many2one and many2many as display names, the
activity widget's fields) and the action's domain and context.

* key-account list: the "Key Accounts" action and its list view;
* stock contacts list: the "Contacts" action and ``base.view_partner_tree``,
  restricted to the same partners (the key accounts).

Both read the same 80 partners (same domain, same order). Runs alternate
(--runs of each) so that the load of the machine weighs on both alike;
prints the median milliseconds and queries, and the ratios (goal: at most
stock + 2 queries, at most 1.2x the time). Dropped at the end unless --keep.
"""
# pylint: disable=print-used

import statistics
from functools import partial

from common import QUIET, bench_parser, create_users, drop_db, measure, open_db, timed
from lxml import etree
from population import create_accounts

from odoo import api
from odoo.tools.safe_eval import safe_eval

# What the web client's list_activity widget reads besides the field itself.
ACTIVITY_FIELDS = [
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_state",
    "activity_summary",
    "activity_type_icon",
    "activity_type_id",
]


def list_spec(model, view_id):
    """Specification of the list view's fields, as the web client builds it."""
    views = model.get_views([(view_id, "list")])
    arch = etree.fromstring(views["views"]["list"]["arch"])
    fields = model.fields_get()
    spec = {}
    for node in arch.iterchildren("field"):
        name = node.get("name")
        field = fields[name]
        if field["type"] in ("many2one", "many2many", "one2many"):
            if node.get("widget") == "list_activity":
                spec[name] = {}
                for dependency in ACTIVITY_FIELDS:
                    spec[dependency] = (
                        {"fields": {"display_name": {}}}
                        if fields[dependency]["type"] == "many2one"
                        else {}
                    )
                continue
            related = {"display_name": {}}
            color = safe_eval(node.get("options") or "{}").get("color_field")
            if color and field["type"] != "many2one":
                related[color] = {}
            spec[name] = {"fields": related}
        else:
            spec[name] = {}
    return spec


def main():
    parser = bench_parser(__doc__, "kam_bench_list_vs_contacts", "key_account_mgmt")
    parser.add_argument("--size", type=int, default=10_000, help="key accounts")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    registry = open_db(args.db, "key_account_mgmt", args.template)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, QUIET)
        users = create_users(env, 20)
        tiers = env["kam.tier"].search([])
        timed(
            f"{args.size} key accounts",
            lambda: create_accounts(env, args.size, users, tiers),
        )
        user_id = users[0].id
    with registry.cursor() as cr:
        cr.execute("ANALYZE")

    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        user = env["res.users"].browse(user_id)
        lists = {}
        for label, action_xmlid, view_xmlid in (
            (
                "key accounts",
                "key_account_mgmt.res_partner_action_key_accounts",
                "key_account_mgmt.res_partner_view_list_key_account",
            ),
            ("stock contacts", "contacts.action_contacts", "base.view_partner_tree"),
        ):
            action = env.ref(action_xmlid)
            context = {
                **user.context_get(),
                **safe_eval(action.context or "{}", {"uid": user.id}),
                "bin_size": True,
            }
            model = env["res.partner"].with_user(user).with_context(**context)
            lists[label] = (
                model,
                list_spec(model, env.ref(view_xmlid).id),
                safe_eval(action.domain or "[]", {"uid": user.id}),
            )
        # The same partners in both: the key accounts.
        kam_domain = lists["key accounts"][2]
        lists["stock contacts"] = (*lists["stock contacts"][:2], kam_domain)
        for label, (_model, spec, _domain) in lists.items():
            print(f"  {label}: {len(spec)} fields ({', '.join(spec)})")

        rows = {}
        for label, (model, spec, domain) in lists.items():  # warm-up
            result = model.web_search_read(domain, spec, limit=80)
            rows[label] = [record["id"] for record in result["records"]]
        # Record caches emptied before each read; the registry's caches
        # (views, access rules) filled, as in a worker in steady use.
        warm = {label: [] for label in lists}
        warm_queries = {label: [] for label in lists}
        for _run in range(args.runs):
            for label, (model, spec, domain) in lists.items():
                env.invalidate_all()
                result, seconds, queries = measure(
                    cr, partial(model.web_search_read, domain, spec, limit=80)
                )
                warm[label].append(seconds * 1000)
                warm_queries[label].append(queries)
        cr.rollback()

    assert rows["key accounts"] == rows["stock contacts"], "not the same partners"
    print(
        f"80 rows of {result['length']} key accounts, as a key-account user, "
        f"median of {args.runs} runs each, alternated:"
    )
    medians = {label: statistics.median(warm[label]) for label in lists}
    counted = {label: statistics.median(warm_queries[label]) for label in lists}
    for label in lists:
        print(f"  {label:<15} {medians[label]:7.1f} ms, {counted[label]:4.0f} queries")
    ratio = medians["key accounts"] / medians["stock contacts"]
    extra = counted["key accounts"] - counted["stock contacts"]
    print(
        f"  key accounts / stock: {ratio:.2f}x the time (goal <= 1.2), "
        f"{extra:+.0f} queries (goal <= +2)"
    )
    if not args.keep:
        drop_db(args.db)


if __name__ == "__main__":
    main()
