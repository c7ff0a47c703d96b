import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import KamSaleCommon

# One statement refreshes the figures of a whole batch of accounts.
REFRESH_QUERIES = 1
# Grades: one UPDATE with a window function over all customers; tier review:
# one UPDATE of the tiers by revenue, and a constant number for the activities.
GRADE_QUERIES = 1


@tagged("post_install", "-at_install")
class TestSalePerformance(KamSaleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tiers = cls.tier_strategic | cls.tier_key | cls.tier_standard
        managers = cls.kam_user | cls.kam_user2
        cls.perf_accounts = cls.env["res.partner"].create(
            [
                {
                    "name": f"Buying Account {i:04d}",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": tiers[i % 3].id,
                    "kam_manager_id": managers[i % 2].id,
                    "kam_since": "2022-01-01",
                }
                for i in range(1000)
            ]
        )
        orders = cls.env["sale.order"].create(
            [
                {
                    "partner_id": account.id,
                    "pricelist_id": cls.other_pricelist.id if i % 2 else False,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "price_unit": 100.0 * (i % 17 + 1),
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for i, account in enumerate(cls.perf_accounts)
            ]
        )
        cls.env.flush_all()
        # Confirmed on varied days of the last year and a half.
        cls.env.cr.execute(
            SQL(
                """
                UPDATE sale_order
                   SET state = 'sale',
                       date_order = TIMESTAMP '2026-06-29 10:00'
                                    - (id %% 360) * INTERVAL '1 day'
                 WHERE id = ANY(%s)
                """,
                orders.ids,
            )
        )
        cls.env.invalidate_all()

    def test_refresh_query_count(self):
        Partner = self.env["res.partner"]
        accounts = self.perf_accounts
        with freeze_time("2026-06-30"):
            # Warm the caches (settings, XML ids) with a first small batch.
            Partner._kam_refresh_sales_figures(accounts[:10].ids)
            Partner._kam_compute_value_grades()
            with self.assertQueryCount(REFRESH_QUERIES):
                Partner._kam_refresh_sales_figures(accounts[10:110].ids)
            with self.assertQueryCount(REFRESH_QUERIES):
                Partner._kam_refresh_sales_figures(accounts.ids)
            with self.assertQueryCount(GRADE_QUERIES):
                Partner._kam_compute_value_grades()
        self.assertEqual(len(accounts.filtered("kam_order_count_12m")), 1000)
        self.assertEqual(set(accounts.mapped("kam_value_grade")), {"A", "B", "C"})
        self.assertFalse(accounts.filtered(lambda a: a.kam_revenue_12m <= 0))

    def test_cron_sales_part_query_count(self):
        """Refresh and grade every customer, review tiers: a constant count."""
        Partner = self.env["res.partner"]
        self.tier_strategic.min_revenue_12m = 1000
        with freeze_time("2026-06-30"):
            Partner._kam_refresh_all_sales_figures()
            Partner._kam_review_tiers()
            self.env.invalidate_all()
            # The same day again: every customer is refreshed already (the
            # query that finds those left is all).
            with self.assertQueryCount(1):
                Partner._kam_refresh_all_sales_figures()
            with self.assertQueryCount(2 * GRADE_QUERIES):
                Partner._kam_review_tiers()
        suggested = self.perf_accounts.filtered("kam_suggested_tier_id")
        self.assertTrue(suggested)
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", suggested.ids),
                    (
                        "activity_type_id",
                        "=",
                        self.env.ref(
                            "key_account_mgmt_sale.mail_activity_type_kam_review_tier"
                        ).id,
                    ),
                ]
            ),
            len(suggested.filtered(lambda a: a.kam_tier_id != self.tier_strategic)),
        )

    def test_purchase_signal_one_query(self):
        Partner = self.env["res.partner"]
        day = datetime.date(2026, 6, 30)
        with self.assertQueryCount(1):
            small = Partner._kam_signal_purchases(self.perf_accounts[:100].ids, day)
        with self.assertQueryCount(1):
            large = Partner._kam_signal_purchases(self.perf_accounts.ids, day)
        self.assertEqual(len(small), 100)
        self.assertEqual(len(large), 1000)
        self.assertTrue(
            all(0 <= v["purchases"]["score"] <= 100 for v in large.values())
        )
