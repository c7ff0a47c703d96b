"""Points earned and confirmed sale orders of the benchmark populations
(through the ORM, or inserted by SQL with ``bulk=True``).
"""
# pylint: disable=print-used

from datetime import date, datetime, timedelta

from common import CHUNK, ORDER_CHUNK, account_facts, bulk_insert

from odoo import Command
from odoo.tools import SQL


def earn_points(env, accounts, bulk=False):
    """Points that expire after the validity of the settings, and for one
    account in three points that expired already (not yet booked as such):
    earned with a future expiry date (a past one is refused), then dated
    back by SQL. ``bulk``: the same ledger lines by SQL INSERTs (no tier
    multiplier), balances summed by one UPDATE, member levels left to the
    scores job."""
    today = date.today()
    if bulk:
        now = datetime.now()
        expiry = today + timedelta(days=365)
        rows = []
        for i, pid, _manager, company in account_facts(env, accounts):
            rows.append((pid, 50 + i % 200, f"Welcome {i}", today, expiry, company))
            if i % 3 == 0:
                expired = today - timedelta(days=1 + i % 90)
                start = min(today, expired - timedelta(days=30))
                rows.append(
                    (pid, 20 + i % 50, f"Promotion {i}", start, expired, company)
                )
        rows = [
            (pid, "earn", points, origin, day, expiry_date, True, company)
            + (env.uid, env.uid, now, env.uid, now)
            for pid, points, origin, day, expiry_date, company in rows
        ]
        count = bulk_insert(
            env,
            "kam_points_line",
            ["partner_id", "kind", "points", "origin", "date", "expiry_date"]
            + ["is_qualifying", "company_id", "user_id", "create_uid"]
            + ["create_date", "write_uid", "write_date"],
            rows,
        )
        env.cr.execute(
            SQL(
                """
                UPDATE res_partner AS p
                   SET kam_points_balance = s.total
                  FROM (SELECT partner_id, SUM(points) AS total
                          FROM kam_points_line
                         WHERE partner_id = ANY(%s)
                      GROUP BY partner_id) AS s
                 WHERE p.id = s.partner_id
                """,
                accounts.ids,
            )
        )
        env.invalidate_all()
        return count
    count = 0
    backdated = []
    for i, account in enumerate(accounts):
        account.kam_earn_points(50 + i % 200, f"Welcome {i}")
        count += 1
        if i % 3 == 0:
            line = account.kam_earn_points(
                20 + i % 50, f"Promotion {i}", expiry_date=today + timedelta(days=1)
            )
            backdated.append((line.id, today - timedelta(days=1 + i % 90)))
            count += 1
        if i % CHUNK == CHUNK - 1:
            env.invalidate_all()
    env.flush_all()
    for line_id, expiry in backdated:
        env.cr.execute(
            SQL(
                "UPDATE kam_points_line SET expiry_date = %s,"
                " date = LEAST(date, %s - 30) WHERE id = %s",
                expiry,
                expiry,
                line_id,
            )
        )
    env.invalidate_all()
    return count


def create_orders(env, accounts, bulk=False):
    """A confirmed order for four accounts in five, dated over 18 months.
    ``bulk``: the orders by SQL INSERTs, without lines (the sales figures
    and the purchase signal read the orders' untaxed amounts and dates)."""
    if bulk:
        now = datetime.now()
        company = env.company
        rows = []
        for i, pid, manager, _company in account_facts(env, accounts):
            if i % 5 == 4:
                continue
            amount = 100.0 * (i % 17 + 1) * (1 + i % 4) + 50.0
            rows.append(
                (
                    f"BENCH-S{pid:07d}",
                    pid,
                    pid,
                    pid,
                    company.id,
                    company.currency_id.id,
                    manager,
                    "sale",
                    "no",
                    amount,
                    0.0,
                    amount,
                    1.0,
                    now - timedelta(days=pid % 540),
                    env.uid,
                    now,
                    env.uid,
                    now,
                )
            )
        return bulk_insert(
            env,
            "sale_order",
            ["name", "partner_id", "partner_invoice_id", "partner_shipping_id"]
            + ["company_id", "currency_id", "user_id", "state", "invoice_status"]
            + ["amount_untaxed", "amount_tax", "amount_total", "currency_rate"]
            + ["date_order", "create_uid", "create_date", "write_uid"]
            + ["write_date"],
            rows,
        )
    product = env["product.product"].create(
        {"name": "Bench Sensor", "type": "service", "list_price": 100.0}
    )
    buyers = [(i, a) for i, a in enumerate(accounts) if i % 5 != 4]
    order_ids = []
    for offset in range(0, len(buyers), ORDER_CHUNK):
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": account.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1 + i % 4,
                                "price_unit": 100.0 * (i % 17 + 1),
                                "tax_ids": [Command.clear()],
                            }
                        ),
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "price_unit": 50.0,
                                "tax_ids": [Command.clear()],
                            }
                        ),
                    ],
                }
                for i, account in buyers[offset : offset + ORDER_CHUNK]
            ]
        )
        orders.action_confirm()
        order_ids += orders.ids
        env.invalidate_all()
    # Confirmed on varied days of the last 18 months: the scores cron finds
    # figures, trends and grades to update.
    env.flush_all()
    env.cr.execute(
        SQL(
            "UPDATE sale_order SET date_order = date_order"
            " - (id %% 540) * INTERVAL '1 day' WHERE id = ANY(%s)",
            order_ids,
        )
    )
    env.invalidate_all()
    return len(order_ids)
