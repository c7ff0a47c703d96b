import json
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.key_account_mgmt.tests.common import KamCommon
from odoo.addons.spreadsheet_dashboard.controllers import dashboards_controllers
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools.translate import code_translations

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
        # As in a request: the user's environment, in the user's language.
        dashboard = self.dashboard.with_user(user).with_context(lang=user.lang)
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

    def test_sample_in_the_users_language(self):
        self.Snapshot.search([]).unlink()
        translations = {
            "messages": (
                {"id": "Key Accounts", "string": "重要客户"},
                {"id": "Key accounts", "string": "重要客户数"},
                {"id": "Tier", "string": "层级"},
            )
        }
        self.env["res.lang"]._activate_lang("zh_CN")
        self.kam_manager.lang = "zh_CN"
        with patch.object(
            code_translations, "get_web_translations", return_value=translations
        ) as get_translations:
            data = self._load(self.kam_manager)
        get_translations.assert_called_with("key_account_mgmt_dashboard", "zh_CN")
        self.assertTrue(data["is_sample"])
        sheet, data_sheet = data["snapshot"]["sheets"]
        titles = [f["data"]["title"]["text"] for f in sheet["figures"]]
        self.assertIn("重要客户", titles)
        self.assertEqual(data_sheet["cells"]["A1"], '=_t("重要客户数")')
        self.assertIn("层级", [f["label"] for f in data["snapshot"]["globalFilters"]])
        # In English, the file as it is.
        self.kam_manager.lang = "en_US"
        self.assertEqual(
            self._load(self.kam_manager)["snapshot"], load_dashboard_json(SAMPLE)
        )
