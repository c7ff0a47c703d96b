from odoo import Command
from odoo.tests import tagged

from .common import KamSaleCommon


@tagged("post_install", "-at_install")
class TestSaleViews(KamSaleCommon):
    def test_views_load_for_every_role(self):
        """The bridge's views load for each role, with the figures for
        key-account users only."""
        revenue_action = self.env.ref(
            "key_account_mgmt_sale.res_partner_action_kam_revenue"
        )
        for user in (self.salesman, self.kam_user, self.kam_manager):
            Partner = self.env["res.partner"].with_user(user)
            arch = Partner.get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertEqual(
                "kam_revenue_12m" in arch, user != self.salesman, user.login
            )
            self.env["kam.tier"].with_user(user).get_views(
                [(False, "list"), (False, "form")]
            )
        for user in (self.kam_user, self.kam_manager):
            views = (
                self.env["res.partner"]
                .with_user(user)
                .get_views(
                    [(view_id, mode) for view_id, mode in revenue_action.views]
                    + [(revenue_action.search_view_id.id, "search")]
                )
            )
            self.assertIn("kam_value_grade", views["views"]["pivot"]["arch"])
            self.assertIn("grade_a", views["views"]["search"]["arch"])
        order_views = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertNotIn("kam_points", order_views)
        sale_manager = self.env["res.users"].create(
            {
                "name": "Sales and Key Accounts",
                "login": "kam_sale_both",
                "group_ids": [
                    Command.set(
                        [
                            self.env.ref("sales_team.group_sale_salesman").id,
                            self.env.ref("key_account_mgmt.group_kam_user").id,
                        ]
                    )
                ],
            }
        )
        order_views = (
            self.env["sale.order"]
            .with_user(sale_manager)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("kam_points", order_views)
