from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_analysis import TODAY, KamAnalysisCommon
from .common_complaint import KamComplaintCommon

# The actions of the analyses and of the churn reasons.
KAM_ANALYSIS_ACTIONS = [
    "key_account_mgmt.kam_value_report_action",
    "key_account_mgmt.kam_behaviour_report_action",
    "key_account_mgmt.kam_satisfaction_report_action",
    "key_account_mgmt.kam_health_snapshot_action",
    "key_account_mgmt.kam_churn_reason_action",
]


@tagged("post_install", "-at_install")
class TestAnalyses(KamComplaintCommon, KamAnalysisCommon):
    """The four analyses on a small, hand-computed population (today is
    2026-06-30; "12 months" starts after 2025-06-30)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.tier_strategic | cls.tier_key | cls.tier_standard).write(
            {"points_multiplier": 1.0}
        )
        cls.tier_standard.revisit_interval_days = 90
        (cls.account | cls.other_account).write({"kam_since": "2023-01-01"})
        cls.quiet = cls._make_account(
            "Quiet", cls.tier_standard, cls.kam_user, "2024-01-01"
        )
        cls.accounts = cls.account | cls.other_account | cls.quiet
        with freeze_time(TODAY):
            for account, date, channel in [
                (cls.account, "2026-06-20", "phone"),
                (cls.account, "2026-05-01", "wechat"),
                (cls.account, "2025-03-01", "visit"),  # before the 12 months
                (cls.other_account, "2026-06-29", "email"),
                (cls.quiet, "2026-01-01", "meeting"),
            ]:
                cls.Interaction.create(
                    {
                        "partner_id": account.id,
                        "date": date,
                        "channel": channel,
                        "summary": "Contact",
                    }
                )
        for day, account, points in [
            ("2025-05-01", cls.account, 50),  # before the 12 months
            ("2026-03-01", cls.account, 100),
            ("2026-06-01", cls.other_account, 200),
        ]:
            with freeze_time(day):
                account.kam_earn_points(points, f"Order of {day}")
        with freeze_time("2026-04-01"):
            cls.account.kam_redeem_points(30, "Gift")
        cls.quality = cls.category
        cls.delivery = cls.env["kam.complaint.category"].create({"name": "Delivery"})
        complaints = [
            (cls.account, cls.quality, "met", 5),
            (cls.account, cls.quality, "breached", 2),
            (cls.account, cls.delivery, "on_track", 0),
            (cls.other_account, cls.delivery, "met", 4),
        ]
        cls.complaints = cls.Complaint.browse()
        for account, category, status, rating in complaints:
            complaint = cls.Complaint.create(
                {
                    "subject": "Issue",
                    "partner_id": account.id,
                    "category_id": category.id,
                    "date_received": "2026-06-10 10:00:00",
                }
            )
            cls.complaints |= complaint
            cls.env.flush_all()
            # The SLA status and the rating as the workflow leaves them.
            cls.env.cr.execute(
                "UPDATE kam_complaint SET sla_status = %s, rating_last_value = %s "
                "WHERE id = %s",
                (status, rating, complaint.id),
            )
        cancelled = cls.Complaint.create(
            {"subject": "Mistake", "partner_id": cls.other_account.id}
        )
        cancelled.action_cancel()
        cls.env.invalidate_all()

    def _groups(self, model, groupby, aggregates, domain=None):
        with freeze_time(TODAY):
            Report = self.env[model].with_user(self.kam_manager)
            return Report._read_group(
                (domain or []) + [("partner_id", "in", self.accounts.ids)],
                groupby,
                aggregates,
            )

    def test_value(self):
        rows = self._groups(
            "kam.value.report",
            ["partner_id"],
            ["points_earned_12m:sum", "points_redeemed_12m:sum", "points_balance:sum"],
        )
        figures = {partner: values for partner, *values in rows}
        self.assertEqual(figures[self.account], [100, 30, 120])
        self.assertEqual(figures[self.other_account], [200, 0, 200])
        self.assertEqual(figures[self.quiet], [0, 0, 0])
        by_manager = dict(
            self._groups("kam.value.report", ["manager_id"], ["account_count:sum"])
        )
        self.assertEqual(by_manager, {self.kam_user: 2, self.kam_user2: 1})

    def test_behaviour(self):
        rows = self._groups(
            "kam.behaviour.report",
            ["partner_id"],
            [
                "interaction_count:sum",
                "phone_count:sum",
                "wechat_count:sum",
                "visit_count:sum",
                "email_count:sum",
                "meeting_count:sum",
                "days_since_contact:avg",
                "revisit_overdue_count:sum",
                "complaint_count:sum",
            ],
        )
        figures = {partner: values for partner, *values in rows}
        self.assertEqual(figures[self.account], [2, 1, 1, 0, 0, 0, 10, 0, 3])
        # The cancelled complaint does not count.
        self.assertEqual(figures[self.other_account], [1, 0, 0, 0, 1, 0, 1, 0, 1])
        # Quiet: 180 days without contact, revisit due on 2026-04-01.
        self.assertEqual(figures[self.quiet], [1, 0, 0, 0, 0, 1, 180, 1, 0])
        by_manager = {
            manager: values
            for manager, *values in self._groups(
                "kam.behaviour.report",
                ["manager_id"],
                [
                    "days_since_contact:avg",
                    "revisit_on_plan_count:sum",
                    "revisit_overdue_count:sum",
                    "complaint_rate:avg",
                ],
            )
        }
        # Complaints per account: (3 + 0) / 2 and 1 / 1.
        self.assertEqual(by_manager[self.kam_user], [95, 1, 1, 1.5])
        self.assertEqual(by_manager[self.kam_user2], [1, 1, 0, 1])

    def test_satisfaction(self):
        (total,) = self._groups(
            "kam.satisfaction.report",
            [],
            [
                "complaint_count:sum",
                "sla_met_count:sum",
                "sla_breached_count:sum",
                "sla_met_rate:avg",
                "rating:avg",
                "rated_count:sum",
            ],
        )
        count, met, breached, met_rate, rating, rated = total
        self.assertEqual((count, met, breached, rated), (4, 2, 1, 3))
        self.assertAlmostEqual(met_rate, 200 / 3, places=2)
        self.assertAlmostEqual(rating, 11 / 3, places=2)
        by_tier = dict(
            self._groups(
                "kam.satisfaction.report", ["tier_id"], ["complaint_count:sum"]
            )
        )
        self.assertEqual(by_tier[self.tier_strategic], 3)
        self.assertEqual(by_tier[self.tier_key], 1)
        by_category = {
            category: values
            for category, *values in self._groups(
                "kam.satisfaction.report",
                ["category_id"],
                ["sla_met_count:sum", "sla_breached_count:sum"],
            )
        }
        self.assertEqual(by_category[self.quality], [1, 1])
        self.assertEqual(by_category[self.delivery], [1, 0])

    def test_churn(self):
        for day in ("2026-05-31", TODAY):
            with freeze_time(day):
                self.Partner._cron_kam_recompute_scores()
        rows = self._groups(
            "kam.health.snapshot",
            ["month:month", "lifecycle_stage"],
            ["account_count:sum"],
        )
        figures = {(str(month), stage): count for month, stage, count in rows}
        # Quiet was contacted on 2026-01-01: mature in May, still mature in
        # June (dormant after 6 months, from July on).
        self.assertEqual(figures[("2026-05-01", "mature")], 3)
        self.assertEqual(figures[("2026-06-01", "mature")], 3)

    def test_users_do_not_read_the_analyses(self):
        for model in (
            "kam.value.report",
            "kam.behaviour.report",
            "kam.satisfaction.report",
            "kam.health.snapshot",
        ):
            for user in (self.kam_user, self.employee):
                with self.assertRaises(AccessError):
                    self.env[model].with_user(user).search([])

    def test_views_load_and_group(self):
        """Every new action's views load for a key-account manager (who has
        the menus) and its default grouped read runs."""
        for xmlid in KAM_ANALYSIS_ACTIONS:
            action = self.env.ref(xmlid)
            Model = self.env[action.res_model].with_user(self.kam_manager)
            modes = action.view_mode.split(",")
            views = Model.get_views(
                [(False, mode) for mode in modes]
                + [(action.search_view_id.id, "search")]
            )
            for mode in modes:
                self.assertIn(mode, views["views"])
            if "pivot" in modes:
                arch = etree.fromstring(views["views"]["pivot"]["arch"])
                groupby = [
                    node.get("name")
                    + (f":{node.get('interval')}" if node.get("interval") else "")
                    for node in arch.iter("field")
                    if node.get("type") in ("row", "col")
                ]
                measures = [
                    node.get("name")
                    for node in arch.iter("field")
                    if node.get("type") == "measure"
                ]
                fields = Model.fields_get(measures, ["aggregator"])
                Model.formatted_read_group(
                    [],
                    groupby,
                    [f"{m}:{fields[m]['aggregator']}" for m in measures],
                )
            Model.web_search_read([], {"display_name": {}}, limit=80)
        menus = self.env["ir.ui.menu"].with_user(self.kam_manager)._visible_menu_ids()
        for menu in (
            "kam_value_report_menu",
            "kam_behaviour_report_menu",
            "kam_satisfaction_report_menu",
            "kam_health_snapshot_menu",
            "kam_churn_reason_menu",
        ):
            self.assertIn(self.env.ref(f"key_account_mgmt.{menu}").id, menus)
        user_menus = self.env["ir.ui.menu"].with_user(self.kam_user)._visible_menu_ids()
        self.assertNotIn(
            self.env.ref("key_account_mgmt.kam_value_report_menu").id, user_menus
        )
