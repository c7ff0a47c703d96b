"""Populations of key accounts for the benchmarks: accounts and their contact
persons (through the ORM, or copied by SQL with ``bulk=True``), interactions
and complaints; ``population()`` makes a whole one (points and orders come
from population_sales.py).
"""
# pylint: disable=print-used

from datetime import date, datetime, timedelta

from common import CHUNK, account_facts, bulk_insert, create_users, timed
from population_sales import create_orders, earn_points

from odoo.tests.common import new_test_user
from odoo.tools import SQL


def population(
    env,
    accounts,
    *,
    interactions=True,
    complaints=True,
    points=True,
    orders=False,
    users=20,
):
    """Create ``accounts`` key accounts (and their contact persons) with the
    chosen data; return (accounts, users, director) where director is a
    key-account manager. ``env`` should carry QUIET."""
    users = create_users(env, users)
    director = new_test_user(
        env, login="bench_director", groups="key_account_mgmt.group_kam_manager"
    )
    tiers = env["kam.tier"].search([])
    records = timed(
        f"{accounts} accounts and {accounts} contacts",
        lambda: create_accounts(env, accounts, users, tiers),
    )
    if interactions:
        number = timed("interactions", lambda: create_interactions(env, records))
        print(f"    {number} interactions")
    if complaints:
        number = timed("complaints", lambda: create_complaints(env, records))
        print(f"    {number} complaints")
    if points:
        number = timed("points", lambda: earn_points(env, records))
        print(f"    {number} earnings")
    if orders:
        number = timed("sale orders", lambda: create_orders(env, records))
        print(f"    {number} confirmed sale orders")
    env.flush_all()
    return records, users, director


# Complaints: (state, share in twentieths), received over the last 20 days.
COMPLAINT_STATES = (
    ["new"] * 6
    + ["acknowledged"] * 5
    + ["investigating"] * 3
    + ["waiting"] * 2
    + ["resolved"] * 4
)


def create_accounts(env, count, users, tiers, first=0, bulk=False):
    """Accounts number ``first`` to ``first + count - 1``, a contact each.

    ``bulk``: the first account and its contact by the ORM, the others
    copied from them by SQL (one INSERT ... SELECT per chunk and kind), with
    their own name, email, tier, manager, key-account date and birthday.
    """
    today = date.today()
    birthday = date(1980, today.month, today.day)
    if bulk and count > 1:
        template = create_accounts(env, 1, users, tiers, first=first)
        accounts_ids = template.ids
        for offset in range(first + 1, first + count, 20 * CHUNK):
            indexes = list(range(offset, min(offset + 20 * CHUNK, first + count)))
            accounts_ids += _copy_accounts(env, template, indexes, users, tiers)
        env.invalidate_all()
        return env["res.partner"].browse(accounts_ids)
    accounts = env["res.partner"]
    for offset in range(first, first + count, CHUNK):
        indexes = range(offset, min(offset + CHUNK, first + count))
        batch = env["res.partner"].create(
            [
                {
                    "name": f"Account {i:06d}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": tiers[i % len(tiers)].id,
                    "kam_manager_id": users[i % len(users)].id,
                    "kam_since": today - timedelta(days=30 + i % 1500),
                    "email": f"a{i}@example.com",
                    "city": "Shanghai",
                }
                for i in indexes
            ]
        )
        # One contact person each; one in twenty has their birthday today.
        env["res.partner"].create(
            [
                {
                    "name": f"Contact {i:06d}",
                    "parent_id": account.id,
                    "email": f"c{i}@example.com",
                    "kam_birthday": birthday
                    if i % 20 == 0
                    else date(1980, 1, 1) + timedelta(days=1 + i % 360),
                }
                for i, account in zip(indexes, batch, strict=True)
            ]
        )
        accounts |= batch
        env.invalidate_all()
    return accounts


def _copy_accounts(env, template, indexes, users, tiers):
    """Copies of the account ``template`` and its contact, by SQL; return
    the new accounts' ids in the order of ``indexes``."""
    today = date.today()
    birthday = date(1980, today.month, today.day)
    contact = template.child_ids[:1]
    env.flush_all()
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = 'res_partner' AND column_name != 'id'"
    )
    columns = [row[0] for row in env.cr.fetchall()]
    accounts = {
        "name": [f"Account {i:06d}" for i in indexes],
        "complete_name": [f"Account {i:06d}" for i in indexes],
        "email": [f"a{i}@example.com" for i in indexes],
        "kam_tier_id": [tiers[i % len(tiers)].id for i in indexes],
        "kam_manager_id": [users[i % len(users)].id for i in indexes],
        "kam_since": [today - timedelta(days=30 + i % 1500) for i in indexes],
    }
    account_ids = _insert_copies(env, template.id, columns, accounts)
    env.cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            account_ids,
        )
    )
    contacts = {
        "name": [f"Contact {i:06d}" for i in indexes],
        "complete_name": [f"Account {i:06d}, Contact {i:06d}" for i in indexes],
        "email": [f"c{i}@example.com" for i in indexes],
        "parent_id": account_ids,
        "commercial_partner_id": account_ids,
        "kam_birthday": [
            birthday if i % 20 == 0 else date(1980, 1, 1) + timedelta(days=1 + i % 360)
            for i in indexes
        ],
    }
    _insert_copies(env, contact.id, columns, contacts)
    return account_ids


