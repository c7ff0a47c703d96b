import json
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.key_account_mgmt.tests.common import KamCommon
from odoo.addons.spreadsheet_dashboard.controllers import dashboards_controllers
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DashboardChecks, load_dashboard_json

DASHBOARD = "key_account_mgmt_dashboard/data/files/key_accounts_dashboard.json"
SAMPLE = "key_account_mgmt_dashboard/data/files/key_accounts_sample_dashboard.json"


@tagged("post_install", "-at_install")
class FakeRequest:
    """What the dashboard data route uses of ``odoo.http.request``."""

    def __init__(self, env):
        self.env = env
        self.cookies = {}

    def make_json_response(self, data):
        return data

    def make_response(self, body, headers=None):
        return json.loads(body)

    def not_found(self):
        return AssertionError("not found")


class TestKeyAccountDashboard(DashboardChecks, KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "key_account_mgmt_dashboard.spreadsheet_dashboard_key_accounts"
        )
        cls.Snapshot = cls.env["kam.health.snapshot"]

    def _load(self, user):
        """Odoo's /spreadsheet/dashboard/data/<id> route, as ``user``.

        The route's own code runs (not a copy of it); only the HTTP request
        object is replaced (the project's test runner serves no HTTP).
        """
        dashboard = self.dashboard.with_user(user)
        controller = dashboards_controllers.DashboardDataRoute()
        endpoint = controller.get_dashboard_data.original_endpoint
        with patch.object(
            dashboards_controllers, "request", FakeRequest(dashboard.env)
        ):
            return endpoint(controller, dashboard)

    def test_listed_for_key_account_managers_only(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, Dashboard.with_user(self.kam_manager).search([]))
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref(
                "key_account_mgmt_dashboard.spreadsheet_dashboard_group_key_accounts"
            ),
        )
        for user in (self.kam_user, self.employee):
            self.assertNotIn(self.dashboard, Dashboard.with_user(user).search([]))

    def test_route_serves_the_dashboard_to_managers(self):
        # No snapshot yet: the sample.
        self.Snapshot.search([]).unlink()
        data = self._load(self.kam_manager)
        self.assertTrue(data.get("is_sample"))
        self.assertEqual(data["snapshot"], load_dashboard_json(SAMPLE))
        # After the first run of the scores job: the live dashboard.
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._cron_kam_recompute_scores()
        data = self._load(self.kam_manager)
        self.assertFalse(data.get("is_sample"))
        self.assertEqual(data["translation_namespace"], "key_account_mgmt_dashboard")
        expected = load_dashboard_json(DASHBOARD)
        self.assertEqual(data["snapshot"]["pivots"], expected["pivots"])
        self.assertEqual(
            [f["label"] for f in data["snapshot"]["globalFilters"]],
            ["Period", "Tier", "Account Manager"],
        )

    def test_route_refuses_other_users(self):
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._cron_kam_recompute_scores()
        for user in (self.kam_user, self.employee):
            with self.assertRaises(AccessError):
                self._load(user)

    def test_everything_named_is_readable_by_managers(self):
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._cron_kam_recompute_scores()
        self.assertDashboardReadableBy(load_dashboard_json(DASHBOARD), self.kam_manager)
        # The record carries the same JSON as the file.
        self.assertEqual(
            json.loads(self.dashboard.spreadsheet_data), load_dashboard_json(DASHBOARD)
        )

    def test_a_renamed_field_breaks_the_check(self):
        data = load_dashboard_json(DASHBOARD)
        data["pivots"]["1"]["rows"] = [{"fieldName": "kam_churn_risk_renamed"}]
        with self.assertRaises(AssertionError):
            self.assertDashboardReadableBy(data, self.kam_manager)
        # A field other users may not read breaks it too.
        data = load_dashboard_json(DASHBOARD)
        with self.assertRaises(AssertionError):
            self.assertDashboardReadableBy(
                data,
                new_test_user(
                    self.env, login="kam_dash_plain", groups="base.group_user"
                ),
            )
