from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_rhythm import KamRhythmCommon

TODAY = "2026-06-30"


@tagged("post_install", "-at_install")
class TestHealthScore(KamRhythmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ICP = cls.env["ir.config_parameter"].sudo()
        # The signals of other modules (complaints, points, sales) weigh
        # nothing here: the expected scores are computed by hand from contact
        # recency (40), overdue activities (10) and satisfaction (20).
        for name, value in {
            "health_weight_recency": 40,
            "health_weight_activities": 10,
            "health_weight_satisfaction": 20,
            "health_weight_complaints": 0,
            "health_weight_sla": 0,
            "health_weight_points": 0,
            "health_weight_purchase_recency": 0,
            "health_weight_purchase_trend": 0,
            "risk_high_below": 40,
            "risk_medium_below": 70,
            "lifecycle_new_months": 6,
            "lifecycle_mature_months": 24,
            "lifecycle_dormant_months": 6,
            "lifecycle_lost_months": 12,
        }.items():
            ICP.set_param(f"key_account_mgmt.{name}", value)
        mk = cls._make_account
        # Healthy: strategic (30 days), contacted 10 days ago, 3 years old.
        cls.healthy = mk("Healthy", cls.tier_strategic, cls.kam_user, "2023-01-01")
        # Slipping: key tier (60 days), contacted 151 days ago, 2 overdue
        # activities, a dissatisfied rating; 7 months as key account.
        cls.slipping = mk("Slipping", cls.tier_key, cls.kam_user, "2025-12-01")
        cls.slipping_contact = cls.env["res.partner"].create(
            {"name": "Li Na", "parent_id": cls.slipping.id}
        )
        # Lost: nothing for 18 months.
        cls.lost = mk("Lost", cls.tier_standard, cls.kam_user2, "2020-01-01")
        # Dormant: nothing for 227 days.
        cls.dormant = mk("Dormant", cls.tier_standard, cls.kam_user2, "2020-01-01")
        # New: key account for two months, no contact yet.
        cls.new = mk("New", cls.tier_strategic, cls.kam_user, "2026-05-01")
        cls.accounts = cls.healthy | cls.slipping | cls.lost | cls.dormant | cls.new
        Interaction = cls.env["kam.interaction"]
        for account, date in [
            (cls.healthy, "2026-06-20"),
            (cls.slipping, "2026-01-30"),
            (cls.lost, "2025-01-01"),
            (cls.dormant, "2025-11-15"),
        ]:
            Interaction.create(
                {"partner_id": account.id, "date": date, "summary": "Call"}
            )
        for _i in range(2):
            cls.slipping.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_todo",
                date_deadline="2026-06-01",
                user_id=cls.kam_user.id,
            )
        with freeze_time("2026-03-01"):
            cls.rating = cls.env["rating.rating"].create(
                {
                    "res_model_id": cls.env["ir.model"]._get_id("res.partner"),
                    "res_id": cls.slipping.id,
                    "partner_id": cls.slipping_contact.id,
                    "rating": 1,
                    "consumed": True,
                }
            )

    def _recompute(self, date=TODAY):
        with freeze_time(date):
            self.Partner._cron_kam_recompute_scores()

    def _components(self, partner):
        return {c["key"]: c for c in partner.kam_health_components["signals"]}

    def test_scores_and_stages(self):
        self._recompute()
        expected = {
            # (40*100 + 10*100) / 50
            self.healthy: (100, "low", "mature"),
            # recency round(100 * (180 - 151) / 120) = 24, activities 60,
            # satisfaction 0: (40*24 + 10*60 + 20*0) / 70 = 22.3
            self.slipping: (22, "high", "growing"),
            # 545 days > 3 x 90: recency 0; (0 + 10*100) / 50
            self.lost: (20, "high", "lost"),
            # 227 days: recency round(100 * (270 - 227) / 180) = 24
            # (40*24 + 10*100) / 50 = 39.2
            self.dormant: (39, "high", "dormant"),
            # 60 days without contact, interval 30: recency 50
            # (40*50 + 10*100) / 50
            self.new: (60, "medium", "new"),
        }
        for account, (score, risk, stage) in expected.items():
            with self.subTest(account=account.name):
                self.assertEqual(account.kam_health_score, score)
                self.assertEqual(account.kam_churn_risk, risk)
                self.assertEqual(account.kam_lifecycle_stage, stage)
                self.assertEqual(str(account.kam_health_date), TODAY)
        # The partner shows why: every component with its score and weight.
        components = self._components(self.slipping)
        self.assertEqual(components["recency"]["score"], 24)
        self.assertEqual(components["recency"]["values"]["days"], 151)
        self.assertEqual(components["recency"]["values"]["interval"], 60)
        self.assertEqual(components["activities"]["values"]["overdue"], 2)
        self.assertEqual(components["satisfaction"]["values"]["average"], 1.0)
        self.assertNotIn("satisfaction", self._components(self.healthy))
        details = self.slipping.with_user(self.kam_user).kam_health_details
        self.assertIn("Contact recency", details)
        self.assertIn("Last interaction 151 days ago", details)
        self.assertIn("Average rating 1.0 out of 5", details)
        # Contacts carry no score of their own.
        self.assertFalse(self.slipping_contact.kam_health_score)

    def test_absent_modules_contribute_nothing(self):
        self._recompute()
        keys = set(self._components(self.healthy))
        if "kam.complaint" not in self.env:
            self.assertFalse(keys & {"complaints", "sla"})
        if "kam.points.line" not in self.env:
            self.assertNotIn("points", keys)
        self.assertLessEqual({"recency", "activities"}, keys)

    def test_weights_from_settings(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.health_weight_activities", 0
        )
        self._recompute()
        # (40*24 + 20*0) / 60 = 16
        self.assertEqual(self.slipping.kam_health_score, 16)
        self.assertEqual(self._components(self.slipping)["activities"]["weight"], 0)

    def test_pluggable_signal(self):
        """A module adds a signal with a provider method, not a new engine."""
        Partner = type(self.Partner)
        original = Partner._kam_score_signals

        def signals(self):
            return original(self) + [
                {
                    "method": "_kam_signal_test",
                    "signals": {
                        "test": {
                            "label": "Test signal",
                            "weight_param": "health_weight_test",
                            "default_weight": 50,
                            "describe": lambda values: "test",
                        }
                    },
                }
            ]

        def provider(self, partner_ids, today):
            return {pid: {"test": {"score": 0, "values": {}}} for pid in partner_ids}

        with (
            patch.object(Partner, "_kam_score_signals", signals),
            patch.object(Partner, "_kam_signal_test", provider, create=True),
        ):
            self._recompute()
        # (40*100 + 10*100 + 50*0) / 100
        self.assertEqual(self.healthy.kam_health_score, 50)
        self.assertEqual(self._components(self.healthy)["test"]["weight"], 50)

    def test_churn_activity_once(self):
        self._recompute()
        for account in self.slipping | self.lost | self.dormant:
            activity = self._activities(account, self.churn_type)
            self.assertEqual(len(activity), 1, account.name)
            self.assertEqual(activity.user_id, account.kam_manager_id)
        self.assertFalse(self._activities(self.healthy | self.new, self.churn_type))
        activity = self._activities(self.slipping, self.churn_type)
        self.assertIn("Slipping", str(activity.note))
        self.assertIn("Contact recency", str(activity.note))
        # Still high the next day: no second activity.
        self._recompute("2026-07-01")
        self.assertEqual(len(self._activities(self.slipping, self.churn_type)), 1)
        # Done, but still high: none either (the risk did not rise again).
        activity.action_done()
        self._recompute("2026-07-02")
        self.assertFalse(self._activities(self.slipping, self.churn_type))
        # It recovers...
        self._log(self.slipping, "2026-07-03")
        self.slipping.activity_ids.action_done()
        self.rating.unlink()
        self._recompute("2026-07-03")
        self.assertEqual(self.slipping.kam_churn_risk, "low")
        # ...and slips again: a new warning.
        self._recompute("2027-01-01")
        self.assertEqual(self.slipping.kam_churn_risk, "high")
        self.assertEqual(len(self._activities(self.slipping, self.churn_type)), 1)

    def test_stage_change_tracked(self):
        Tracking = self.env["mail.tracking.value"]
        stage_domain = [
            ("field_id.name", "=", "kam_lifecycle_stage"),
            ("mail_message_id.model", "=", "res.partner"),
            ("mail_message_id.res_id", "in", self.accounts.ids),
        ]
        self._recompute()
        self.assertEqual(self.healthy.kam_lifecycle_stage, "mature")
        # The first computation is not a change: nothing logged for it.
        self.assertFalse(Tracking.search(stage_domain))
        self._recompute("2027-01-15")
        self.assertEqual(self.healthy.kam_lifecycle_stage, "dormant")
        tracking = self.env["mail.tracking.value"].search(
            [
                ("field_id.name", "=", "kam_lifecycle_stage"),
                ("mail_message_id.model", "=", "res.partner"),
                ("mail_message_id.res_id", "=", self.healthy.id),
            ]
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_char, "Mature")
        self.assertEqual(tracking.new_value_char, "Dormant")
        # New accounts without any contact fall dormant too.
        self.assertEqual(self.new.kam_lifecycle_stage, "dormant")
        # Healthy, slipping and new fell dormant, dormant got lost; lost
        # stayed lost.
        self.assertEqual(self.dormant.kam_lifecycle_stage, "lost")
        self.assertEqual(len(Tracking.search(stage_domain)), 4)

    def test_unmarked_account_loses_score(self):
        self._recompute()
        self.assertEqual(self.lost.kam_health_score, 20)
        self.lost.write({"is_key_account": False})
        self._recompute()
        self.assertFalse(self.lost.kam_health_score)
        self.assertFalse(self.lost.kam_churn_risk)
        self.assertFalse(self.lost.kam_lifecycle_stage)
        self.assertFalse(self.lost.kam_next_visit_date)

    def test_health_fields_hidden_from_employees(self):
        self._recompute()
        self.assertNotIn(
            "kam_health_score",
            self.Partner.with_user(self.employee).fields_get(),
        )
        self.assertEqual(
            self.healthy.with_user(self.kam_user).read(["kam_health_score"])[0][
                "kam_health_score"
            ],
            100,
        )

    def test_settings_validation(self):
        Settings = self.env["res.config.settings"]
        with self.assertRaises(ValidationError):
            Settings.create({"kam_risk_high_below": 80, "kam_risk_medium_below": 50})
        with self.assertRaises(ValidationError):
            Settings.create({"kam_health_weight_recency": -1})
        with self.assertRaises(ValidationError):
            Settings.create(
                {"kam_lifecycle_dormant_months": 12, "kam_lifecycle_lost_months": 6}
            )
        Settings.create({"kam_risk_high_below": 30}).execute()
        self.assertEqual(self.Partner._kam_get_param("risk_high_below"), 30)

    def test_weight_saved_as_zero_sticks(self):
        """Odoo drops a numeric parameter saved as 0; ours must stay 0."""
        self.env["res.config.settings"].create(
            {"kam_health_weight_activities": 0}
        ).execute()
        self.assertEqual(self.Partner._kam_get_param("health_weight_activities"), 0)
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.kam_health_weight_activities, 0)
        self._recompute()
        self.assertEqual(self._components(self.slipping)["activities"]["weight"], 0)