def _insert_copies(env, template_id, columns, values):
    """Rows copied from the row ``template_id`` of res_partner, the columns
    of ``values`` ({column: [value of each copy]}) set; their ids, in order."""
    types = {
        column: SQL("date[]")
        if column in ("kam_since", "kam_birthday")
        else SQL("varchar[]")
        if column in ("name", "complete_name", "email")
        else SQL("int[]")
        for column in values
    }
    names = list(values)
    env.cr.execute(
        SQL(
            """
            INSERT INTO res_partner (%(columns)s)
            SELECT %(exprs)s
              FROM res_partner AS t,
                   unnest(%(arrays)s) WITH ORDINALITY AS v(%(names)s, n)
             WHERE t.id = %(template)s
          ORDER BY v.n
         RETURNING id
            """,
            columns=SQL(", ").join(SQL.identifier(c) for c in columns),
            exprs=SQL(", ").join(
                SQL.identifier("v", c) if c in values else SQL.identifier("t", c)
                for c in columns
            ),
            arrays=SQL(", ").join(SQL("%s::%s", values[c], types[c]) for c in names),
            names=SQL(", ").join(SQL.identifier(c) for c in names),
            template=template_id,
        )
    )
    return sorted(row[0] for row in env.cr.fetchall())


CHANNELS = ["phone", "email", "meeting", "visit", "wechat"]


def create_interactions(env, accounts, bulk=False):
    """Three interactions per account over the last 400 days; ``bulk``: by
    SQL INSERTs (the stored visit dates are then left to the scores job)."""
    today = date.today()
    channels = CHANNELS
    if bulk:
        now = datetime.now()
        rows = [
            (
                pid,
                manager,
                company,
                today - timedelta(days=(i * 37 + k * 53) % 400),
                channels[(i + k) % len(channels)],
                f"Contact {k} with account {i}",
                env.uid,
                now,
                env.uid,
                now,
            )
            for i, pid, manager, company in account_facts(env, accounts)
            for k in range(3)
        ]
        count = bulk_insert(
            env,
            "kam_interaction",
            ["partner_id", "user_id", "company_id", "date", "channel", "summary"]
            + ["create_uid", "create_date", "write_uid", "write_date"],
            rows,
        )
        env.cr.execute(
            SQL(
                """
                UPDATE kam_interaction AS i
                   SET manager_id = p.kam_manager_id, tier_id = p.kam_tier_id
                  FROM res_partner AS p
                 WHERE p.id = i.partner_id AND p.id = ANY(%s)
                """,
                accounts.ids,
            )
        )
        env.invalidate_all()
        return count
    vals_list = [
        {
            "partner_id": account.id,
            "user_id": account.kam_manager_id.id,
            "date": today - timedelta(days=(i * 37 + k * 53) % 400),
            "channel": channels[(i + k) % len(channels)],
            "summary": f"Contact {k} with account {i}",
        }
        for i, account in enumerate(accounts)
        for k in range(3)
    ]
    for offset in range(0, len(vals_list), 3 * CHUNK):
        env["kam.interaction"].create(vals_list[offset : offset + 3 * CHUNK])
        env.invalidate_all()
    return len(vals_list)


def complaint_vals(account, i, k, now):
    j = i * 3 + k
    state = COMPLAINT_STATES[j % len(COMPLAINT_STATES)]
    received = now - timedelta(hours=1 + (j * 7) % 480)
    vals = {
        "partner_id": account.id,
        "subject": f"Complaint {k} of account {i}",
        "channel": "email",
        "priority": str(j % 3),
        "state": state,
        "date_received": received,
    }
    if state != "new":
        vals["date_first_response"] = min(received + timedelta(hours=1), now)
    if state == "waiting":
        vals["waiting_since"] = min(received + timedelta(hours=2), now)
    if state == "resolved":
        vals["date_resolved"] = min(received + timedelta(hours=3), now)
        vals["resolution"] = "<p>Replaced the goods.</p>"
    return vals


def create_complaints(env, accounts, bulk=False):
    """0, 1 or 2 complaints per account: as many complaints as accounts.
    ``bulk``: by SQL INSERTs, without service-level deadlines (what the
    health signal reads: partner, state, received date, SLA status)."""
    now = datetime.now().replace(microsecond=0)
    if bulk:
        rows = []
        for i, pid, manager, company in account_facts(env, accounts):
            for k in range(i % 3):
                vals = complaint_vals(accounts.browse(pid), i, k, now)
                rows.append(
                    (
                        f"BENCH/{i:06d}/{k}",
                        pid,
                        pid,
                        manager,
                        company,
                        vals["subject"],
                        vals["channel"],
                        vals["priority"],
                        vals["state"],
                        vals["date_received"],
                        vals.get("date_first_response"),
                        vals.get("waiting_since"),
                        vals.get("date_resolved"),
                        env.uid,
                        now,
                        env.uid,
                        now,
                    )
                )
        return bulk_insert(
            env,
            "kam_complaint",
            ["name", "partner_id", "commercial_partner_id", "manager_id"]
            + ["company_id", "subject", "channel", "priority", "state"]
            + ["date_received", "date_first_response", "waiting_since"]
            + ["date_resolved", "create_uid", "create_date", "write_uid"]
            + ["write_date"],
            rows,
        )
    vals_list = [
        complaint_vals(account, i, k, now)
        for i, account in enumerate(accounts)
        for k in range(i % 3)
    ]
    for offset in range(0, len(vals_list), CHUNK):
        env["kam.complaint"].create(vals_list[offset : offset + CHUNK])
        env.invalidate_all()
    return len(vals_list)
