import json
import re
from unittest.mock import patch

from odoo.addons.key_account_mgmt_dashboard.tests.common import (
    DashboardChecks,
    load_dashboard_json,
)
from odoo.addons.key_account_mgmt_dashboard.tests.test_dashboard import FakeRequest
from odoo.addons.key_account_mgmt_survey.tests.common import KamSurveyCommon
from odoo.addons.spreadsheet_dashboard.controllers import dashboards_controllers
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tests import tagged

PATH = "key_account_mgmt_survey_dashboard/data/files/"
DASHBOARD = PATH + "key_account_satisfaction_dashboard.json"
SAMPLE = PATH + "key_account_satisfaction_sample_dashboard.json"


@tagged("post_install", "-at_install")
class TestSatisfactionDashboard(DashboardChecks, KamSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "key_account_mgmt_survey_dashboard."
            "spreadsheet_dashboard_key_account_satisfaction"
        )
        cls.Report = cls.env["kam.survey.report"]

    def _answer_population(self):
        """Strategic account: (quality, attitude, resolution, NPS) answers
        (2, 4, 5, 9), (4, 4, 3, 6) and (5, 5, 4, 10): NPS (100 - 100 + 100) / 3
        = 33.33, dimensions 11/3, 13/3 and 4. Key account: (3, 2, 4, 7), a
        passive: NPS 0, dimensions 3, 2 and 4. All: NPS 100 / 4 = 25."""
        # Only this population (a database with demo data has answers).
        self.env["survey.user_input"].search([("kam_account_id", "!=", False)]).unlink()
        self._answer(self.account_contact, (2, 4, 5, 9))
        self._answer(self.account_contact2, (4, 4, 3, 6))
        self._answer(self.account_contact, (5, 5, 4, 10), when="2026-07-02 09:00:00")
        self._answer(self.other_contact, (3, 2, 4, 7))
        # Nothing from other surveys or answers of other partners counts.
        self._answer("someone@example.com", (1, 1, 1, 0))

    def _load(self, user):
        """Odoo's /spreadsheet/dashboard/data/<id> route, as ``user`` (see
        key_account_mgmt_dashboard's tests)."""
        dashboard = self.dashboard.with_user(user).with_context(lang=user.lang)
        controller = dashboards_controllers.DashboardDataRoute()
        endpoint = controller.get_dashboard_data.original_endpoint
        with patch.object(
            dashboards_controllers, "request", FakeRequest(dashboard.env)
        ):
            return endpoint(controller, dashboard)

    def _pivot(self, data, name):
        pivots = [p for p in data["pivots"].values() if p["name"] == name]
        self.assertEqual(len(pivots), 1, name)
        return pivots[0]

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

    def test_route_serves_the_sample_then_the_dashboard(self):
        # No survey answer from a key account yet: the sample.
        self.env["survey.user_input"].search([("kam_account_id", "!=", False)]).unlink()
        data = self._load(self.kam_manager)
        self.assertTrue(data.get("is_sample"))
        self.assertEqual(data["snapshot"], load_dashboard_json(SAMPLE))
        self._answer_population()
        self.env.flush_all()
        data = self._load(self.kam_manager)
        self.assertFalse(data.get("is_sample"))
        self.assertEqual(
            data["translation_namespace"], "key_account_mgmt_survey_dashboard"
        )
        expected = load_dashboard_json(DASHBOARD)
        # As the file, in the user's locale.
        self.assertEqual(data["snapshot"]["pivots"], expected["pivots"])
        self.assertEqual(data["snapshot"]["sheets"], expected["sheets"])
        self.assertEqual(
            [f["label"] for f in data["snapshot"]["globalFilters"]],
            ["Period", "Tier", "Account Manager"],
        )

    def test_route_refuses_other_users(self):
        self._answer_population()
        self.env.flush_all()
        # A plain user may not read the survey analysis.
        with self.assertRaises(AccessError):
            self._load(self.employee)
        # A key-account user may read the analysis rows of their accounts but
        # not the dashboard record: Odoo's route finds no spreadsheet data for
        # them and fails before sending anything.
        with self.assertRaises(AccessError):
            self.dashboard.with_user(self.kam_user).check_access("read")
        with self.assertRaises(TypeError):
            self._load(self.kam_user)

    def test_everything_named_is_readable_by_managers(self):
        self._answer_population()
        data = load_dashboard_json(DASHBOARD)
        self.assertDashboardReadableBy(data, self.kam_manager)
        self.assertEqual(json.loads(self.dashboard.spreadsheet_data), data)
        # Every pivot formula names a pivot that exists.
        cells = data["sheets"][0]["cells"] | data["sheets"][1]["cells"]
        named = set()
        for content in cells.values():
            named.update(re.findall(r"PIVOT\.(?:VALUE|HEADER)\((\d+),", content))
        self.assertEqual(named, set(data["pivots"]))

    def test_figures_by_tier_as_the_dashboard_reads_them(self):
        self._answer_population()
        data = load_dashboard_json(DASHBOARD)
        Report = self.Report.with_user(self.kam_manager)
        pivot = self._pivot(data, "NPS and Satisfaction by Tier")
        groups = Report.formatted_read_group(
            Domain(pivot["domain"]),
            ["tier_id", "dimension"],
            ["nps:avg", "score:avg", "__count"],
        )
        figures = {
            (g["tier_id"][0], g["dimension"]): (g["nps:avg"], g["score:avg"])
            for g in groups
        }
        strategic, key = self.tier_strategic.id, self.tier_key.id
        self.assertAlmostEqual(figures[strategic, "nps"][0], 100 / 3, places=2)
        self.assertAlmostEqual(figures[strategic, "product_quality"][1], 11 / 3, 2)
        self.assertAlmostEqual(figures[strategic, "service_attitude"][1], 13 / 3, 2)
        self.assertAlmostEqual(figures[strategic, "resolution_efficiency"][1], 4.0, 2)
        self.assertEqual(figures[key, "nps"][0], 0.0)
        self.assertEqual(figures[key, "service_attitude"][1], 2.0)
        # Per tier over all dimensions (the "Satisfaction (1-5)" column).
        totals = {
            g["tier_id"][0]: (g["nps:avg"], g["score:avg"], g["__count"])
            for g in Report.formatted_read_group(
                Domain(pivot["domain"]),
                ["tier_id"],
                ["nps:avg", "score:avg", "__count"],
            )
        }
        self.assertAlmostEqual(totals[strategic][1], 36 / 9, places=2)
        self.assertEqual(totals[key][1], 3.0)
        # The scorecards: NPS 25, satisfaction 45 / 12, promoters 2 of 4.
        scores = self._pivot(data, "NPS and satisfaction")
        [total] = Report.formatted_read_group(
            Domain(scores["domain"]), [], ["nps:avg", "score:avg"]
        )
        self.assertAlmostEqual(total["nps:avg"], 25.0, places=2)
        self.assertAlmostEqual(total["score:avg"], 45 / 12, places=2)
        categories = self._pivot(data, "NPS answers by category")
        counts = {
            g["nps_category"]: g["__count"]
            for g in Report.formatted_read_group(
                Domain(categories["domain"]), ["nps_category"], ["__count"]
            )
        }
        self.assertEqual(counts, {"promoter": 2, "passive": 1, "detractor": 1})
        # NPS by month (the line chart): June 0 (promoter, detractor, passive),
        # July 100.
        [chart] = [
            f["data"]
            for f in data["sheets"][0]["figures"]
            if f["data"]["type"] == "odoo_line"
            and f["data"]["metaData"]["measure"] == "nps"
        ]
        months = Report.formatted_read_group(
            Domain(chart["searchParams"]["domain"]),
            chart["metaData"]["groupBy"],
            ["nps:avg"],
        )
        self.assertEqual(
            [(g["date:month"][1], g["nps:avg"]) for g in months],
            [("June 2026", 0.0), ("July 2026", 100.0)],
        )

    def test_filters_match_the_report_fields(self):
        data = load_dashboard_json(DASHBOARD)
        filters = {f["label"]: f["id"] for f in data["globalFilters"]}
        for pivot in data["pivots"].values():
            matching = pivot["fieldMatching"]
            self.assertEqual(matching[filters["Tier"]]["chain"], "tier_id")
            self.assertEqual(
                matching[filters["Account Manager"]]["chain"], "manager_id"
            )
            self.assertEqual(matching[filters["Period"]]["chain"], "date")
