import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KamSaleCommon


@tagged("post_install", "-at_install")
class TestRevenue(KamSaleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        account = cls.account
        # Company currency: 1,000 in the window, 5,000 more than a year ago.
        cls.order_old = cls._order(account, 5000.0, "2025-05-01")
        cls.order_usd = cls._order(account, 1000.0, "2026-03-10")
        # Other currency: 6,500 at 6.5 (rate of 2025-01-01) = 1,000 and
        # 4,000 at 8.0 (rate of 2026-05-01) = 500.
        cls.order_kmx_1 = cls._order(
            account, 6500.0, "2026-04-30", currency=cls.other_currency
        )
        # Ordered by a contact of the account: counts for the account.
        cls.order_kmx_2 = cls._order(
            cls.account_contact, 4000.0, "2026-06-20", currency=cls.other_currency
        )
        # Neither a quotation nor a cancelled order counts.
        cls.quotation = cls._order(
            account, 900.0, confirm=False, user_id=cls.salesman.id
        )
        cls.cancelled = cls._order(account, 800.0, "2026-06-01")
        cls.cancelled._action_cancel()

    def _refresh(self, partners):
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._kam_refresh_sales_figures(partners.ids)

    def test_revenue_in_company_currency(self):
        self._refresh(self.account)
        account = self.account
        self.assertEqual(self.order_kmx_1.currency_id, self.other_currency)
        self.assertEqual(account.kam_currency_id, self.currency)
        self.assertAlmostEqual(account.kam_revenue_12m, 2500.0, places=2)
        self.assertEqual(account.kam_order_count_12m, 3)
        self.assertAlmostEqual(account.kam_average_order_12m, 833.33, places=2)
        self.assertEqual(account.kam_last_order_date, datetime.date(2026, 6, 20))
        # Same result as Odoo's own conversion.
        expected = sum(
            order.currency_id._convert(
                order.amount_untaxed,
                self.currency,
                self.company,
                order.date_order.date(),
            )
            for order in self.order_usd | self.order_kmx_1 | self.order_kmx_2
        )
        self.assertAlmostEqual(account.kam_revenue_12m, expected, places=2)
        # The contact has no figures of its own.
        self.assertFalse(self.account_contact.kam_order_count_12m)

    def test_order_frequency_trend(self):
        # Last 90 days (from 2026-04-02): 2 orders; the 90 before: 1.
        self._refresh(self.account)
        self.assertEqual(self.account.kam_order_trend, 100.0)
        self._order(self.other_account, 100.0, "2026-02-10")
        self._order(self.other_account, 100.0, "2026-03-15")
        self._order(self.other_account, 100.0, "2026-06-01")
        self._refresh(self.other_account)
        self.assertEqual(self.other_account.kam_order_trend, -50.0)
        # Orders only before the 180 days: no trend to speak of.
        self._refresh(self.plain_partner)
        self.assertEqual(self.plain_partner.kam_order_trend, 0.0)

    def test_figures_follow_confirmation_and_cancellation(self):
        """Confirming or cancelling an order updates its account at once."""
        self._refresh(self.account)
        self.assertEqual(self.account.kam_order_count_12m, 3)
        with freeze_time("2026-06-30 09:00:00"):
            self.quotation.with_user(self.salesman).sudo(False).action_confirm()
        self.assertEqual(self.account.kam_order_count_12m, 4)
        self.assertAlmostEqual(self.account.kam_revenue_12m, 3400.0, places=2)
        self.assertEqual(self.account.kam_last_order_date, datetime.date(2026, 6, 30))
        with freeze_time("2026-06-30 09:30:00"):
            (self.quotation | self.order_kmx_2)._action_cancel()
        self.assertEqual(self.account.kam_order_count_12m, 2)
        self.assertAlmostEqual(self.account.kam_revenue_12m, 2000.0, places=2)
        self.assertEqual(self.account.kam_last_order_date, datetime.date(2026, 4, 30))

    def test_merged_partners_add_up(self):
        """Merging two customers recomputes the figures from all their orders."""
        duplicate = self.env["res.partner"].create(
            {"name": "华信科技 (duplicate)", "is_company": True}
        )
        self._order(duplicate, 700.0, "2026-05-20")
        with freeze_time("2026-06-30"):
            self._refresh(self.account | duplicate)
            revenue = self.account.kam_revenue_12m
            count = self.account.kam_order_count_12m
            self.assertAlmostEqual(duplicate.kam_revenue_12m, 700.0, places=2)
            wizard = self.env["base.partner.merge.automatic.wizard"].create({})
            wizard._merge((self.account | duplicate).ids, self.account)
            self.assertFalse(duplicate.exists())
            self.assertEqual(self.account.kam_order_count_12m, count + 1)
            self.assertAlmostEqual(
                self.account.kam_revenue_12m, revenue + 700.0, places=2
            )

    def test_no_orders(self):
        self._refresh(self.other_account | self.plain_partner)
        for partner in self.other_account | self.plain_partner:
            self.assertEqual(partner.kam_revenue_12m, 0.0)
            self.assertEqual(partner.kam_order_count_12m, 0)
            self.assertFalse(partner.kam_last_order_date)

    def test_cron_refreshes_sales_figures(self):
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._cron_kam_recompute_scores()
        self.assertAlmostEqual(self.account.kam_revenue_12m, 2500.0, places=2)
        # Graded with the other customers of the company (see test_grade).
        self.assertIn(self.account.kam_value_grade, ("A", "B", "C"))
        # Key accounts without revenue are graded C.
        self.assertEqual(self.other_account.kam_value_grade, "C")
        self.assertFalse(self.plain_partner.kam_value_grade)

    def test_purchase_health_signal(self):
        Partner = self.env["res.partner"]
        keys = [
            key
            for provider in Partner._kam_score_signals()
            for key in provider["signals"]
        ]
        self.assertIn("purchases", keys)
        with freeze_time("2026-06-30"):
            Partner._kam_recompute_health(self.account | self.other_account)
        signals = {s["key"]: s for s in self.account.kam_health_components["signals"]}
        purchases = signals["purchases"]
        # Last order 10 days ago (full recency), 2 orders against 1 (trend 100).
        self.assertEqual(purchases["score"], 100)
        self.assertEqual(purchases["values"]["last_activity"], "2026-06-20")
        self.assertEqual(purchases["weight"], 20)
        self.assertIn("Purchases", self.account.kam_health_details)
        # An account that never ordered is not judged on purchases.
        other = {s["key"] for s in self.other_account.kam_health_components["signals"]}
        self.assertNotIn("purchases", other)

    def test_last_order_keeps_account_active(self):
        """The last order counts as activity for the lifecycle stage."""
        with freeze_time("2026-06-30"):
            self.account.kam_since = "2020-01-01"
            self.env["res.partner"]._kam_recompute_health(self.account)
        # No interaction since 2020, but an order 10 days ago: not dormant.
        self.assertEqual(self.account.kam_lifecycle_stage, "mature")

    def test_smart_button_as_account_manager(self):
        """The account manager (no sales rights) opens the account's orders."""
        self._refresh(self.account)
        account = self.account.with_user(self.kam_user)
        self.assertAlmostEqual(account.kam_revenue_12m, 2500.0, places=2)
        action = account.action_kam_view_sale_orders()
        orders = (
            self.env["sale.order"].with_user(self.kam_user).search(action["domain"])
        )
        self.assertEqual(
            orders,
            self.order_old | self.order_usd | self.order_kmx_1 | self.order_kmx_2,
        )
        orders.read(["name", "amount_untaxed"])
        with freeze_time("2026-06-30"):
            action = account.action_kam_view_sale_orders_12m()
        SaleOrder = self.env["sale.order"].with_user(self.kam_user)
        orders = SaleOrder.search(action["domain"])
        self.assertEqual(orders, self.order_usd | self.order_kmx_1 | self.order_kmx_2)
        # Orders of accounts managed by others stay hidden.
        other_order = self._order(self.other_account, 10.0, "2026-06-01")
        self.assertFalse(
            self.env["sale.order"]
            .with_user(self.kam_user)
            .search([("id", "=", other_order.id)])
        )
        self.assertTrue(
            self.env["sale.order"]
            .with_user(self.kam_user2)
            .search([("id", "=", other_order.id)])
        )

    def test_sales_figures_hidden_from_other_users(self):
        """Salespeople without key-account rights do not read the figures."""
        self._refresh(self.account)
        partner = self.account.with_user(self.salesman)
        self.assertTrue(partner.name)
        with self.assertRaises(AccessError):
            partner.read(["kam_revenue_12m"])
        with self.assertRaises(AccessError):
            partner.read(["kam_value_grade"])
        # The account manager does.
        self.assertEqual(
            self.account.with_user(self.kam_user).read(["kam_order_count_12m"])[0][
                "kam_order_count_12m"
            ],
            3,
        )
