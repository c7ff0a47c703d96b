from freezegun import freeze_time

from odoo.tests import tagged

from .common_rhythm import KamRhythmCommon


@tagged("post_install", "-at_install")
class TestRevisitPlan(KamRhythmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.revisit_lead_days", 7
        )

    def test_revisit_scheduled_once_per_interval(self):
        # Strategic tier: every 30 days; last interaction on 1 March.
        self._log(self.account, "2026-03-01")
        self.assertEqual(str(self.account.kam_next_visit_date), "2026-03-31")
        with freeze_time("2026-03-20"):
            self.Partner._cron_kam_revisit_plan()
        self.assertFalse(self._activities(self.account, self.revisit_type))

        with freeze_time("2026-03-24"):
            self.Partner._cron_kam_revisit_plan()
            self.Partner._cron_kam_revisit_plan()
        activity = self._activities(self.account, self.revisit_type)
        self.assertEqual(len(activity), 1, "one revisit, never a duplicate")
        self.assertEqual(activity.user_id, self.kam_user)
        self.assertEqual(str(activity.date_deadline), "2026-03-31")

        # Still one while it is open, also once overdue.
        with freeze_time("2026-04-05"):
            self.Partner._cron_kam_revisit_plan()
            self.assertEqual(len(self._activities(self.account, self.revisit_type)), 1)
            self.assertIn(
                self.account,
                self.Partner.search([("kam_revisit_overdue", "=", True)]),
            )
            # The manager visits: the activity is done, logs a visit and
            # moves the next revisit 30 days on.
            activity.with_user(self.kam_user).action_feedback(feedback="Visited")
        self.assertFalse(self._activities(self.account, self.revisit_type))
        visit = self.Interaction.search(
            [("partner_id", "=", self.account.id), ("channel", "=", "visit")]
        )
        self.assertEqual(str(visit.date), "2026-04-05")
        self.assertEqual(str(self.account.kam_next_visit_date), "2026-05-05")
        with freeze_time("2026-04-06"):
            self.Partner._cron_kam_revisit_plan()
            self.assertNotIn(
                self.account,
                self.Partner.search([("kam_revisit_overdue", "=", True)]),
            )
        self.assertFalse(self._activities(self.account, self.revisit_type))
        # The next one comes with the next interval.
        with freeze_time("2026-04-28"):
            self.Partner._cron_kam_revisit_plan()
        activity = self._activities(self.account, self.revisit_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(str(activity.date_deadline), "2026-05-05")

    def test_interval_per_tier(self):
        # Key tier: 60 days; Standard tier: 90 days.
        standard = self._make_account(
            "Standard Account", self.tier_standard, self.kam_user2, "2025-01-01"
        )
        self._log(self.other_account, "2026-01-01")
        self._log(standard, "2026-01-01")
        with freeze_time("2026-02-25"):
            self.Partner._cron_kam_revisit_plan()
        self.assertEqual(
            str(self._activities(self.other_account, self.revisit_type).date_deadline),
            "2026-03-02",
        )
        self.assertFalse(self._activities(standard, self.revisit_type))
        with freeze_time("2026-03-25"):
            self.Partner._cron_kam_revisit_plan()
        activity = self._activities(standard, self.revisit_type)
        self.assertEqual(str(activity.date_deadline), "2026-04-01")
        self.assertEqual(activity.user_id, self.kam_user2)

    def test_no_revisit_without_interval_or_key_account(self):
        self.tier_strategic.revisit_interval_days = 0
        self._log(self.account, "2025-01-01")
        self.account_contact.kam_birthday = "1980-01-01"
        with freeze_time("2026-03-01"):
            self.Partner._cron_kam_revisit_plan()
        self.assertFalse(self._activities(self.account, self.revisit_type))
        self.assertFalse(self._activities(self.account_contact, self.revisit_type))
        self.assertFalse(self._activities(self.plain_partner, self.revisit_type))

    def test_overdue_revisits_per_manager(self):
        self._log(self.account, "2026-01-01")  # due 2026-01-31
        self._log(self.other_account, "2026-01-01")  # due 2026-03-02
        with freeze_time("2026-02-15"):
            groups = self.Partner.with_user(self.kam_manager)._read_group(
                list(self.Partner._kam_account_domain())
                + [("kam_revisit_overdue", "=", True)],
                groupby=["kam_manager_id"],
                aggregates=["__count"],
            )
        self.assertEqual(dict(groups).get(self.kam_user), 1)
        self.assertNotIn(self.kam_user2, dict(groups))

    def test_revisit_written_for_the_manager(self):
        """The Revisit shows its (translated) type and its note is written in
        the language of the account manager, not of the job."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.tier_strategic.with_context(lang="zh_CN").name = "战略客户"
        self.kam_user.sudo().lang = "zh_CN"
        self._log(self.account, "2026-03-01")
        with freeze_time("2026-03-24"):
            self.Partner.with_context(lang="en_US")._cron_kam_revisit_plan()
        activity = self._activities(self.account, self.revisit_type)
        self.assertFalse(activity.summary)
        self.assertIn("战略客户", activity.note)
        self.assertNotIn("Strategic", activity.note)
        self.assertIn("2026", activity.note)
