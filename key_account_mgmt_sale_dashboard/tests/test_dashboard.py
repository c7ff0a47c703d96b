import json

from freezegun import freeze_time

from odoo.addons.key_account_mgmt.tests.common import KamCommon
from odoo.addons.key_account_mgmt_dashboard.tests.common import (
    DashboardChecks,
    load_dashboard_json,
)
from odoo.tests import tagged

DASHBOARD = (
    "key_account_mgmt_sale_dashboard/data/files/key_account_revenue_dashboard.json"
)


@tagged("post_install", "-at_install")
class TestRevenueDashboard(DashboardChecks, KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "key_account_mgmt_sale_dashboard.spreadsheet_dashboard_key_account_revenue"
        )

    def test_in_the_key_accounts_group_for_managers_only(self):
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref(
                "key_account_mgmt_dashboard.spreadsheet_dashboard_group_key_accounts"
            ),
        )
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.kam_manager).search([]))
        for user in (self.kam_user, self.employee):
            self.assertNotIn(self.dashboard, Dashboard.with_user(user).search([]))

    def test_everything_named_is_readable_by_managers(self):
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._cron_kam_recompute_scores()
        data = load_dashboard_json(DASHBOARD)
        self.assertDashboardReadableBy(data, self.kam_manager)
        self.assertEqual(json.loads(self.dashboard.spreadsheet_data), data)
        served = json.loads(
            self.dashboard.with_user(
                self.kam_manager
            )._get_serialized_readonly_dashboard()
        )
        self.assertEqual(
            served["translation_namespace"], "key_account_mgmt_sale_dashboard"
        )
