from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KamSaleCommon


@tagged("post_install", "-at_install")
class TestSaleSecurity(KamSaleCommon):
    """The sale bridge's part of the write-protection layer (issue 10)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Line = cls.env["kam.points.line"]

    def test_05_sales_figures_are_the_engines(self):
        """Finding 5: revenue, orders, grade and suggested tier are computed."""
        for account in (self.other_account, self.account):
            for vals in (
                {"kam_revenue_12m": 1e9},
                {"kam_order_count_12m": 999},
                {"kam_last_order_date": "2026-01-01"},
                {"kam_average_order_12m": 1e6},
                {"kam_order_trend": 100.0},
                {"kam_value_grade": "A"},
                {"kam_suggested_tier_id": self.tier_strategic.id},
            ):
                with self.subTest(account=account.name, vals=vals):
                    with self.assertRaises(AccessError):
                        account.with_user(self.kam_user).write(vals)
        self.assertFalse(self.account.kam_value_grade)
        self.assertFalse(self.account.kam_revenue_12m)

    def test_06_no_context_key_decides_the_booked_order(self):
        """Finding 6: a forged order id in the context books nothing on it,
        and the order still earns its own points."""
        victim_order = self._order(self.other_account, 1000.0, confirm=False)
        line = (
            self.account.with_user(self.kam_user)
            .with_context(
                kam_points_sale_order_id=victim_order.id,
                kam_points_move_id=1,
                default_sale_order_id=victim_order.id,
            )
            .kam_earn_points(10, "Forged")
        )
        self.assertFalse(line.sudo().sale_order_id)
        self.assertFalse(line.sudo().account_move_id)
        victim_order.action_confirm()
        earned = self.Line.search([("sale_order_id", "=", victim_order.id)])
        self.assertEqual(earned.partner_id, self.other_account)
        self.assertAlmostEqual(earned.points, 15.0, places=2)  # 10 x 1.5 (key)
        # Nor can anyone name the order on a line.
        with self.assertRaises(AccessError):
            self.Line.with_user(self.kam_manager).create(
                {
                    "partner_id": self.account.id,
                    "kind": "earn",
                    "points": 10,
                    "sale_order_id": victim_order.id,
                }
            )

    def test_15_one_multiplier_rule(self):
        """Finding 15: no tier has a multiplier of 0, so sales and
        kam_earn_points follow the same (the tier's) multiplier."""
        with mute_logger("odoo.sql_db"), self.assertRaises(ValidationError):
            self.tier_key.write({"points_multiplier": 0.0})
            self.env.flush_all()
        self.tier_key.write({"points_multiplier": 0.5})
        order = self._order(self.other_account, 1000.0)
        line = self.Line.search([("sale_order_id", "=", order.id)])
        self.assertAlmostEqual(line.points, 5.0, places=2)
        direct = self.other_account.sudo().kam_earn_points(10, "Direct")
        self.assertAlmostEqual(direct.points, 5.0, places=2)
        self.assertEqual(
            self.other_account._kam_points_multiplier(),
            self.tier_key.points_multiplier,
        )

    def test_earn_arguments_validated(self):
        """The public entry point refuses what is no number of points."""
        account = self.account.with_user(self.kam_user)
        for points in (float("nan"), float("inf"), "10", [10], None, 1e13):
            with self.subTest(points=points), self.assertRaises(UserError):
                account.kam_earn_points(points, "Bad")
