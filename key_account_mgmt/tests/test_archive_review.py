from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestArchiveReview(KamCommon):
    def _reviews(self, account):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", account.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "key_account_mgmt.mail_activity_type_kam_archive_review"
                    ).id,
                ),
            ]
        )

    def test_completeness(self):
        """The completeness counts the filled items of the archive."""
        account = self.account
        self.assertEqual(account.kam_archive_completeness, 17)  # contact email
        self.assertIn("industry", account.kam_archive_missing)
        account.with_user(self.kam_user).write(
            {
                "industry_id": self.env["res.partner.industry"]
                .create({"name": "Robotics"})
                .id,
                "kam_employee_count": 120,
                "kam_needs": "<p>Robots</p>",
                "kam_preferences": "<p>Mornings</p>",
            }
        )
        self.assertEqual(account.kam_size, "small")
        self.assertEqual(account.kam_archive_completeness, 83)
        self.account_contact.with_user(self.kam_user).kam_birthday = "1980-01-02"
        self.assertEqual(account.kam_archive_completeness, 100)
        self.assertFalse(account.kam_archive_missing)
        self.env["res.partner"].create(
            {"name": "No Contact Data", "parent_id": account.id}
        )
        self.assertEqual(account.kam_archive_completeness, 83)
        incomplete = self.env["res.partner"].search(
            [("kam_archive_completeness", "<", 100), ("is_key_account", "=", True)]
        )
        self.assertIn(account, incomplete)
        self.assertEqual(self.plain_partner.kam_archive_completeness, 0)

    def test_review_scheduled_once_when_due(self):
        """A Review Archive activity is scheduled once when the review is
        due; confirming records who and when, closes it, and restarts the
        interval."""
        Partner = self.env["res.partner"]
        with freeze_time("2026-01-10"):
            account = Partner.create(
                {
                    "name": "Review Me Ltd",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": self.tier_key.id,
                    "kam_manager_id": self.kam_user.id,
                }
            )
        self.assertEqual(str(account.kam_archive_review_date), "2026-04-10")
        with freeze_time("2026-04-09"):
            Partner._cron_kam_archive_review()
        self.assertFalse(self._reviews(account))
        with freeze_time("2026-04-10"):
            Partner._cron_kam_archive_review()
            Partner._cron_kam_archive_review()
        review = self._reviews(account)
        self.assertEqual(len(review), 1)
        self.assertEqual(review.user_id, self.kam_user)
        # done without confirming: not scheduled again for the same review
        review.action_done()
        with freeze_time("2026-04-20"):
            Partner._cron_kam_archive_review()
        self.assertFalse(self._reviews(account))

        with self.assertRaises(AccessError):
            account.with_user(self.kam_user2).action_kam_confirm_archive()
        with freeze_time("2026-04-21"):
            account.with_user(self.kam_user).action_kam_confirm_archive()
        self.assertEqual(str(account.kam_archive_confirmed_date), "2026-04-21")
        self.assertEqual(account.kam_archive_confirmed_by_id, self.kam_user)
        self.assertEqual(str(account.kam_archive_review_date), "2026-07-21")
        with freeze_time("2026-07-21"):
            Partner._cron_kam_archive_review()
        self.assertEqual(len(self._reviews(account)), 1)
        with freeze_time("2026-07-22"):
            account.with_user(self.kam_user).action_kam_confirm_archive()
        self.assertFalse(self._reviews(account))

    def test_review_interval_setting(self):
        """The interval comes from the settings; changing it moves the dates."""
        self.assertEqual(
            self.account.kam_archive_review_date,
            self.account.kam_since + relativedelta(months=3),
        )
        settings = self.env["res.config.settings"].create(
            {"kam_archive_review_months": 6}
        )
        settings.execute()
        self.assertEqual(
            self.account.kam_archive_review_date,
            self.account.kam_since + relativedelta(months=6),
        )

    def test_confirmation_written_by_the_button_only(self):
        """Who confirmed the archive and when cannot be written by a client,
        not even through context defaults; grades of an account are changed
        by its managers only."""
        # Grades by hand (with the Sales bridge, grading is by revenue by default).
        self.env["ir.config_parameter"].set_param(
            "key_account_mgmt.value_grade_source", "manual"
        )
        account = self.account.with_user(self.kam_user)
        with self.assertRaises(AccessError):
            account.write({"kam_archive_confirmed_date": "2020-01-01"})
        with self.assertRaises(AccessError):
            account.write({"kam_archive_confirmed_by_id": self.kam_user2.id})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.kam_user).with_context(
                default_kam_archive_confirmed_date="2020-01-01"
            ).create({"name": "Backdated"})
        with self.assertRaises(AccessError):
            self.account.with_user(self.kam_user2).kam_value_grade = "A"
        with self.assertRaises(AccessError):
            self.account.with_user(self.kam_user2).kam_employee_count = 10
        self.account.with_user(self.kam_user).kam_value_grade = "B"
        prospect = (
            self.env["res.partner"]
            .with_user(self.kam_user2)
            .create({"name": "Prospect Ltd", "is_company": True})
        )
        prospect.kam_value_grade = "C"
        self.assertEqual(prospect.kam_value_grade, "C")
