from freezegun import freeze_time

from odoo.tests import tagged

from .common import KamSaleCommon

TODAY = "2026-06-30"


@tagged("post_install", "-at_install")
class TestSaleAnalyses(KamSaleCommon):
    """Revenue, grade, share and purchases in the value and behaviour
    analyses, on a company of its own (hand-computed figures)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.analysis_company = cls.env["res.company"].create(
            {"name": "Analysis Co", "currency_id": cls.currency.id}
        )
        cls.kam_manager.company_ids |= cls.analysis_company
        (cls.account | cls.other_account).write({"company_id": cls.analysis_company.id})
        cls.accounts = cls.account | cls.other_account
        for partner, amount, day in [
            (cls.account, 1000, "2026-05-10"),
            (cls.account, 500, "2025-03-01"),  # before the 12 months
            (cls.other_account, 2000, "2026-06-20"),
            (cls.other_account, 1000, "2026-02-01"),
        ]:
            cls._order(partner, amount, day, company_id=cls.analysis_company.id)
        with freeze_time(TODAY):
            cls.env["res.partner"]._cron_kam_recompute_scores()

    def _rows(self, model, aggregates):
        with freeze_time(TODAY):
            rows = (
                self.env[model]
                .with_user(self.kam_manager)
                .with_context(allowed_company_ids=self.analysis_company.ids)
                ._read_group(
                    [("partner_id", "in", self.accounts.ids)],
                    ["partner_id"],
                    aggregates,
                )
            )
        return {partner: values for partner, *values in rows}

    def test_value(self):
        figures = self._rows(
            "kam.value.report", ["revenue_12m:sum", "revenue_share:sum"]
        )
        self.assertEqual(figures[self.account][0], 1000)
        self.assertEqual(figures[self.other_account][0], 3000)
        self.assertAlmostEqual(figures[self.account][1], 25.0, places=2)
        self.assertAlmostEqual(figures[self.other_account][1], 75.0, places=2)
        report = (
            self.env["kam.value.report"]
            .with_user(self.kam_manager)
            .with_context(allowed_company_ids=self.analysis_company.ids)
            .search([("partner_id", "=", self.other_account.id)])
        )
        self.assertEqual(report.currency_id, self.analysis_company.currency_id)
        self.assertEqual(report.value_grade, self.other_account.kam_value_grade)
        self.assertTrue(report.value_grade)

    def test_behaviour(self):
        figures = self._rows(
            "kam.behaviour.report", ["order_count_12m:sum", "days_since_order:avg"]
        )
        self.assertEqual(figures[self.account], [1, 51])
        self.assertEqual(figures[self.other_account], [2, 10])

    def test_views_load_and_group(self):
        for xmlid in (
            "key_account_mgmt.kam_value_report_action",
            "key_account_mgmt.kam_behaviour_report_action",
        ):
            action = self.env.ref(xmlid)
            Model = self.env[action.res_model].with_user(self.kam_manager)
            views = Model.get_views(
                [(False, mode) for mode in action.view_mode.split(",")]
                + [(action.search_view_id.id, "search")]
            )
            self.assertIn(
                "revenue_12m" if "value" in xmlid else "order_count_12m",
                views["views"]["pivot"]["arch"],
            )
            Model.formatted_read_group(
                [],
                ["tier_id", "value_grade"] if "value" in xmlid else ["manager_id"],
                ["revenue_12m:sum"] if "value" in xmlid else ["order_count_12m:sum"],
            )
