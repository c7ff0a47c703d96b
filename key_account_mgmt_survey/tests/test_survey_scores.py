from freezegun import freeze_time

from odoo.tests import tagged

from .common import KamSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyScores(KamSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.health_weight_survey", "20"
        )

    def _answer_account_a(self):
        """Five answers of account A within 12 months, one before."""
        # (quality, attitude, resolution, nps)
        self._answer(self.account_contact, (1, 1, 1, 0), when="2025-05-01 10:00:00")
        for i, scores in enumerate(
            [(5, 4, 3, 10), (4, 4, 4, 9), (3, 5, 5, 9), (5, 5, 5, 7), (2, 3, 4, 2)]
        ):
            contact = self.account_contact if i % 2 else self.account_contact2
            self._answer(contact, scores, when=f"2026-0{i + 1}-10 10:00:00")
        # Another account's answers do not mix in.
        self._answer(self.other_contact, (1, 1, 1, 0), when="2026-05-10 10:00:00")

    def test_nps_and_satisfaction_hand_computed(self):
        self._answer_account_a()
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._cron_kam_recompute_scores()
        # Last 12 months: NPS 10, 9, 9, 7, 2: 3 promoters, 1 passive,
        # 1 detractor: (3 - 1) / 5 = 40. (With the answer of May 2025, 0,
        # it would be (3 - 2) / 6 = 17.)
        self.assertEqual(self.account.kam_nps, 40)
        # Dimensions: 5+4+3 + 4+4+4 + 3+5+5 + 5+5+5 + 2+3+4 = 61 over 15.
        self.assertAlmostEqual(self.account.kam_survey_satisfaction, 4.07, places=2)
        self.assertEqual(str(self.account.kam_last_survey_date), "2026-05-10")
        self.assertEqual(self.other_account.kam_nps, -100)
        self.assertEqual(self.other_account.kam_survey_satisfaction, 1.0)
        # The figures also follow each completed answer at once.
        self._answer(self.account_contact, (5, 5, 5, 10), when="2026-06-30 09:00:00")
        # 4 promoters, 1 detractor out of 6: 50.
        self.assertEqual(self.account.kam_nps, 50)
        self.assertEqual(str(self.account.kam_last_survey_date), "2026-06-30")
        # A year later, the answers are too old.
        with freeze_time("2027-07-01"):
            self.env["res.partner"]._cron_kam_recompute_scores()
        self.assertFalse(self.account.kam_nps)
        self.assertFalse(self.account.kam_survey_satisfaction)
        self.assertEqual(str(self.account.kam_last_survey_date), "2026-06-30")

    def test_dimension_averages_in_report(self):
        self._answer_account_a()
        Report = self.env["kam.survey.report"]
        domain = [("account_id", "=", self.account.id), ("date", ">=", "2026-01-01")]
        averages = dict(
            Report._read_group(
                domain + [("nps_category", "=", False)],
                groupby=["dimension"],
                aggregates=["score:avg"],
            )
        )
        self.assertAlmostEqual(averages["product_quality"], 19 / 5)
        self.assertAlmostEqual(averages["service_attitude"], 21 / 5)
        self.assertAlmostEqual(averages["resolution_efficiency"], 21 / 5)
        [(nps,)] = Report._read_group(domain, aggregates=["nps:avg"])
        self.assertAlmostEqual(nps, 40)
        categories = dict(
            Report._read_group(
                domain + [("nps_category", "!=", False)],
                groupby=["nps_category"],
                aggregates=["__count"],
            )
        )
        self.assertEqual(categories, {"promoter": 3, "passive": 1, "detractor": 1})
        # By tier and manager, as the pivot shows it.
        [(tier, manager, by_tier_nps)] = Report._read_group(
            domain, groupby=["tier_id", "manager_id"], aggregates=["nps:avg"]
        )
        self.assertEqual((tier, manager), (self.tier_strategic, self.kam_user))
        self.assertAlmostEqual(by_tier_nps, 40)
        # A 0-10 dimension question is brought to 1-5: 10 is 5, 5 is 3.
        question = self.env["survey.question"].create(
            {
                "survey_id": self.survey.id,
                "title": "Rate our delivery times",
                "question_type": "scale",
                "scale_min": 0,
                "scale_max": 10,
                "kam_dimension": "other",
            }
        )
        with freeze_time("2026-06-20 10:00:00"):
            answer = self.survey._create_answer(
                partner=self.account_contact, check_attempts=False
            )
            answer._save_lines(question, "5")
            answer._mark_done()
        row = Report.search([("user_input_id", "=", answer.id)])
        self.assertEqual(row.dimension, "other")
        self.assertAlmostEqual(row.score, 3.0)

    def test_health_component_explains_itself(self):
        self._answer_account_a()
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._kam_recompute_health(self.account)
        signals = {
            signal["key"]: signal
            for signal in self.account.kam_health_components["signals"]
        }
        survey = signals["survey"]
        # NPS 40 scores (40 + 100) / 2 = 70; satisfaction 61/15 scores
        # (61/15 - 1) * 25 = 76.67; the signal is their average, 73.
        self.assertEqual(survey["score"], 73)
        self.assertEqual(survey["weight"], 20)
        self.assertEqual(survey["values"]["nps"], 40)
        self.assertEqual(survey["values"]["nps_count"], 5)
        self.assertEqual(survey["values"]["count"], 15)
        self.assertEqual(survey["values"]["last_activity"], "2026-05-10")
        details = self.account.with_context(lang="en_US").kam_health_details
        self.assertIn("Survey", details)
        self.assertIn("NPS 40 from 5 answers", details)
        self.assertIn("satisfaction 4.1 out of 5 from 15 ratings", details)
        # Its weight is a setting: 0 ignores it.
        settings = self.env["res.config.settings"].create(
            {"kam_health_weight_survey": 0}
        )
        settings.execute()
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._kam_recompute_health(self.account)
        signals = {
            signal["key"]: signal
            for signal in self.account.kam_health_components["signals"]
        }
        self.assertEqual(signals["survey"]["weight"], 0)
        self.assertEqual(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("key_account_mgmt.health_weight_survey"),
            "0",
        )

    def test_scores_batch_adds_one_query(self):
        accounts = self.account | self.other_account
        self._answer_account_a()
        self.env.flush_all()
        Partner = self.env["res.partner"]
        with freeze_time("2026-06-30"):
            today = self.env.cr.now().date()
            Partner._kam_refresh_survey_scores(accounts.ids, today)
            with self.assertQueryCount(1):
                figures = Partner._kam_refresh_survey_scores(accounts.ids, today)
            with self.assertQueryCount(1):
                Partner._kam_signal_survey(accounts.ids, today)
        self.assertEqual(figures[self.account.id]["nps"], 40)
        self.assertEqual(figures[self.other_account.id]["nps_count"], 1)
