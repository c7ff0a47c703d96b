import polib
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools.misc import file_path

from .common_analysis import TODAY, KamAnalysisCommon


@tagged("post_install", "-at_install")
class TestChurnReasons(KamAnalysisCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        mk = cls._make_account
        # Active: contacted 10 days ago.
        cls.active_account = mk("Active", cls.tier_key, cls.kam_user, "2023-01-01")
        # Silent for 18 months: the job finds it lost.
        cls.silent = mk("Silent", cls.tier_standard, cls.kam_user, "2020-01-01")
        cls.Interaction.create(
            [
                {
                    "partner_id": cls.active_account.id,
                    "date": "2026-06-20",
                    "summary": "Call",
                },
                {"partner_id": cls.silent.id, "date": "2025-01-01", "summary": "Call"},
            ]
        )

    def _run_job(self, day=TODAY):
        with freeze_time(day):
            self.Partner._cron_kam_recompute_scores()

    def _mark_lost(self, user, accounts, reason, note=False):
        wizard = Form(
            self.env["kam.lost.wizard"]
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=accounts.ids)
        )
        wizard.churn_reason_id = reason
        if note:
            wizard.note = note
        return wizard.save().action_confirm()

    def test_shipped_reasons(self):
        names = self.env["kam.churn.reason"].search([]).mapped("name")
        for name in (
            "Price",
            "Quality",
            "Service",
            "Competitor",
            "Needs Changed",
            "Company Closed",
            "Other",
        ):
            self.assertIn(name, names)
        # Shipped in Chinese too.
        po = polib.pofile(file_path("key_account_mgmt/i18n/zh_CN.po"))
        translated = {entry.msgid: entry.msgstr for entry in po}
        self.assertEqual(translated.get("Competitor"), "竞争对手")
        self.assertEqual(translated.get("Needs Changed"), "需求变化")
        self.assertEqual(translated.get("Company Closed"), "公司倒闭")

    def test_job_lost_asks_the_manager_for_the_reason(self):
        self._run_job()
        self.assertEqual(self.silent.kam_lifecycle_stage, "lost")
        self.assertEqual(str(self.silent.kam_lost_date), TODAY)
        self.assertFalse(self.silent.kam_lost_manual)
        activity = self._activities(self.silent, self.reason_type)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.kam_user)
        self.assertFalse(self._activities(self.active_account, self.reason_type))
        # A second run neither duplicates the activity nor moves the date.
        self._run_job("2026-07-05")
        self.assertEqual(len(self._activities(self.silent, self.reason_type)), 1)
        self.assertEqual(str(self.silent.kam_lost_date), TODAY)
        # The manager records the reason: the activity is done.
        self._mark_lost(self.kam_user, self.silent, self.reason_price, "Cheaper offer")
        self.assertEqual(self.silent.kam_churn_reason_id, self.reason_price)
        self.assertEqual(self.silent.kam_churn_note, "Cheaper offer")
        self.assertFalse(self._activities(self.silent, self.reason_type))
        # Recorded for an account the job found lost: it stays job-driven.
        self.assertFalse(self.silent.kam_lost_manual)

    def test_job_lost_account_coming_back_loses_its_reason(self):
        self._run_job()
        self._mark_lost(self.kam_user, self.silent, self.reason_price)
        self._log(self.silent, "2026-07-01")
        self._run_job("2026-07-02")
        self.assertNotEqual(self.silent.kam_lifecycle_stage, "lost")
        self.assertFalse(self.silent.kam_churn_reason_id)
        self.assertFalse(self.silent.kam_lost_date)

    def test_mark_lost_by_hand_requires_a_reason(self):
        with self.assertRaises(UserError):
            self.active_account.with_user(self.kam_user)._kam_mark_lost(
                self.env["kam.churn.reason"]
            )
        self.assertNotEqual(self.active_account.kam_lifecycle_stage, "lost")
        wizard = Form(
            self.env["kam.lost.wizard"]
            .with_user(self.kam_user)
            .with_context(
                active_model="res.partner", active_ids=self.active_account.ids
            )
        )
        with self.assertRaises(AssertionError):
            wizard.save()  # the reason is required

    def test_mark_lost_by_hand_holds_until_reactivated(self):
        self._run_job()
        action = self.active_account.with_user(self.kam_user).action_kam_mark_lost()
        self.assertEqual(action["res_model"], "kam.lost.wizard")
        self._mark_lost(self.kam_user, self.active_account, self.reason_competitor)
        account = self.active_account
        self.assertEqual(account.kam_lifecycle_stage, "lost")
        self.assertTrue(account.kam_lost_manual)
        self.assertEqual(account.kam_churn_reason_id, self.reason_competitor)
        # No activity: the reason was given.
        self.assertFalse(self._activities(account, self.reason_type))
        # Recent contacts do not bring it back while it is held.
        self._log(account, "2026-07-01")
        self._run_job("2026-07-02")
        self.assertEqual(account.kam_lifecycle_stage, "lost")
        self.assertEqual(account.kam_churn_reason_id, self.reason_competitor)
        # Reactivated: the job's stage again, the reason cleared.
        with freeze_time("2026-07-02"):
            account.with_user(self.kam_user).action_kam_reactivate()
        self.assertFalse(account.kam_lost_manual)
        self.assertEqual(account.kam_lifecycle_stage, "mature")
        self.assertFalse(account.kam_churn_reason_id)

    def test_only_the_accounts_managers_mark_lost(self):
        with self.assertRaises(AccessError):
            self._mark_lost(self.kam_user2, self.active_account, self.reason_price)
        with self.assertRaises(AccessError):
            self.active_account.with_user(self.kam_user2).action_kam_mark_lost()
        self.assertNotEqual(self.active_account.kam_lifecycle_stage, "lost")
        # A key-account manager may mark any account.
        self._mark_lost(self.kam_manager, self.active_account, self.reason_price)
        self.assertEqual(self.active_account.kam_lifecycle_stage, "lost")

    def test_churn_fields_are_not_written_directly(self):
        with self.assertRaises(AccessError):
            self.active_account.with_user(self.kam_manager).write(
                {"kam_lost_manual": True}
            )
        with self.assertRaises(AccessError):
            self.active_account.with_user(self.kam_user).write(
                {"kam_lost_date": "2026-01-01"}
            )
        with self.assertRaises(AccessError):
            self.active_account.with_user(self.kam_user2).write(
                {"kam_churn_reason_id": self.reason_price.id}
            )
        with self.assertRaises(AccessError):
            self.active_account.with_user(self.employee).write(
                {"kam_churn_reason_id": self.reason_price.id}
            )
        # Other users do not read the reasons of lost accounts either.
        with self.assertRaises(AccessError):
            self.active_account.with_user(self.employee).read(["kam_churn_reason_id"])
        # Only key-account managers configure the reasons.
        with self.assertRaises(AccessError):
            self.env["kam.churn.reason"].with_user(self.kam_user).create(
                {"name": "Moved abroad"}
            )
        reason = (
            self.env["kam.churn.reason"]
            .with_user(self.kam_manager)
            .create({"name": "Moved abroad"})
        )
        self.assertEqual(reason.account_count, 0)

    def test_only_key_accounts_are_marked_lost(self):
        with self.assertRaises(UserError):
            self.plain_partner.with_user(self.kam_manager)._kam_mark_lost(
                self.reason_price
            )

    def test_unmarked_account_is_no_longer_held_lost(self):
        self._mark_lost(self.kam_manager, self.active_account, self.reason_price)
        self.active_account.with_user(self.kam_manager).is_key_account = False
        self._run_job()
        self.assertFalse(self.active_account.kam_lost_manual)
        self.assertFalse(self.active_account.kam_lost_date)
        self.assertEqual(self.active_account.kam_churn_reason_id, self.reason_price)
